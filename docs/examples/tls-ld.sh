# The access model "ld", with its relocations: docs/09-tls.md.
. "$EXAMPLES/tls-setup.sh"
run "objdump -dr --no-show-raw-insn tls.o | sed -n '/<ld>:/,/ret/p'"
