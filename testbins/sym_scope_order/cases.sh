tb_case scope -- ./prog
