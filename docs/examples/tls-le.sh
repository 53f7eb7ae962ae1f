# The access model "le", with its relocations: docs/09-tls.md.
. "$EXAMPLES/tls-setup.sh"
run "objdump -dr --no-show-raw-insn exec.o | sed -n '/<le>:/,/ret/p'"
