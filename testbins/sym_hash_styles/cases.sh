tb_dyn libgnu.so GNU_HASH '!HASH'
tb_dyn libsysv.so HASH '!GNU_HASH'
tb_dyn libboth.so HASH GNU_HASH
tb_dyn prog_sysv HASH '!GNU_HASH'
tb_case hash -- ./prog
tb_case hash -- ./prog_sysv
# Forcing startup's symbol index: a SysV-only library in the scope leaves none
# built, and the walk answers (docs/06-symbols.md).
tb_case hash -- DRYAD_SYMINDEX=on ./prog
