#!/usr/bin/env bash
# //docs:examples_test (a test) and //docs:examples_update (`bazel run`): reruns the
# scripts behind the book's shown commands; see examples.py. By hand, from
# anywhere in the tree, with a built dryad.so.1:
#   tools/doccheck/examples.sh [--update] [--only NAME]
set -euo pipefail
if [ -n "${TEST_SRCDIR:-}" ]; then
  # Under `bazel test`: everything is in the runfiles tree.
  cd "$TEST_SRCDIR/${TEST_WORKSPACE:-dryad}"
  exec python3 tools/doccheck/examples.py --dryad interp/dryad.so.1 "$@"
elif [ -n "${BUILD_WORKSPACE_DIRECTORY:-}" ]; then
  # Under `bazel run`: the dryad.so.1 just built, the book of the workspace.
  runfiles=${RUNFILES_DIR:-$0.runfiles}/dryad
  exec python3 "$runfiles/tools/doccheck/examples.py" --root "$BUILD_WORKSPACE_DIRECTORY" \
    --dryad "$runfiles/interp/dryad.so.1" "$@"
else
  cd "$(dirname "$0")/../.."
  exec python3 tools/doccheck/examples.py "$@"
fi
