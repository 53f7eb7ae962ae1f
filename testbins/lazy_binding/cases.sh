tb_relocs prog JUMP_SLOT
tb_case lazy -- ./prog
tb_case lazy -- LD_BIND_NOW= ./prog
tb_case now -- LD_BIND_NOW=1 ./prog
tb_case now -- LD_BIND_NOW=0 ./prog
tb_case now -- ./prog_znow
tb_case now -- ./prog_df_1_now
tb_case now -- ./prog_df_bind_now
# The same, looked up through startup's symbol index (forced: too few objects
# for it to pay by default; docs/06-symbols.md).
tb_case now -- LD_BIND_NOW=1 DRYAD_SYMINDEX=on ./prog
