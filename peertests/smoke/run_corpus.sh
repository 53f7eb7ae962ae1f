#!/usr/bin/env bash
# Runs every line of a corpus (id<TAB>feature<TAB>bash command) with stdin closed and a
# clean environment; writes OUT/ID.out (stdout, then "exit=N"), OUT/ID.err, and
# OUT/summary.tsv: id, exit, md5 of ID.out (12 hex digits), seconds.
# usage: run_corpus.sh CORPUS.tsv OUT W
set -u
corpus=$1 out=$2 W=$3
mkdir -p "$out"; : > "$out/summary.tsv"
grep -v '^#' "$corpus" | while IFS=$'\t' read -r id _feature cmd; do
    [ -n "$id" ] || continue
    s=$(date +%s%N)
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 HOME="$W/home" W="$W" TMPDIR="$W" \
        timeout 120 bash -c "$cmd" > "$out/$id.out" 2> "$out/$id.err" < /dev/null
    rc=$?
    e=$(date +%s%N)
    echo "exit=$rc" >> "$out/$id.out"
    printf '%s\t%s\t%s\t%d.%02d\n' "$id" "$rc" "$(md5sum < "$out/$id.out" | cut -c1-12)" \
        $(((e - s) / 1000000000)) $(((e - s) / 10000000 % 100)) >> "$out/summary.tsv"
done
