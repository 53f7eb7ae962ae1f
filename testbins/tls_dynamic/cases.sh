tb_relocs libtlsgd.so DTPMOD64 DTPOFF64 TLSDESC TPOFF64
tb_case tls_dynamic -- ./prog
