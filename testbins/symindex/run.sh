#!/bin/bash
# testbins/symindex/run.sh DRYAD BINDINGS_SH: startup's symbol index never
# changes what a program binds to. For each Debian program, without a binding
# cache (its replay makes no lookups): LD_DEBUG=bindings as a set equals
# glibc's, with the index as dryad decides (LD_DEBUG=statistics says whether it
# built one and over how many symbols), forced on and forced off; and the
# output with two threads binding ahead of the serial pass through it. gdb (59
# objects) gets one by default; /bin/true (3) never does; python3's dlopen
# after startup walks the scope.
set -u
dryad=$(realpath "$1")
glibc=/lib64/ld-linux-x86-64.so.2
t=$(mktemp -d "${TEST_TMPDIR:-/tmp}/symindex.XXXXXX")
trap 'rm -rf "$t"' EXIT
export DRYAD_BINDCACHE=off
unset DRYAD_SYMINDEX DRYAD_THREADS
fails=0
# shellcheck source=../support/bindings.sh
source "$2" # bindings PREFIX: the binding lines as a set
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# check WANT-INDEX CMD...: WANT-INDEX is "yes" or "no", the default's choice.
check() {
  local want=$1
  shift
  [ -x "$1" ] || { echo "skip: $1 not installed"; return 0; }
  rm -f "$t"/b.* "$t"/s.*
  LD_DEBUG=bindings LD_DEBUG_OUTPUT=$t/b.glibc "$glibc" "$@" > "$t/out.glibc" 2>&1
  bindings "$t/b.glibc" > "$t/glibc"
  [ -s "$t/glibc" ] || { fail "$*: glibc reported no bindings"; return; }
  local n
  n=$(LD_DEBUG=statistics LD_DEBUG_OUTPUT=$t/s "$dryad" "$@" 2>/dev/null >/dev/null;
      sed -n "s/.*symbols in startup's index (dryad): //p" "$t"/s.* | head -1)
  case "$want:$n" in
    yes:[1-9]*|no:0) echo "ok: $*: $n symbols in the default's index" ;;
    *) fail "$*: index of '$n' symbols by default, expected $want" ;;
  esac
  for mode in default on off; do
    local env=(DRYAD_THREADS=1)
    [ "$mode" == default ] || env+=(DRYAD_SYMINDEX=$mode)
    env "${env[@]}" LD_DEBUG=bindings LD_DEBUG_OUTPUT=$t/b.$mode "$dryad" "$@" > "$t/out.$mode" 2>&1
    bindings "$t/b.$mode" > "$t/$mode"
    if ! cmp -s "$t/glibc" "$t/$mode"; then
      fail "$*: bindings with the index $mode differ from glibc's"
      diff "$t/glibc" "$t/$mode" | head -5
    elif ! cmp -s "$t/out.glibc" "$t/out.$mode"; then
      fail "$*: output with the index $mode differs from glibc's"
    else
      echo "ok: $*: index $mode: glibc's $(wc -l < "$t/$mode") bindings"
    fi
  done
  # Threads bind ahead only without LD_DEBUG: the output, then, through the index.
  # (glibc's output above went without its LD_DEBUG lines, which went to files.)
  DRYAD_SYMINDEX=on DRYAD_THREADS=2 DRYAD_THREADS_CHUNK=64 "$dryad" "$@" > "$t/out.threads" 2>&1
  cmp -s "$t/out.glibc" "$t/out.threads" && echo "ok: $*: index on, two threads: glibc's output" ||
    fail "$*: output with the index and two threads differs from glibc's"
}

check yes /usr/bin/gdb --version
check no /bin/true
check no /usr/bin/python3 -c 'import ctypes, ctypes.util; m = ctypes.CDLL(ctypes.util.find_library("m"), mode=ctypes.RTLD_GLOBAL)
m.cbrt.restype = ctypes.c_double; print(m.cbrt(ctypes.c_double(27.0)))'

[ "$fails" == 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "PASS"
