tb_relocs prog COPY
tb_relocs libdata.so GLOB_DAT
tb_case copy -- ./prog
# The same, looked up through startup's symbol index (forced: too few objects
# for it to pay by default; docs/06-symbols.md).
tb_case copy -- DRYAD_SYMINDEX=on ./prog
