# dlopen counts references; the last dlclose unloads: docs/13-dlopen.md.
. "$EXAMPLES/lib.sh"
gcc -shared -fPIC -o libfn.so -Wl,-soname,libfn.so "$EXAMPLES/src/lib-function.c"
cc prog dlopen-twice.c
run 'LD_DEBUG=libs bazel-bin/interp/dryad.so.1 ./prog 2>&1 | grep -E "libfn|^[a-z]"'
