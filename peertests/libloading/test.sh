#!/usr/bin/env bash
# The libloading crate's own tests (built by build.sh), each test program run as
# `LDSO PROGRAM` from a fresh copy of the crate, once with Debian's ld.so (the
# baseline) and once with dryad.so.1. Fails when a test passes under the first and not
# under the second. A program that dies takes its unreported tests with it: they are
# MISSING, and the program's own row says how it ended.
# usage: test.sh TESTS.tar DRYAD COMPARE.py LIB.sh
set -uo pipefail
tar=$1 dryad=$2 compare=$3 lib=$4; shift 4
# shellcheck source=../lib.sh
. "$lib"
tmp=${TEST_TMPDIR:-$(mktemp -d)}
logs=${TEST_UNDECLARED_OUTPUTS_DIR:-$tmp/logs}
dryad=$(peer_resolve "$dryad")

for who in glibc dryad; do
    ldso=$SYSTEM_LDSO; [ $who = dryad ] && ldso=$dryad
    w=${tmp:?}/$who; rm -rf "$w"; mkdir -p "$w" "$logs/$who"
    tar -C "$w" -xf "$tar"
    : > "$tmp/$who.tsv"
    t0=$(peer_time)
    for bin in "$w"/bin/*; do
        name=$(basename "$bin")
        log=$logs/$who/$name.out
        # cwd: the crate (tests/functions.rs compiles src/test_helpers.rs into ./target).
        (cd "$w/crate" && timeout 300 "${peer_env[@]}" HOME="$w" TMPDIR="$tmp" "$ldso" "$bin") > "$log" 2>&1
        rc=$?
        st=PASS; [ $rc = 0 ] || st="FAIL($rc)"; [ $rc -gt 128 ] && [ $rc != 124 ] && st="FAIL(signal $((rc - 128)))"
        [ $rc = 124 ] && st=TIMEOUT
        printf '%s\t%s\n' "$name (whole program)" "$st" >> "$tmp/$who.tsv"
        sed -nE 's/^test (.+) \.\.\. (ok|FAILED|ignored)$/\1 \2/p' "$log" | while read -r t r; do
            case $r in ok) r=PASS;; FAILED) r=FAIL;; ignored) r=IGNORED;; esac
            printf '%s::%s\t%s\n' "$name" "$t" "$r"
        done >> "$tmp/$who.tsv"
        # Under glibc, list every test, so that dryad's unreported ones show as MISSING.
        if [ $who = glibc ]; then
            (cd "$w/crate" && "${peer_env[@]}" "$ldso" "$bin" --list 2>/dev/null) | sed -nE 's/^(.+): test$/\1/p' | while read -r t; do
                grep -qF "$name::$t	" "$tmp/$who.tsv" || printf '%s::%s\tMISSING\n' "$name" "$t"
            done > "$tmp/missing.tsv"
            cat "$tmp/missing.tsv" >> "$tmp/$who.tsv"
        fi
    done
    echo "== libloading: ran under $who ($ldso) in $(peer_since "$t0") s"
done

status=0
/usr/bin/python3 "$compare" libloading "$tmp/glibc.tsv" "$tmp/dryad.tsv" "$@" || status=1
for bin in "$tmp"/dryad/bin/*; do
    name=$(basename "$bin")
    if ! grep -qxF "$name (whole program)	PASS" "$tmp/dryad.tsv" && grep -qxF "$name (whole program)	PASS" "$tmp/glibc.tsv"; then
        echo "---- $name under dryad (full output: test.outputs/dryad/$name.out; reproduce: cd CRATE && dryad.so.1 bin/$name)"
        tail -c 3000 "$logs/dryad/$name.out"
    fi
done
exit $status
