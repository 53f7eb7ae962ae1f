# Sourced by docs/examples/plt-*.sh: the library of docs/08-plt-got.md.
. "$EXAMPLES/lib.sh"
gcc -O2 -fPIC -shared -nostdlib -Wl,-z,lazy -o libplt.so "$EXAMPLES/src/plt.c"
