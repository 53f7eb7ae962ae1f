tb_relocs libtlsie.so TPOFF64
tb_relocs prog TPOFF64
tb_case tls_static -- ./prog
