source "$(dirname "${BASH_SOURCE[0]}")/../support/symcheck.sh"
for l in liba.so libb.so libbs.so libxs.so libys.so; do
    tb_dynsym $l u_obj OBJECT UNIQUE
    tb_relsym $l GLOB_DAT u_obj
done
tb_dyn libbs.so FLAGS '!SYMBOLIC'
tb_relsym prog 64 u_obj
tb_relsym prog_copy COPY u_obj
tb_dynsym prog_copy u_obj OBJECT GLOBAL
tb_relsym prog_sym 64 u_obj
tb_relsym prog_order 64 u_obj
tb_case unique -- ./prog
tb_case unique -- ./prog_copy
tb_case unique_symbolic -- ./prog_sym
tb_case unique_order -- ./prog_order
# The same, looked up through startup's symbol index (forced: too few objects
# for it to pay by default; docs/06-symbols.md).
tb_case unique -- DRYAD_SYMINDEX=on ./prog
tb_case unique_order -- DRYAD_SYMINDEX=on ./prog_order
