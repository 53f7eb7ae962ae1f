source "$(dirname "${BASH_SOURCE[0]}")/../support/symcheck.sh"
# The control: prog can interpose every reference.
tb_dyn libplain.so '!SYMBOLIC'
tb_relsym libplain.so JUMP_SLOT who
tb_relsym libplain.so GLOB_DAT sdata
tb_relsym libplain.so 64 who
# -Bsymbolic: the linker binds who and sdata, only elsewhere is left.
tb_dynval libbsym.so FLAGS SYMBOLIC
if [ "$linker" = bfd ]; then tb_dyn libbsym.so SYMBOLIC; else tb_dyn libbsym.so '!SYMBOLIC'; fi
tb_relsym libbsym.so '!' who
tb_relsym libbsym.so '!' sdata
tb_relsym libbsym.so JUMP_SLOT elsewhere
# Patched: the flag alone, the tag alone; the relocations are all there.
tb_dyn libflag.so '!SYMBOLIC'
tb_dynval libflag.so FLAGS SYMBOLIC
tb_dyn libtag.so SYMBOLIC '!FLAGS'
for f in libflag.so libtag.so; do
    tb_relsym $f JUMP_SLOT who
    tb_relsym $f GLOB_DAT sdata
    tb_relsym $f 64 who
    tb_relsym $f JUMP_SLOT elsewhere
done
tb_dynsym prog who FUNC GLOBAL '!UND'
tb_dynsym prog sdata OBJECT GLOBAL '!UND'
tb_case symbolic -- ./prog
tb_case symbolic -- LD_BIND_NOW=1 ./prog
# The same, looked up through startup's symbol index (forced: too few objects
# for it to pay by default; docs/06-symbols.md).
tb_case symbolic -- DRYAD_SYMINDEX=on ./prog
