# A library found in a glibc-hwcaps subdirectory before its directory:
# docs/04-finding-objects.md, "hwcaps subdirectories". Every x86-64 CPU of the
# last fifteen years has level x86-64-v2.
. "$EXAMPLES/lib.sh"
mkdir -p lib/glibc-hwcaps/x86-64-v2
gcc -shared -fPIC -o lib/libfn.so -Wl,-soname,libfn.so "$EXAMPLES/src/lib-function.c"
cp lib/libfn.so lib/glibc-hwcaps/x86-64-v2/
cc prog calls-lib.c -Llib -lfn
run 'LD_LIBRARY_PATH=lib bazel-bin/interp/dryad.so.1 --list ./prog | grep libfn'
run 'LD_LIBRARY_PATH=lib /lib64/ld-linux-x86-64.so.2 --list ./prog | grep libfn'
