tb_relocs libpc32.so PC32
tb_case pc32 -- ./prog
