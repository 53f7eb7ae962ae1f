# call_it calls its PLT stub: docs/08-plt-got.md.
. "$EXAMPLES/plt-setup.sh"
run "objdump -d libplt.so | sed -n '/<call_it>:/,/call/p'"
