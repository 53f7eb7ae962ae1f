# The access model "desc", with its relocations: docs/09-tls.md.
. "$EXAMPLES/tls-setup.sh"
run "objdump -dr --no-show-raw-insn tlsdesc.o | sed -n '/<gd>:/,/ret/p'"
