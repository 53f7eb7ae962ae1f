# A library linked with -z pack-relative-relocs: its DT_RELR table, raw and
# decoded: docs/07-relocations.md.
. "$EXAMPLES/lib.sh"
gcc -O2 -shared -fPIC -Wl,-z,pack-relative-relocs -o librelr.so "$EXAMPLES/src/relr.c"
run 'readelf -d librelr.so | grep RELR'
run 'od -A x -t x8 -j 0x3a0 -N 32 librelr.so'
run "readelf -rW librelr.so | sed -n '/relr.dyn/,\$p' | sed -n '1,9p;\$p'"
