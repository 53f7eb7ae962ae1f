tb_relocs librelr.so RELR
tb_relocs prog RELR
tb_case relr -- ./prog
