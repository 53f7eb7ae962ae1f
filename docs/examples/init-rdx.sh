# A program that calls its %rdx finaliser: glibc 2.36 asserts, dryad does not:
# docs/10-init-fini.md.
. "$EXAMPLES/lib.sh"
gcc -O2 -fPIE -pie -nostdlib -fno-stack-protector -o prog "$EXAMPLES/src/rdx-fini.c"
run '/lib64/ld-linux-x86-64.so.2 ./prog'
run 'bazel-bin/interp/dryad.so.1 ./prog'
