tb_case versions -- ./prog
tb_case old -- ./prog_old
tb_case unversioned -- ./prog_unversioned
tb_case missing_version -- ./prog_v3
tb_case missing_symbol -- ./prog_gone
