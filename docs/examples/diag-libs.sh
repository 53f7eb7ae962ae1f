# LD_DEBUG=libs for a small program: docs/15-diagnostics.md.
. "$EXAMPLES/lib.sh"
run "LD_DEBUG=libs bazel-bin/interp/dryad.so.1 /bin/true 2>&1 | sed -n '1,/calling init/p'"
