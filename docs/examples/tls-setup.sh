# Sourced by docs/examples/tls-*.sh: the object files of docs/09-tls.md's
# access models, as GCC 12 compiles them.
. "$EXAMPLES/lib.sh"
gcc -O2 -fPIC -c -o tls.o "$EXAMPLES/src/tls-models.c"
gcc -O2 -fPIC -mtls-dialect=gnu2 -c -o tlsdesc.o "$EXAMPLES/src/tls-models.c"
gcc -O2 -fPIE -c -o exec.o "$EXAMPLES/src/tls-exec.c"
