#!/usr/bin/env bash
# fuzz/replay.sh FUZZER DIR...: runs every file of the corpus directories through a
# libFuzzer binary once, without fuzzing; any crash or sanitizer report fails.
set -euo pipefail
fuzzer=$1; shift
files=()
for d in "$@"; do
  while IFS= read -r -d '' f; do files+=("$f"); done < <(find -L "$d" -type f ! -name README.md -print0)
done
[ ${#files[@]} -gt 0 ] || { echo "no corpus files in $*"; exit 1; }
"$fuzzer" -runs=0 "${files[@]}" 2>&1 | tail -3
echo "replayed ${#files[@]} inputs"
