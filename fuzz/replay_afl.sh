#!/usr/bin/env bash
# fuzz/replay_afl.sh AFL_BINARY DIR: runs every corpus file once through the AFL++
# build of a fuzz target (libAFLDriver runs the files named on its command line),
# so that the AFL++ twin keeps building and agrees with the libFuzzer one.
set -euo pipefail
bin=$1; shift
files=()
for d in "$@"; do
  while IFS= read -r -d '' f; do files+=("$f"); done < <(find -L "$d" -type f ! -name README.md -print0)
done
[ ${#files[@]} -gt 0 ] || { echo "no corpus files in $*"; exit 1; }
AFL_QUIET=1 "$bin" "${files[@]}" >/dev/null 2>"${TEST_TMPDIR:-/tmp}/afl-replay.err" || {
  tail -40 "${TEST_TMPDIR:-/tmp}/afl-replay.err"; exit 1; }
echo "replayed ${#files[@]} inputs through $(basename "$bin") (AFL++ build)"
