# LD_DEBUG=scopes: the scopes each object's lookups search: docs/15-diagnostics.md.
. "$EXAMPLES/lib.sh"
run 'LD_DEBUG=scopes bazel-bin/interp/dryad.so.1 /bin/true 2>&1 | head -9'
