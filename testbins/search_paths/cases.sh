tb_dyn prog_rpath RPATH '!RUNPATH'
tb_dyn prog_runpath RUNPATH '!RPATH'
tb_dyn prog_both RPATH RUNPATH
# LD_LIBRARY_PATH
tb_case not_found -- ./prog
tb_case from_d1 -- LD_LIBRARY_PATH=d1 ./prog
tb_case from_d2 -- LD_LIBRARY_PATH=nowhere:d2:d1 ./prog
tb_case from_d1 -- LD_LIBRARY_PATH=d1: ./prog
tb_case from_cwd -- LD_LIBRARY_PATH=:d1 ./prog
tb_case from_cwd -- LD_LIBRARY_PATH=d3::d1 ./prog
# DT_RPATH before LD_LIBRARY_PATH; DT_RUNPATH after it
tb_case from_rp -- ./prog_rpath
tb_case from_rp -- LD_LIBRARY_PATH=d1 ./prog_rpath
tb_case from_rp -- ./prog_runpath
tb_case from_d1 -- LD_LIBRARY_PATH=d1 ./prog_runpath
# DT_RPATH is ignored when the object has DT_RUNPATH
tb_case from_rp -- ./prog_both
# DT_RPATH of the executable serves its dependencies; DT_RUNPATH does not
tb_case from_rp -- ./prog_rpath_mid
tb_case runpath_not_inherited -- ./prog_runpath_mid
# Tokens
tb_case from_d1 -- ./prog_braces
tb_case from_lib -- ./prog_lib
tb_case from_platform -- ./prog_platform
# A DT_NEEDED name with a slash
tb_case slash -- ./prog_slash
