tb_case versions -- ./prog
tb_case old -- ./prog_old
tb_case unversioned -- ./prog_unversioned
tb_case missing_version -- ./prog_v3
tb_case missing_symbol -- ./prog_gone
# The same, looked up through startup's symbol index (forced: too few objects
# for it to pay by default; docs/06-symbols.md).
tb_case versions -- DRYAD_SYMINDEX=on ./prog
tb_case old -- DRYAD_SYMINDEX=on ./prog_old
tb_case unversioned -- DRYAD_SYMINDEX=on ./prog_unversioned
tb_case missing_symbol -- DRYAD_SYMINDEX=on ./prog_gone
