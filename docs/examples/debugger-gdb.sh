# gdb follows dryad's r_debug: docs/11-debugger.md. prog's PT_INTERP is dryad;
# prog-glibc is the same program with glibc's ld.so as its PT_INTERP.
. "$EXAMPLES/lib.sh"
gcc -O2 -shared -fPIC -o libt.so -Wl,-soname,libt.so "$EXAMPLES/src/lib-function.c"
cc prog gdb-main.c -L. -lt -Wl,-rpath,'$ORIGIN'
cp prog prog-glibc
patchelf --set-interpreter "$PWD/bazel-bin/interp/dryad.so.1" prog
run "gdb -q -batch -ex 'break main' -ex run -ex 'info sharedlibrary' ./prog 2>&1 | grep -v '^\\[\\|^\$\\|libthread_db'"
run "gdb -q -batch -ex 'break main' -ex run -ex 'info sharedlibrary' ./prog-glibc 2>&1 | grep -v '^\\[\\|^\$\\|libthread_db'"
