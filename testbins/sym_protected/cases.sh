source "$(dirname "${BASH_SOURCE[0]}")/../support/symcheck.sh"
tb_dynsym libp.so pfunc FUNC GLOBAL PROTECTED
tb_dynsym libp.so pdata OBJECT GLOBAL PROTECTED
tb_dynsym libp.so paddr_fn FUNC GLOBAL PROTECTED
tb_dynsym stub/libp.so paddr_fn DEFAULT
# prog's own definitions are exported: libp's could be interposed.
tb_dynsym prog pfunc FUNC GLOBAL DEFAULT '!UND'
tb_dynsym prog pdata OBJECT GLOBAL DEFAULT '!UND'
# GNU ld: libp's data pointers are R_X86_64_64 against its protected
# functions; lld: R_X86_64_RELATIVE (nothing to look up).
if [ "$linker" = bfd ]; then
    tb_relsym libp.so 64 pfunc
    tb_relsym libp.so 64 paddr_fn
else
    tb_relsym libp.so '!' pfunc
    tb_relsym libp.so '!' paddr_fn
fi
tb_relsym libp.so '!' pdata
# prog_canon: canonical PLT entry (undefined, nonzero value); prog_copy: COPY.
tb_dynsym prog_canon paddr_fn FUNC UND NONZERO
tb_relsym prog_canon JUMP_SLOT paddr_fn
tb_relsym prog_copy COPY pdata
tb_case protected -- ./prog
tb_case canon_$linker -- ./prog_canon
tb_case copy -- ./prog_copy
# The same, looked up through startup's symbol index (forced: too few objects
# for it to pay by default; docs/06-symbols.md).
tb_case protected -- DRYAD_SYMINDEX=on ./prog
tb_case copy -- DRYAD_SYMINDEX=on ./prog_copy
