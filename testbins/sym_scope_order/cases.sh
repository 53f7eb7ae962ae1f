tb_case scope -- ./prog
# The same, looked up through startup's symbol index (forced: too few objects
# for it to pay by default; docs/06-symbols.md).
tb_case scope -- DRYAD_SYMINDEX=on ./prog
