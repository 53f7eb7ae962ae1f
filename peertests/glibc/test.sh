#!/usr/bin/env bash
# glibc 2.36's own elf/, dlfcn/ and nptl/ tests (built by build.py), run as glibc's
# harness runs them, `LDSO --library-path DIR TEST`, once with Debian's ld.so (the
# baseline) and once with dryad.so.1. Fails when a test passes under the first and
# not under the second.
# usage: test.sh TESTS.tar DRYAD COMPARE.py LIB.sh RUN.py [--min-baseline N]
set -uo pipefail
tar=$1 dryad=$2 compare=$3 lib=$4 runpy=$5; shift 5
# shellcheck source=../lib.sh
. "$lib"
tmp=${TEST_TMPDIR:-$(mktemp -d)}
logs=${TEST_UNDECLARED_OUTPUTS_DIR:-$tmp/logs}
dryad=$(peer_resolve "$dryad")

for who in glibc dryad; do
    ldso=$SYSTEM_LDSO; [ $who = dryad ] && ldso=$dryad
    rm -rf "${tmp:?}/$who"
    t0=$(peer_time)
    "${peer_env[@]}" TMPDIR="$tmp" /usr/bin/python3 "$runpy" "$tar" "$ldso" "$tmp/$who" "$tmp/$who.tsv" "$logs/$who" \
        || peer_die "the runner failed under $who"
    echo "== glibc-tests: ran under $who ($ldso) in $(peer_since "$t0") s"
done

status=0
/usr/bin/python3 "$compare" glibc-tests "$tmp/glibc.tsv" "$tmp/dryad.tsv" "$@" || status=1

# For each regression: how to run it by hand, and what it printed under dryad.
for t in $(awk -F'\t' 'NR==FNR { if ($2 == "PASS") pass[$1] = 1; next } ($1 in pass) && $2 != "PASS" { print $1 }' \
        "$tmp/glibc.tsv" "$tmp/dryad.tsv"); do
    echo "---- $t under dryad (full output: test.outputs/dryad/$t.out)"
    head -c 3000 "$logs/dryad/$t.out"
    echo
done
exit $status
