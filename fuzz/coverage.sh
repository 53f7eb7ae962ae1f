#!/usr/bin/env bash
# fuzz/coverage.sh COV_BINARY...: `bazel run //fuzz:coverage [-- [--functions] NAME...]`.
# Replays corpus/NAME through the coverage build of each target (fuzz/BUILD: clang's
# -fprofile-instr-generate -fcoverage-mapping, no sanitizers) and prints llvm-cov-14's
# report over core/: lines, functions and branches reached per file, and with
# --functions per function too. NAMEs restrict it to those targets.
set -euo pipefail
bins=() names=() functions=0
for a in "$@"; do
  case $a in
    */cov/*) bins+=("$a") ;;
    --functions) functions=1 ;;
    *) names+=("$a") ;;
  esac
done
work=$(mktemp -d "${TMPDIR:-/tmp}/dryad-cov.XXXXXX")
srcs=$(ls core/*.c)
for bin in "${bins[@]}"; do
  name=$(basename "$bin")
  if [ ${#names[@]} -gt 0 ] && [[ " ${names[*]} " != *" $name "* ]]; then continue; fi
  LLVM_PROFILE_FILE="$work/$name.profraw" "$bin" -runs=0 "corpus/$name" >"$work/$name.log" 2>&1 || {
    tail "$work/$name.log"; exit 1; }
  llvm-profdata-14 merge -sparse "$work/$name.profraw" -o "$work/$name.profdata"
  echo "== //fuzz:$name over corpus/$name ($(find -L "corpus/$name" -type f | wc -l) inputs)"
  # -compilation-dir: the binaries were compiled in Bazel's sandbox, with relative paths.
  cov=(llvm-cov-14 report "$bin" -instr-profile="$work/$name.profdata" -compilation-dir="$PWD")
  "${cov[@]}" $srcs | sed 's|^[^ ]*/core/|core/|' | grep -vE '^-+$'
  if [ "$functions" = 1 ]; then
    "${cov[@]}" -show-functions $srcs | grep -vE '^(-|$)' | sed 's|^File .*/core/|File core/|' |
        awk '$1 != "Name" || !seen++'
  fi
  echo
done
echo "profiles in $work"
