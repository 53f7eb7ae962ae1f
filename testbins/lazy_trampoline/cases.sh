tb_relocs prog JUMP_SLOT
tb_case trampoline -- ./prog
