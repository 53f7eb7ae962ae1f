tb_relocs prog IRELATIVE
tb_relocs liba.so IRELATIVE
tb_case lazy -- ./prog
tb_case now -- LD_BIND_NOW=1 ./prog
