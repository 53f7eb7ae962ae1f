#!/usr/bin/env bash
# Runs one of glibc's tests by hand, as glibc_test runs it, from the output of
# `bazel build //peertests:glibc-tests.tar`. Usage, from the workspace root:
#   peertests/glibc/repro.sh TEST [LDSO]       (LDSO: default bazel-bin/interp/dryad.so.1)
# Unpacks the tests into a fresh /tmp folder and prints the command it runs, so that
# the command can be rerun or put under gdb (add --direct after the test to keep
# glibc's test driver from forking).
set -euo pipefail
test=$1
ldso=$(readlink -f "${2:-bazel-bin/interp/dryad.so.1}")
tar=bazel-bin/peertests/glibc-tests.tar
[ -f "$tar" ] || { echo "build it first: bazel build //peertests:glibc-tests.tar" >&2; exit 2; }
w=$(mktemp -d /tmp/glibc-test.XXXXXX)
tar -C "$w" -xf "$tar"
line=$(awk -F'\t' -v t="$test" '$2 == t' "$w/manifest.tsv")
[ -n "$line" ] || { echo "no test $test in manifest.tsv" >&2; exit 2; }
IFS=$'\t' read -r sub _ state env_s args_s <<<"$line"
[ "$state" = BUILT ] || { echo "$test was not built: $state" >&2; exit 2; }
d=$w/out-$sub
cmd="cd $d && env $env_s $ldso --library-path $d $d/$test $args_s"
echo "\$ $cmd"
eval "$cmd"
