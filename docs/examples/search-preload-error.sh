# A preload that cannot be found is reported and skipped: docs/04-finding-objects.md.
. "$EXAMPLES/lib.sh"
run 'LD_PRELOAD=libnothere.so bazel-bin/interp/dryad.so.1 /bin/echo still runs'
