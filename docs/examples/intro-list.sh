# dryad listing and running a Debian program: docs/01-introduction.md.
. "$EXAMPLES/lib.sh"
run 'bazel-bin/interp/dryad.so.1 --list /bin/echo'
run 'bazel-bin/interp/dryad.so.1 /bin/echo hello from dryad'
