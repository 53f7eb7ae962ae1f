# dryad's --list of ls, and glibc's for comparison: docs/04-finding-objects.md.
. "$EXAMPLES/lib.sh"
run 'bazel-bin/interp/dryad.so.1 --list /usr/bin/ls'
run '/lib64/ld-linux-x86-64.so.2 --list /usr/bin/ls'
