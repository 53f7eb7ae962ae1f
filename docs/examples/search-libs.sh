# LD_DEBUG=libs: where dryad looks for each DT_NEEDED name, in order
# (LD_LIBRARY_PATH, then DT_RUNPATH with $ORIGIN, then the cache):
# docs/04-finding-objects.md.
. "$EXAMPLES/lib.sh"
mkdir -p app/lib
gcc -shared -fPIC -o app/lib/libfn.so -Wl,-soname,libfn.so "$EXAMPLES/src/lib-function.c"
cc app/prog origin-main.c -Lapp/lib -lfn '-Wl,-rpath,$ORIGIN/lib' -Wl,--enable-new-dtags
run 'readelf -d app/prog | grep -E "NEEDED|RUNPATH"'
run 'LD_LIBRARY_PATH=/nowhere LD_DEBUG=libs bazel-bin/interp/dryad.so.1 app/prog 2>&1 | sed -n "1,/calling init/p"'
