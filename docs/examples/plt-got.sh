# .got.plt in the file, before any loader touched it: docs/08-plt-got.md.
. "$EXAMPLES/plt-setup.sh"
run 'readelf -d libplt.so | grep -E "PLTGOT|JMPREL"'
run 'readelf -x .got.plt libplt.so'
