# The dynamic relocations of a small library: docs/07-relocations.md.
. "$EXAMPLES/lib.sh"
gcc -O2 -shared -fPIC -ftls-model=initial-exec -o librelocs.so "$EXAMPLES/src/relocs.c"
run 'readelf -rW librelocs.so'
