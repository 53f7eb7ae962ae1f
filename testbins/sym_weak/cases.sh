source "$(dirname "${BASH_SOURCE[0]}")/../support/symcheck.sh"
# The definitions: weak in libw1, strong in libs2.
tb_dynsym libw1.so who_weak FUNC WEAK
tb_dynsym libw1.so wdata OBJECT WEAK
tb_dynsym libs2.so who_weak FUNC GLOBAL
tb_dynsym libs2.so wdata OBJECT GLOBAL
# libs2's own references are looked up (not bound by the linker).
tb_relsym libs2.so JUMP_SLOT who_weak
tb_relsym libs2.so GLOB_DAT wdata
tb_relsym prog 64 wdata
tb_relsym prog JUMP_SLOT who_weak
# Undefined weak references, through GLOB_DAT and JUMP_SLOT, in prog and libu.
for f in prog libu.so; do
    tb_dynsym $f missing_fn WEAK UND
    tb_relsym $f GLOB_DAT missing_fn
    tb_relsym $f GLOB_DAT missing_data
    tb_dynsym $f missing_call WEAK UND
    tb_relsym $f JUMP_SLOT missing_call
    tb_dynsym $f later_fn WEAK UND
    tb_dynsym $f later_data WEAK UND
done
tb_relsym libu.so 64 missing_data
tb_case weak -- ./prog
tb_case weak_now -- LD_BIND_NOW=1 ./prog
# The same, looked up through startup's symbol index (forced: too few objects
# for it to pay by default; docs/06-symbols.md).
tb_case weak -- DRYAD_SYMINDEX=on ./prog
