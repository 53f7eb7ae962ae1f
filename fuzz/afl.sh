#!/usr/bin/env bash
# fuzz/afl.sh BINARY CORPUS [SECONDS]: `bazel run //fuzz:NAME_afl -- SECONDS`.
# Runs afl-fuzz on an AFL++ build of a fuzz target (fuzz/BUILD) for SECONDS (default
# 60), seeded with a copy of CORPUS, in a fresh directory under ${TMPDIR:-/tmp}; then
# prints afl-fuzz's fuzzer_stats and the crashes and hangs it saved, and exits 0.
# Extra afl-fuzz options may follow SECONDS (e.g. -M main, or -S s1 with the same
# -o directory through AFL_OUT=DIR to run several instances on one output).
set -euo pipefail
bin=$(readlink -f "$1")
corpus=$2
secs=${3:-60}
shift $(( $# < 3 ? $# : 3 ))
name=$(basename "$bin")
work=$(mktemp -d "${TMPDIR:-/tmp}/dryad-afl-$name.XXXXXX")
out=${AFL_OUT:-$work/out}
mkdir -p "$work/seeds"
# afl-fuzz takes regular files (Bazel's runfiles are symlinks) of at most 1 MB.
find -L "$corpus" -type f ! -name README.md -size -1024k -exec cp -L -t "$work/seeds" {} +
[ -n "$(ls -A "$work/seeds")" ] || { echo "afl.sh: no seeds in $corpus" >&2; exit 1; }
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1
export AFL_SKIP_CRASHES=1
echo "afl.sh: fuzzing $name for ${secs}s; output in $out, log in $work/afl.log"
status=0
afl-fuzz -i "$work/seeds" -o "$out" -V "$secs" -m none -t 1000+ "$@" -- "$bin" \
    >"$work/afl.log" 2>&1 || status=$?
if [ "$status" != 0 ]; then
    echo "afl.sh: afl-fuzz exited with status $status; the end of its log:" >&2
    tail -n 30 "$work/afl.log" >&2
    exit 1
fi
for stats in "$out"/*/fuzzer_stats; do
    dir=$(dirname "$stats")
    echo "== $stats"
    cat "$stats"
    for kind in crashes hangs; do
        n=$(find "$dir/$kind" -type f ! -name README.txt 2>/dev/null | wc -l)
        echo "== $kind: $n"
        find "$dir/$kind" -type f ! -name README.txt 2>/dev/null | sed 's/^/   /'
    done
done
exit 0
