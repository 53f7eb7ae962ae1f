# LD_DEBUG=unused with --list, what `ldd -u` runs: docs/15-diagnostics.md.
. "$EXAMPLES/lib.sh"
run 'LD_DEBUG=unused bazel-bin/interp/dryad.so.1 --list /bin/ls; echo "exit status $?"'
