#!/usr/bin/env bash
# CPython's own regression tests (Debian's libpython3.11-testsuite), the modules named
# in tests.txt, run by /usr/bin/python3 -m test, once as the system is (the baseline)
# and once with dryad.so.1 bind-mounted as the system interpreter, so that python3
# and every process it starts run on dryad. Fails when a test module passes under the
# first and not under the second. A module that fails under dryad only is run once
# more, alone and verbose (timing-sensitive tests on a loaded 2-core machine), and
# counts as passed if it passes then; the log says so.
# usage: test.sh DRYAD COMPARE.py LIB.sh TESTS.txt
set -uo pipefail
dryad=$1 compare=$2 lib=$3 list=$4; shift 4
# shellcheck source=../lib.sh
. "$lib"
peer_need_root
tmp=${TEST_TMPDIR:-$(mktemp -d)}
logs=${TEST_UNDECLARED_OUTPUTS_DIR:-$tmp/logs}
dryad=$(peer_resolve "$dryad")
mapfile -t tests < <(grep -v '^#' "$list" | grep .)
[ -d /usr/lib/python3.11/test ] && /usr/bin/python3 -c 'import test.libregrtest' 2>/dev/null \
    || peer_die "Debian's libpython3.11-testsuite is not installed"

# regrtest's progress lines: "0:00:12 load avg: 1.2 [ 3/28/1] test_x failed (2 errors)"
parse() { sed -nE 's/^.*\[ *[0-9]+\/[0-9]+(\/[0-9]+)?\] (test[A-Za-z0-9_.]+) (.*)$/\2\t\3/p' "$1" |
          awk -F'\t' '{ st = ($2 ~ /^passed/) ? "PASS" : "FAIL"; printf "%s\t%s\t%s\n", $1, st, $2 }'; }

run() {  # run WHO OUTFILE TESTS...
    local who=$1 out=$2; shift 2
    local cmd=("${peer_env[@]}" HOME="$tmp/home" TMPDIR="$tmp" /usr/bin/python3 -m test --timeout 600 "$@")
    mkdir -p "$tmp/cwd-$who" "$tmp/home"
    if [ "$who" = dryad ]; then
        (cd "$tmp/cwd-$who" && peer_as_system "$dryad" "${cmd[@]}") > "$out" 2>&1
    else
        (cd "$tmp/cwd-$who" && "${cmd[@]}") > "$out" 2>&1
    fi
}

mkdir -p "$logs"
for who in glibc dryad; do
    t0=$(peer_time)
    run $who "$logs/$who.log" -j2 "${tests[@]}"
    parse "$logs/$who.log" > "$tmp/$who.tsv"
    for t in "${tests[@]}"; do grep -q "^$t	" "$tmp/$who.tsv" || printf '%s\tMISSING\n' "$t" >> "$tmp/$who.tsv"; done
    echo "== cpython: ran under $who in $(peer_since "$t0") s: $(grep -E '^(All [0-9]+ tests OK|Tests result:)' "$logs/$who.log" | tr '\n' ' ')"
done
peer_check_host_ldso "$dryad"

# A second chance, alone and verbose, for what failed under dryad only.
retry=$(awk -F'\t' 'NR==FNR { if ($2 == "PASS") p[$1] = 1; next } ($1 in p) && $2 != "PASS" { print $1 }' "$tmp/glibc.tsv" "$tmp/dryad.tsv")
for t in $retry; do
    run dryad "$logs/dryad-retry-$t.log" -v "$t"
    if grep -qE '^(All 1 test OK|Tests result: SUCCESS)' "$logs/dryad-retry-$t.log"; then
        echo "== cpython: $t failed under dryad with the others, then passed alone: counted as passed (see test.outputs/dryad.log)"
        sed -i "s/^$t\t[^\t]*/$t\tPASS/" "$tmp/dryad.tsv"
    else
        echo "---- $t under dryad, alone and verbose (full output: test.outputs/dryad-retry-$t.log)"
        grep -E '^(FAIL|ERROR):|Error|error|Fatal|Segmentation|signal' "$logs/dryad-retry-$t.log" | head -40
    fi
done

/usr/bin/python3 "$compare" cpython "$tmp/glibc.tsv" "$tmp/dryad.tsv" "$@"
