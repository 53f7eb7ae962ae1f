# LD_DEBUG=libs: where dryad looks for each DT_NEEDED name, in order
# (LD_LIBRARY_PATH, then DT_RUNPATH with $ORIGIN, then the cache):
# docs/04-finding-objects.md. The grep and sed take out the hwcaps
# subdirectories, which depend on the CPU (the next example shows them).
. "$EXAMPLES/lib.sh"
mkdir -p app/lib
gcc -shared -fPIC -o app/lib/libfn.so -Wl,-soname,libfn.so "$EXAMPLES/src/lib-function.c"
cc app/prog origin-main.c -Lapp/lib -lfn '-Wl,-rpath,$ORIGIN/lib' -Wl,--enable-new-dtags
run 'readelf -d app/prog | grep -E "NEEDED|RUNPATH"'
hw='(glibc-hwcaps|tls|haswell|xeon_phi|avx512_1|x86_64)'
run "LD_LIBRARY_PATH=/nowhere LD_DEBUG=libs bazel-bin/interp/dryad.so.1 app/prog 2>&1 | sed -n '1,/calling init/p' |
  grep -Ev 'trying file=.*/$hw/' | sed -E 's#([^=:]*/$hw(/[^:]*)?:)+##'"
