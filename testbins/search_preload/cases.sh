setup() { ln -s libbase.so liblink.so; }
tb_dyn prog_dup NEEDED '!SONAME'
tb_case base -- ./prog
tb_case pre1 -- LD_PRELOAD=./libpre1.so ./prog
tb_case pre1 -- LD_PRELOAD=libpre1.so ./prog
tb_case pre2_pre1 -- "LD_PRELOAD=./libpre2.so ./libpre1.so" ./prog
tb_case pre1_pre2 -- LD_PRELOAD=./libpre1.so:./libpre2.so ./prog
tb_case preload_missing -- LD_PRELOAD=./libnothere.so ./prog
tb_case pre1 --ldso-opt --preload --ldso-opt ./libpre1.so -- ./prog
tb_case pre2_pre1 --ldso-opt --preload --ldso-opt "./libpre2.so ./libpre1.so" -- ./prog
tb_case not_found -- ./prog_nopath
tb_case base --ldso-opt --library-path --ldso-opt . -- ./prog_nopath
tb_case base --ldso-opt --library-path --ldso-opt nowhere:. -- LD_LIBRARY_PATH=nowhere ./prog_nopath
tb_case not_found --ldso-opt --library-path --ldso-opt nowhere -- LD_LIBRARY_PATH=. ./prog_nopath
tb_case argv0 --ldso-opt --argv0 --ldso-opt renamed -- ./prog show-argv0
tb_case argv0_default -- ./prog show-argv0
tb_case once -- ./prog_symlink
tb_case once -- ./prog_dup
