#!/bin/bash
# run.sh: runs a corpus of real commands under glibc's ld.so and under dryad, and
# compares stdout, stderr and exit status (issue 3).
#
# Usage (Bazel passes these; by hand, see README.md):
#   run.sh --mode explicit|system --dryad INTERP --corpus FILE.tsv
#          [--reference LDSO] [--bin FILE] [--inputs DIR] [--expected DIR]
#          [--known FILE] [--only REGEX] [--timeout SECONDS] [--keep DIR]
#          [--write-expected]
#
# The corpus is a TSV file: id <TAB> feature exercised <TAB> bash command. Lines
# starting with # and blank lines are skipped. Each command runs twice, once with
# the reference loader (glibc's ld.so) and once with dryad:
#
#   explicit  RUN=LOADER in the command's environment; commands name the program
#             they are about as `$RUN /usr/bin/prog ARGS`, so that program (the top
#             process only) runs as `LOADER /usr/bin/prog ARGS`; everything else,
#             bash included, runs under the system's ld.so as usual.
#   system    RUN is empty; the whole command runs in a private mount namespace
#             (unshare -m) where, for dryad, INTERP is bind-mounted over
#             /lib64/ld-linux-x86-64.so.2: every process the command starts runs
#             under it. The reference runs in a private namespace too, without
#             the bind mount. Needs root.
#
# Every command runs in a fresh scratch directory ($W, also its cwd; HOME=$W/home,
# TMPDIR=$W/tmp) with `env -i` and a fixed environment: PATH=/usr/sbin:/usr/bin:
# /sbin:/bin, LANG=C.UTF-8, TZ=UTC, plus B (--bin: the directory of the built
# programs) and IN (--inputs: fixed input files), under bash -o pipefail, with
# stdin from /dev/null and a timeout (default 60 s).
#
# Comparison: the transcript of a run is its stdout, then "--- stderr" and its
# stderr if any, then "--- exit N". In both transcripts the scratch directory is
# written $W, and the --bin and --inputs directories $B and $IN; nothing else is
# normalised here. A command whose output has other run-to-run differences (a
# PID, a time) normalises it itself, in the corpus, where it can be read.
# The reference run must exit 0 and print something; otherwise the
# entry is BROKEN (a harness or corpus problem) and fails. With --expected DIR,
# the reference transcript must also equal DIR/ID.expected where that exists.
#
# Known failures (--known FILE, TSV: id <TAB> explicit|system|both <TAB> reason):
# a listed entry that differs is XFAIL and does not fail the run; one that
# matches is reported XPASS (remove it from the list). BROKEN is never excused.
#
# Harness self-check: --dryad /lib64/ld-linux-x86-64.so.2 (glibc against itself)
# must pass every entry. --write-expected writes missing ID.expected files from
# the reference run, for review. Under Bazel, the transcripts of entries that
# did not pass are kept in the test's undeclared outputs (outputs.zip); --keep
# DIR keeps every run's scratch directory and transcripts.
# Honours Bazel's test sharding (TEST_TOTAL_SHARDS, TEST_SHARD_INDEX).
set -u

me=$(readlink -f "$0")
die() { echo "run.sh: $*" >&2; exit 2; }

# ---- the worker: runs one batch of entries, possibly inside unshare -m ---------
# run.sh --worker SIDEDIR LISTFILE BIN INPUTS TIMEOUT RUNPREFIX [BIND_INTERP]
if [ "${1:-}" = --worker ]; then
    sidedir=$2 list=$3 bin=$4 inputs=$5 tmo=$6 runpfx=$7 bind=${8:-}
    if [ -n "$bind" ]; then
        mount --bind "$bind" /lib64/ld-linux-x86-64.so.2 ||
            die "cannot bind-mount $bind over /lib64/ld-linux-x86-64.so.2 (root and unshare -m needed)"
    fi
    # What the kernel will load as PT_INTERP from now on, recorded for the check
    # outside.
    cksum < /lib64/ld-linux-x86-64.so.2 > "$sidedir/interp.cksum"
    # This shell's own notes ("Segmentation fault" of a command) go to a log, not
    # into the test's output: the transcripts already hold the exit status.
    exec 2> "$sidedir/worker.log"
    while IFS=$'\t' read -r id cmd; do
        w=$sidedir/$id
        mkdir -p "$w/home" "$w/tmp"
        (
            cd "$w" || exit 99
            exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$w/home" TMPDIR="$w/tmp" \
                LANG=C.UTF-8 TZ=UTC W="$w" B="$bin" IN="$inputs" RUN="$runpfx" \
                timeout -k 5 "$tmo" bash --noprofile --norc -o pipefail -c "$cmd"
        ) < /dev/null > "$w.out" 2> "$w.err"
        echo $? > "$w.rc"
    done < "$list"
    exit 0
fi

# ---- the driver -------------------------------------------------------------------
mode= dryad= reference=/lib64/ld-linux-x86-64.so.2 corpus= bin= inputs= expected= known=
only= tmo=60 keep= write_expected=0
while [ $# -gt 0 ]; do
    case "$1" in
        --mode) mode=$2; shift 2 ;;
        --dryad) dryad=$2; shift 2 ;;
        --reference) reference=$2; shift 2 ;;
        --corpus) corpus=$2; shift 2 ;;
        --bin) bin=$2; shift 2 ;;
        --inputs) inputs=$2; shift 2 ;;
        --expected) expected=$2; shift 2 ;;
        --known) known=$2; shift 2 ;;
        --only) only=$2; shift 2 ;;
        --timeout) tmo=$2; shift 2 ;;
        --keep) keep=$2; shift 2 ;;
        --write-expected) write_expected=1; shift ;;
        *) die "unknown argument $1" ;;
    esac
done
case "$mode" in explicit|system) ;; *) die "--mode explicit|system is required" ;; esac
[ -n "$dryad" ] && [ -n "$corpus" ] || die "--dryad and --corpus are required"
dryad=$(readlink -f "$dryad") corpus=$(readlink -f "$corpus")
[ -f "$dryad" ] || die "no interpreter at $dryad"
# --bin names a file (a Bazel label's location) or a directory: $B is the
# directory, resolved, so that $ORIGIN finds the libraries built beside it.
if [ -n "$bin" ]; then
    bin=$(readlink -f "$bin")
    [ -d "$bin" ] || bin=$(dirname "$bin")
fi
[ -z "$inputs" ] || inputs=$(readlink -f "$inputs")
[ -z "$expected" ] || expected=$(readlink -f "$expected")
[ -z "$known" ] || known=$(readlink -f "$known")
if [ "$mode" = system ] && [ "$(id -u)" != 0 ]; then
    die "system mode needs root (unshare -m, mount --bind)"
fi

scratch=$(mktemp -d "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/realprogs.XXXXXX")
[ -n "$keep" ] || trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/ref" "$scratch/cand"

# The entries of this run (and shard).
shards=${TEST_TOTAL_SHARDS:-1} shard=${TEST_SHARD_INDEX:-0}
[ -z "${TEST_SHARD_STATUS_FILE:-}" ] || touch "$TEST_SHARD_STATUS_FILE"
list=$scratch/list.tsv
: > "$list"
declare -A seen feature
n=0
while IFS=$'\t' read -r id feat cmd rest; do
    case "$id" in ''|'#'*) continue ;; esac
    [ -n "${cmd:-}" ] && [ -z "${rest:-}" ] || die "$corpus: entry '$id' is not id<TAB>feature<TAB>command"
    [[ "$id" =~ ^[A-Za-z0-9_.+-]+$ ]] || die "$corpus: bad id '$id'"
    [ -z "${seen[$id]:-}" ] || die "$corpus: duplicate id '$id'"
    seen[$id]=1 feature[$id]=$feat
    case "$cmd" in *'$RUN'*|*'${RUN}'*|*'${RUN:-'*) ;; *) die "$corpus: entry '$id' never uses \$RUN (explicit mode would not test the loader)" ;; esac
    n=$((n + 1))
    [ $(((n - 1) % shards)) -eq "$shard" ] || continue
    [ -z "$only" ] || [[ "$id" =~ $only ]] || continue
    printf '%s\t%s\n' "$id" "$cmd" >> "$list"
done < "$corpus"
[ -s "$list" ] || { echo "run.sh: no entries selected"; exit 0; }

# The two batches: the reference first, then dryad.
if [ "$mode" = explicit ]; then
    "$me" --worker "$scratch/ref" "$list" "$bin" "$inputs" "$tmo" "$reference"
    "$me" --worker "$scratch/cand" "$list" "$bin" "$inputs" "$tmo" "$dryad"
else
    unshare -m "$me" --worker "$scratch/ref" "$list" "$bin" "$inputs" "$tmo" "" ||
        die "unshare -m failed (system mode needs root)"
    unshare -m "$me" --worker "$scratch/cand" "$list" "$bin" "$inputs" "$tmo" "" "$dryad" ||
        echo "run.sh: the worker under dryad exited with status $?" >&2
    if [ "$(cat "$scratch/cand/interp.cksum" 2>/dev/null)" != "$(cksum < "$dryad")" ]; then
        die "the dryad batch did not run with $dryad as /lib64/ld-linux-x86-64.so.2"
    fi
fi

# The transcript of one run, normalised (see the header).
transcript() { # SIDEDIR ID
    local w=$1/$2
    {
        [ -f "$w.out" ] && cat "$w.out"
        if [ -s "$w.err" ]; then echo "--- stderr"; cat "$w.err"; fi
        echo "--- exit $(cat "$w.rc" 2>/dev/null || echo missing)"
    } | sed -e "s|$w|\$W|g" ${bin:+-e "s|$bin|\$B|g"} ${inputs:+-e "s|$inputs|\$IN|g"}
}

known_for() { # ID -> prints the reason if ID is a known failure in this mode
    [ -n "$known" ] || return 1
    awk -F'\t' -v id="$1" -v mode="$mode" '
        $1 == id && ($2 == mode || $2 == "both") { print $3; found = 1; exit }
        END { exit !found }' "$known"
}

outdir=${TEST_UNDECLARED_OUTPUTS_DIR:-}
pass=0 fail=0 xfail=0 xpass=0
failed_ids=()
while IFS=$'\t' read -r id cmd; do
    transcript "$scratch/ref" "$id" > "$scratch/ref/$id.t"
    transcript "$scratch/cand" "$id" > "$scratch/cand/$id.t"
    verdict=PASS why=
    if [ "$(cat "$scratch/ref/$id.rc")" != 0 ] || { [ ! -s "$scratch/ref/$id.out" ] && [ ! -s "$scratch/ref/$id.err" ]; }; then
        verdict=BROKEN why="the reference run exited $(cat "$scratch/ref/$id.rc") or printed nothing"
    elif [ -n "$expected" ] && [ -f "$expected/$id.expected" ] &&
         ! cmp -s "$expected/$id.expected" "$scratch/ref/$id.t"; then
        verdict=BROKEN why="the reference run differs from $id.expected"
        diff -u "$expected/$id.expected" "$scratch/ref/$id.t" | head -40 | sed 's/^/    /'
    elif ! cmp -s "$scratch/ref/$id.t" "$scratch/cand/$id.t"; then
        verdict=FAIL why="dryad's run differs from glibc's"
    fi
    if [ "$write_expected" = 1 ] && [ -n "$expected" ] && [ ! -f "$expected/$id.expected" ] &&
       [ "$(cat "$scratch/ref/$id.rc")" = 0 ]; then
        cp "$scratch/ref/$id.t" "$expected/$id.expected" && echo "wrote $expected/$id.expected"
    fi
    reason=$(known_for "$id") && is_known=1 || is_known=0
    case "$verdict/$is_known" in
        PASS/0) pass=$((pass + 1)); printf 'PASS    %-8s %s\n' "$mode" "$id" ;;
        PASS/1) pass=$((pass + 1)) xpass=$((xpass + 1))
                printf 'XPASS   %-8s %s (listed as a known failure: %s; remove it from the list)\n' "$mode" "$id" "$reason" ;;
        FAIL/1) xfail=$((xfail + 1)); printf 'XFAIL   %-8s %s (known: %s)\n' "$mode" "$id" "$reason" ;;
        *)      fail=$((fail + 1)) failed_ids+=("$id")
                printf '%-7s %-8s %s: %s (%s)\n' "$verdict" "$mode" "$id" "$why" "${feature[$id]}" ;;
    esac
    if [ "$verdict" != PASS ]; then
        if [ "$verdict" = FAIL ]; then
            diff -u --label glibc --label dryad "$scratch/ref/$id.t" "$scratch/cand/$id.t" |
                head -$([ "$is_known" = 0 ] && echo 40 || echo 12) | sed 's/^/    /'
            [ "$is_known" = 1 ] || printf '    command: %s\n' "$cmd"
        fi
        if [ -n "$outdir" ]; then
            mkdir -p "$outdir/$mode/$id"
            cp "$scratch/ref/$id.t" "$outdir/$mode/$id/glibc.transcript"
            cp "$scratch/cand/$id.t" "$outdir/$mode/$id/dryad.transcript"
        fi
    fi
done < "$list"

if [ -n "$keep" ]; then
    mkdir -p "$keep" && cp -a "$scratch/." "$keep/" && echo "kept in $keep"
fi
echo "$(basename "$(dirname "$corpus")") $mode: $pass pass, $fail fail, $xfail known failures" \
     "($xpass of the known ones now pass)"
[ "$fail" -eq 0 ] || { echo "not passing: ${failed_ids[*]}"; exit 1; }
exit 0
