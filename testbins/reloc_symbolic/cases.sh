tb_relocs liba.so 64 GLOB_DAT JUMP_SLOT
tb_relocs prog 64 JUMP_SLOT
tb_case symbolic -- ./prog
