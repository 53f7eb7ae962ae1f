# The undamaged pair (the mutated copies are run by run_malformed.sh).
tb_case base -- ./prog
tb_relocs libmal.so RELATIVE 64 IRELATIVE TPOFF64 JUMP_SLOT
tb_relocs prog COPY TPOFF64 JUMP_SLOT
tb_dyn libmal.so GNU_HASH HASH VERDEF VERSYM
tb_dyn prog VERNEED
