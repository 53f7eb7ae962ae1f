# The two warnings about protected symbols that the executable defeats:
# docs/06-symbols.md. prog is linked against a stub libp.so whose symbols have
# default visibility, and runs with the real one.
. "$EXAMPLES/lib.sh"
mkdir stub
gcc -shared -fPIC -DSTUB -o stub/libp.so "$EXAMPLES/src/protected-lib.c"
gcc -shared -fPIC -o libp.so "$EXAMPLES/src/protected-lib.c"
cc prog protected-main.c -no-pie -fno-pic -Lstub -lp
run 'LD_BIND_NOW=1 bazel-bin/interp/dryad.so.1 --library-path . ./prog'
run 'LD_BIND_NOW=1 /lib64/ld-linux-x86-64.so.2 --library-path . ./prog'
