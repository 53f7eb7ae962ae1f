# Sourced by every docs/examples/NAME.sh, the scripts that produce the book's
# shown commands and outputs (tools/doccheck/examples.py runs them, in an
# empty temporary directory, with DRYAD, ROOT and EXAMPLES set).
#
# run 'COMMAND' prints "$ COMMAND", then runs it with stderr joined to stdout,
# as a terminal shows it. A failing command is not an error: several examples
# exist to show a failure. Everything else a script does (building its
# programs) is not shown, and must succeed.
set -eu
: "${DRYAD:?}" "${ROOT:?}" "${EXAMPLES:?}"

# The book's commands say bazel-bin/interp/dryad.so.1, and so does the
# directory the scripts run in.
mkdir -p bazel-bin/interp
ln -sf "$DRYAD" bazel-bin/interp/dryad.so.1

run() {
  printf '$ %s\n' "$1"
  ( eval "$1" ) 2>&1 || true
}

# cc OUT SRC [FLAGS...]: builds from docs/examples/src/SRC, quietly.
cc() {
  out=$1 src=$2
  shift 2
  gcc -O2 -o "$out" "$EXAMPLES/src/$src" "$@"
}
