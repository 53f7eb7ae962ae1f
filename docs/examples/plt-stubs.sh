# The .plt section, PLT0 and one stub: docs/08-plt-got.md.
. "$EXAMPLES/plt-setup.sh"
run "objdump -d -j .plt libplt.so | sed -n '/^0/,\$p'"
