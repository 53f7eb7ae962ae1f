tb_case init_fini -- ./prog
tb_case init_fini_libc -- ./prog_libc
