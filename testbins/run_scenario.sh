#!/bin/bash
# run_scenario.sh: runs one scenario's programs under glibc's ld.so and under dryad,
# and compares each transcript (stdout, stderr, exit status) with a checked-in file.
#
# Usage (Bazel passes these; by hand, see README.md):
#   run_scenario.sh --root DIR --cases FILE --linker bfd|lld --glibc LDSO --dryad INTERP
#                   [--dryad-is-glibc]
#   --root   the directory holding the scenario's objects as built (read only)
#   --cases  the scenario's cases.sh; expected files are looked up next to it
#
# Each case runs in up to four ways:
#   glibc-explicit   $GLIBC [ldso options] ./prog args     (in a copy of --root)
#   glibc-direct     ./prog args                           (PT_INTERP = glibc's ld.so)
#   dryad-explicit   $DRYAD [ldso options] ./prog args
#   dryad-direct     ./prog args in a second copy whose executables had
#                    `patchelf --set-interpreter $DRYAD` (absolute path)
# The direct ways are skipped for cases that pass ld.so options (--explicit-only).
#
# Expected transcripts: CASE.expected next to cases.sh. Where glibc's ld.so is known
# to differ from the psABI result (documented in the scenario's comment), the glibc
# runs are compared with CASE.glibc.expected instead, and dryad with CASE.expected.
# With --dryad-is-glibc (the harness self-check, before dryad exists) the "dryad"
# runs are compared with the glibc file too.
#
# In expected files, @PLATFORM@ stands for glibc's $PLATFORM (dl_platform from
# `ld.so --list-diagnostics`: "haswell" on AVX2 Intel machines, else "x86_64"),
# and @DIR@ for the absolute path of the directory a run happened in. "@DIR@/./"
# is written "@DIR@/": glibc names a library found through the main program's
# $ORIGIN "DIR/./libx.so" under explicit invocation of "./prog" (the origin is
# the directory part of the path given) and "DIR/libx.so" when the kernel
# started the program (the origin comes from the resolved path); that cosmetic
# difference is not checked.
#
# cases.sh is sourced; it may define setup() (run inside each copy before any case,
# e.g. to create symlinks or move libraries) and calls:
#   tb_case NAME [--ldso-opt ARG]... -- [VAR=VALUE]... ./prog [ARGS]...
#   tb_gdb_case NAME ./prog    (gdb: stop in main, list `info sharedlibrary` names)
#   tb_relocs FILE TYPE...     FILE (as built) has relocations of each TYPE
#                              (R_X86_64_ omitted; RELR means a DT_RELR table),
#                              so that a scenario cannot pass without its subject
#   tb_dyn FILE TAG...         FILE has a dynamic entry DT_TAG ("!TAG": has none)
set -u

root= cases= linker= glibc= dryad= dryad_is_glibc=0
while [ $# -gt 0 ]; do
    case "$1" in
        --root) root=$2; shift 2 ;;
        --cases) cases=$2; shift 2 ;;
        --linker) linker=$2; shift 2 ;;
        --glibc) glibc=$2; shift 2 ;;
        --dryad) dryad=$2; shift 2 ;;
        --dryad-is-glibc) dryad_is_glibc=1; shift ;;
        *) echo "run_scenario.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
for v in root cases linker glibc dryad; do
    [ -n "${!v}" ] || { echo "run_scenario.sh: --$v is required" >&2; exit 2; }
done

glibc=$(readlink -f "$glibc")
dryad=$(readlink -f "$dryad")
casedir=$(cd "$(dirname "$cases")" && pwd)
tmp=${TEST_TMPDIR:-$(mktemp -d)}
tmp=$(cd "$tmp" && pwd)
platform=$("$glibc" --list-diagnostics | sed -n 's/^dl_platform="\(.*\)"$/\1/p')
[ -n "$platform" ] || { echo "run_scenario.sh: no dl_platform from $glibc --list-diagnostics" >&2; exit 2; }
failures=0
ncases=0

# Two copies of the built objects: "plain" (PT_INTERP as linked) and "interp".
plain=$tmp/$linker/plain
interp=$tmp/$linker/interp
rm -rf "$plain" "$interp"
mkdir -p "$plain" "$interp"
cp -RL "$root/." "$plain/"
cp -RL "$root/." "$interp/"
chmod -R u+w "$plain" "$interp"
while IFS= read -r -d '' f; do
    if patchelf --print-interpreter "$f" >/dev/null 2>&1; then
        patchelf --set-interpreter "$dryad" "$f" || { echo "patchelf failed on $f" >&2; exit 2; }
    fi
done < <(find "$interp" -type f -print0)

# Source the scenario; its setup() runs in each copy.
tb_cases=()
tb_case() { tb_cases+=("case"$'\x1f'"$(printf '%s\x1f' "$@")"); }
tb_gdb_case() { tb_cases+=("gdb"$'\x1f'"$(printf '%s\x1f' "$@")"); }
tb_dyn() { tb_cases+=("dyn"$'\x1f'"$(printf '%s\x1f' "$@")"); }
tb_relocs() { tb_cases+=("relocs"$'\x1f'"$(printf '%s\x1f' "$@")"); }
# shellcheck source=/dev/null
source "$cases"
if declare -F setup >/dev/null; then
    (cd "$plain" && setup) || { echo "setup failed in $plain" >&2; exit 2; }
    (cd "$interp" && setup) || { echo "setup failed in $interp" >&2; exit 2; }
fi

# transcript OUT ERR RC DIR: the canonical text of one run, on stdout.
transcript() {
    local out=$1 err=$2 rc=$3 dir=$4
    {
        cat "$out"
        [ -s "$out" ] && [ -n "$(tail -c1 "$out")" ] && printf '\\ no newline\n'
        if [ -s "$err" ]; then
            echo "--- stderr"
            cat "$err"
            [ -n "$(tail -c1 "$err")" ] && printf '\\ no newline\n'
        fi
        echo "--- exit $rc"
    } | sed -e "s|$dir/\./|@DIR@/|g" -e "s|$dir|@DIR@|g"
}

# compare LABEL EXPECTED_FILE ACTUAL_FILE
compare() {
    local label=$1 exp=$2 act=$3
    if [ ! -f "$exp" ]; then
        # By hand only: TB_WRITE_MISSING=1 saves the first run as the expected
        # file, for review before it is checked in.
        if [ "${TB_WRITE_MISSING:-}" = 1 ]; then
            cp "$act" "$exp"
            echo "NEW  $label: wrote $exp, review it"
            return
        fi
        echo "FAIL $label: missing expected file $exp; the run gave:"
        sed 's/^/    /' "$act"
        failures=$((failures + 1))
        return
    fi
    if diff -u --label "expected ${exp#"$casedir"/}" --label "actual ($label)" \
            <(sed -e "s|@PLATFORM@|$platform|g" "$exp") "$act" >"$tmp/diff"; then
        echo "ok   $label"
    else
        echo "FAIL $label"
        cat "$tmp/diff"
        failures=$((failures + 1))
    fi
}

run_case() {
    local name=$1; shift
    local opts=() envs=() explicit_only=0
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        case "$1" in
            --ldso-opt) opts+=("$2"); explicit_only=1; shift 2 ;;
            --explicit-only) explicit_only=1; shift ;;
            *) echo "tb_case $name: unknown option $1" >&2; exit 2 ;;
        esac
    done
    shift
    while [ $# -gt 0 ] && [[ "$1" == [A-Za-z_]*=* ]]; do envs+=("$1"); shift; done
    local prog=("$@")

    local exp=$casedir/$name.expected gexp=$casedir/$name.glibc.expected
    [ -f "$gexp" ] || gexp=$exp
    local dexp=$exp
    [ "$dryad_is_glibc" = 1 ] && dexp=$gexp

    local mode dir cmd
    for mode in glibc-explicit glibc-direct dryad-explicit dryad-direct; do
        case $mode in
            glibc-explicit) dir=$plain; cmd=("$glibc" "${opts[@]}" "${prog[@]}") ;;
            glibc-direct) dir=$plain; cmd=("${prog[@]}") ;;
            dryad-explicit) dir=$plain; cmd=("$dryad" "${opts[@]}" "${prog[@]}") ;;
            dryad-direct) dir=$interp; cmd=("${prog[@]}") ;;
        esac
        [ "$explicit_only" = 1 ] && [[ $mode == *-direct ]] && continue
        local o=$tmp/out e=$tmp/err rc
        # The case's variables reach only the program: timeout and the outer env
        # are dynamically linked and must not see LD_PRELOAD and the like.
        (cd "$dir" && exec env -i PATH=/usr/bin:/bin timeout 20 \
            env -i PATH=/usr/bin:/bin "${envs[@]}" "${cmd[@]}") >"$o" 2>"$e" </dev/null
        rc=$?
        transcript "$o" "$e" "$rc" "$dir" >"$tmp/actual"
        ncases=$((ncases + 1))
        case $mode in
            glibc-*) compare "$name [${prog[*]}] $linker $mode" "$gexp" "$tmp/actual" ;;
            dryad-*) compare "$name [${prog[*]}] $linker $mode" "$dexp" "$tmp/actual" ;;
        esac
    done
}

# gdb under glibc (PT_INTERP as linked) and under dryad (patched copy): gdb must stop
# in main, and `info sharedlibrary` must list the same objects (by file name; the
# interpreter itself as @INTERP@).
run_gdb_case() {
    local name=$1 prog=$2
    local exp=$casedir/$name.expected mode dir interp_path
    for mode in glibc-direct dryad-direct; do
        case $mode in
            glibc-direct) dir=$plain; interp_path=$glibc ;;
            dryad-direct) dir=$interp; interp_path=$dryad ;;
        esac
        (cd "$dir" && env -i PATH=/usr/bin:/bin HOME="$tmp" timeout 60 gdb -nx -batch \
            -ex 'set confirm off' -ex 'set startup-with-shell off' \
            -ex 'set disable-randomization off' -ex 'set auto-load off' \
            -ex 'break main' -ex 'run' -ex 'info sharedlibrary' -ex 'kill' \
            "$prog") >"$tmp/gdb.out" 2>&1 </dev/null
        awk -v interp="$interp_path" -v glibc="$glibc" '
            /^Breakpoint 1, .* in main \(\)/ { print "stopped in main"; next }
            /^0x[0-9a-f]+ +0x[0-9a-f]+ +(Yes|No)/ {
                path = $NF
                if (path == interp || path == glibc) { print "library @INTERP@"; next }
                n = split(path, parts, "/"); print "library " parts[n]; next
            }' "$tmp/gdb.out" >"$tmp/actual"
        ncases=$((ncases + 1))
        compare "$name $linker $mode (gdb)" "$exp" "$tmp/actual"
        [ "$failures" = 0 ] || sed 's/^/    gdb| /' "$tmp/gdb.out" | head -40
    done
}

check_relocs() {
    local file=$1 t; shift
    local rel dyn
    rel=$(readelf -rW "$root/$file" 2>&1)
    dyn=$(readelf -dW "$root/$file" 2>&1)
    for t in "$@"; do
        ncases=$((ncases + 1))
        if [ "$t" = RELR ]; then
            grep -q '(RELR)' <<<"$dyn" && echo "ok   $file has DT_RELR" && continue
        else
            grep -qw "R_X86_64_$t" <<<"$rel" && echo "ok   $file has R_X86_64_$t" && continue
        fi
        echo "FAIL $file ($linker) has no $t relocation: the scenario would not test it"
        failures=$((failures + 1))
    done
}

check_dyn() {
    local file=$1 t dyn; shift
    dyn=$(readelf -dW "$root/$file" 2>&1)
    for t in "$@"; do
        ncases=$((ncases + 1))
        if [[ $t == !* ]]; then
            grep -q "(${t#!})" <<<"$dyn" || { echo "ok   $file has no DT_${t#!}"; continue; }
        else
            grep -q "($t)" <<<"$dyn" && { echo "ok   $file has DT_$t"; continue; }
        fi
        echo "FAIL $file ($linker): dynamic section does not match $t"
        failures=$((failures + 1))
    done
}

for c in "${tb_cases[@]}"; do
    IFS=$'\x1f' read -r -a f <<<"$c"
    kind=${f[0]}
    case $kind in
        case) run_case "${f[@]:1}" ;;
        gdb) run_gdb_case "${f[@]:1}" ;;
        relocs) check_relocs "${f[@]:1}" ;;
        dyn) check_dyn "${f[@]:1}" ;;
    esac
done

echo "$ncases runs, $failures failures ($linker)"
[ "$failures" = 0 ]
