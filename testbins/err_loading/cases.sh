tb_case missing_lib -- ./prog_missing
tb_case missing_dep_of_lib -- ./prog_missing_dep
tb_case undefined_lazy -- ./prog_lazy
tb_case undefined_now -- ./prog_now
tb_case undefined_bind_now_env -- LD_BIND_NOW=1 ./prog_lazy
