tb_relocs prog COPY
tb_relocs libdata.so GLOB_DAT
tb_case copy -- ./prog
