# LD_DEBUG=statistics says what the binding cache did: the first run of a
# program records its lookups, the next replays them (docs/17-binding-cache.md).
. "$EXAMPLES/lib.sh"
run 'DRYAD_BINDCACHE=cache LD_DEBUG=statistics bazel-bin/interp/dryad.so.1 /bin/ls --version 2>&1 >/dev/null | grep "binding cache"'
run 'DRYAD_BINDCACHE=cache LD_DEBUG=statistics bazel-bin/interp/dryad.so.1 /bin/ls --version 2>&1 >/dev/null | grep "binding cache"'
