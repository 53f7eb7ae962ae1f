tb_dyn prog DEBUG
tb_gdb_case gdb ./prog
