#!/usr/bin/env bash
# //docs:links: checks the book's links and citations against the sources.
# See check_links.py for what is checked. By hand, from anywhere in the tree:
#   tools/doccheck/check_links.sh
set -euo pipefail
if [ -n "${TEST_SRCDIR:-}" ]; then
  # Under `bazel test`: the runfiles tree of the workspace holds the data.
  cd "$TEST_SRCDIR/${TEST_WORKSPACE:-dryad}"
else
  cd "$(dirname "$0")/../.."
fi
exec python3 tools/doccheck/check_links.py
