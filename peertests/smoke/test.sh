#!/usr/bin/env bash
# A smoke corpus of Debian programs (corpus.tsv): every command run as the system is,
# twice (the baseline, and a check that the command's result is stable), then once
# with dryad.so.1 bind-mounted as the system interpreter. Fails when a stable
# command's exit code or stdout differs under dryad.
# usage: test.sh DRYAD COMPARE.py LIB.sh CORPUS.tsv SETUP.sh RUN_CORPUS.sh
set -uo pipefail
dryad=$1 compare=$2 lib=$3 corpus=$4 setup=$5 runner=$6; shift 6
# shellcheck source=../lib.sh
. "$lib"
peer_need_root
tmp=${TEST_TMPDIR:-$(mktemp -d)}
logs=${TEST_UNDECLARED_OUTPUTS_DIR:-$tmp/logs}
dryad=$(peer_resolve "$dryad")
W=$tmp/w
bash "$setup" "$W" || peer_die "setup.sh failed"

for who in glibc glibc2 dryad; do
    t0=$(peer_time)
    if [ $who = dryad ]; then
        peer_as_system "$dryad" /bin/bash "$runner" "$corpus" "$logs/$who" "$W"
    else
        /bin/bash "$runner" "$corpus" "$logs/$who" "$W"
    fi
    echo "== smoke: ran under $who in $(peer_since "$t0") s"
done
peer_check_host_ldso "$dryad"

# Per command: PASS under glibc when its two baseline runs agree; PASS under dryad when
# dryad's exit code and stdout are those of the first baseline run.
awk -F'\t' -v g="$tmp/glibc.tsv" -v d="$tmp/dryad.tsv" '
    FILENAME ~ /\/glibc\/summary.tsv$/  { e1[$1] = $2; m1[$1] = $3; order[++n] = $1; next }
    FILENAME ~ /\/glibc2\/summary.tsv$/ { e2[$1] = $2; m2[$1] = $3; next }
    { ed[$1] = $2; md[$1] = $3 }
    END {
        for (i = 1; i <= n; i++) {
            id = order[i]
            stable = (e1[id] == e2[id] && m1[id] == m2[id])
            printf "%s\t%s\texit=%s md5=%s\n", id, stable ? "PASS" : "UNSTABLE", e1[id], m1[id] > g
            if (!(id in ed)) st = "MISSING"
            else if (ed[id] == e1[id] && md[id] == m1[id]) st = "PASS"
            else st = "DIFF(exit=" ed[id] ")"
            printf "%s\t%s\texit=%s md5=%s\n", id, st, ed[id], md[id] > d
        }
    }' "$logs/glibc/summary.tsv" "$logs/glibc2/summary.tsv" "$logs/dryad/summary.tsv"

status=0
/usr/bin/python3 "$compare" smoke "$tmp/glibc.tsv" "$tmp/dryad.tsv" "$@" || status=1
for id in $(awk -F'\t' '$2 ~ /^DIFF|^MISSING/ { print $1 }' "$tmp/dryad.tsv"); do
    grep -q "^$id	PASS" "$tmp/glibc.tsv" || continue
    echo "---- $id: $(awk -F'\t' -v id="$id" '$1 == id { print $3 }' "$corpus")"
    diff -u --label "glibc: stdout" --label "dryad: stdout" "$logs/glibc/$id.out" "$logs/dryad/$id.out" | head -40
    echo "dryad: stderr:"; head -c 1500 "$logs/dryad/$id.err"
done
exit $status
