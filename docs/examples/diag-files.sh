# LD_DEBUG=files: objects asked for, mapped, dlopened and dlclosed:
# docs/15-diagnostics.md (the program is docs/examples/src/dlopen-twice.c).
. "$EXAMPLES/lib.sh"
gcc -shared -fPIC -o libfn.so -Wl,-soname,libfn.so "$EXAMPLES/src/lib-function.c"
cc prog dlopen-twice.c
run 'LD_DEBUG=files bazel-bin/interp/dryad.so.1 ./prog 2>&1 | grep -v "^[a-z]" | sed -n "1,4p;/libfn/p"'
