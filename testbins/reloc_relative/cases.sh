tb_case relative -- ./prog
tb_case relative -- ./prog_nopie
tb_relocs librel.so RELATIVE
tb_relocs prog RELATIVE
