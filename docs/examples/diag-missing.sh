# dryad's explanation of a library it cannot find: docs/15-diagnostics.md.
# lib32/libx.so is a 32-bit ELF identification and zeros: enough to be passed over.
. "$EXAMPLES/lib.sh"
gcc -shared -fPIC -o libx.so -Wl,-soname,libx.so "$EXAMPLES/src/lib-function.c"
cc m calls-lib.c -L. -lx
rm libx.so
mkdir lib32
{ printf '\177ELF\001\001\001'; head -c 825 /dev/zero; } > lib32/libx.so
run 'DRYAD_VERBOSE_ERRORS=1 LD_LIBRARY_PATH=lib32:missing bazel-bin/interp/dryad.so.1 ./m 2>&1 | head -6'
