# Interposition: a preloaded definition wins over the library's own, for
# every reference: docs/06-symbols.md. LD_DEBUG=bindings shows each binding.
. "$EXAMPLES/lib.sh"
gcc -shared -fPIC -o libfn.so -Wl,-soname,libfn.so "$EXAMPLES/src/lib-function.c"
gcc -shared -fPIC -o libinterpose.so "$EXAMPLES/src/interpose.c"
cc prog calls-lib.c -L. -lfn
run 'LD_DEBUG=bindings bazel-bin/interp/dryad.so.1 --library-path . ./prog 2>&1 | grep -E "lib_function|^lib"'
run 'LD_DEBUG=bindings LD_PRELOAD=./libinterpose.so bazel-bin/interp/dryad.so.1 --library-path . ./prog 2>&1 | grep -E "lib_function|^lib"'
