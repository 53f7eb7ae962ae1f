#!/bin/bash
# testbins/bindcache/run.sh DRYAD MAIN LIB1 LIB2 BINDINGS_SH: the binding cache
# never changes what a program binds to. A run records, the next replays
# (LD_DEBUG=statistics says which, and how many lookups it replayed), and each
# prints what glibc's ld.so makes the program print:
#   - with the library rewritten in place (same inode), the cache is not used;
#   - with damaged entries, the replay is abandoned and the file removed;
#     answers for the PLT's first calls are used (one rewritten changes what a
#     call binds to), damaged ones refused one by one;
#   - a truncated, a foreign-looking or a group-writable file is not used, and
#     a directory others may write is not written into;
#   - DRYAD_BINDCACHE=off writes nothing; PT_INTERP mode records and replays;
#   - Debian programs print the same, recorded and replayed, and the replayed
#     bindings (LD_DEBUG=bindings) are glibc's.
set -u
dryad=$(realpath "$1") main=$2 lib1=$3 lib2=$4
glibc=/lib64/ld-linux-x86-64.so.2
t=$(mktemp -d "${TEST_TMPDIR:-/tmp}/bindcache.XXXXXX")
trap 'rm -rf "$t"' EXIT
dir=$t/prog cache=$t/cache
mkdir -p "$dir"
cp "$main" "$dir/main"
cp "$lib1" "$dir/libbcvalue.so"
chmod u+w "$dir"/*
export DRYAD_BINDCACHE=$cache
fails=0
# shellcheck source=../support/bindings.sh
source "$5"

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# run LABEL EXPECTED-STATE CMD...: runs CMD under dryad with statistics to a
# file, checks its output against glibc's and the cache's state line.
run() {
  local label=$1 want=$2
  shift 2
  local ref out state
  ref=$("$glibc" "$@" 2>&1)
  rm -f "$t"/stats.*
  out=$(LD_DEBUG=statistics LD_DEBUG_OUTPUT=$t/stats "$dryad" "$@" 2>&1)
  state=$(sed -n 's/.*binding cache (dryad): //p' "$t"/stats.* 2>/dev/null | head -1)
  [ "$out" == "$ref" ] || fail "$label: output differs from glibc's: '$out' vs '$ref'"
  case "$state" in
    $want) echo "ok: $label: $state" ;;
    *) fail "$label: binding cache '$state', expected '$want'" ;;
  esac
}

files() { ls "$cache" 2>/dev/null | wc -l; }

run "first run" "recorded, 0 lookups replayed" "$dir/main"
[ "$(files)" == 1 ] || fail "first run: $(files) cache files, expected 1"
run "second run" "replayed, [1-9]* lookups replayed" "$dir/main"
[ "$("$dryad" "$dir/main")" == "value 1, data 10, through pointers 1 and 2, called 100" ] || fail "library 1's values"
# With two threads (every relocation an item, as the difftest makes them), a
# thread replays each object's symbolic relocations ahead of the serial pass,
# leaving memcpy's IFUNC a hole (LD_DEBUG, which would report lookups in their
# order, turns that off: no statistics here). The same output, and a replay
# that never gave up: the next run still replays.
out=$(DRYAD_THREADS=2 DRYAD_THREADS_CHUNK=1 "$dryad" "$dir/main")
[ "$out" == "value 1, data 10, through pointers 1 and 2, called 100" ] || fail "two threads: '$out'"
run "after two threads" "replayed, [1-9]* lookups replayed" "$dir/main"

# The library rewritten in place: same inode, same size, even its old mtime back.
touch -r "$dir/libbcvalue.so" "$t/stamp"
cat "$lib2" > "$dir/libbcvalue.so"
touch -r "$t/stamp" "$dir/libbcvalue.so"
run "library rewritten" "recorded, 0 lookups replayed" "$dir/main"
[ "$("$dryad" "$dir/main")" == "value 2, data 20, through pointers 2 and 4, called 200" ] || fail "library 2's values"
run "library rewritten, again" "replayed, [1-9]* lookups replayed" "$dir/main"

# The PLT answers are what the first calls use: the program's answer for
# bc_called, rewritten to name the library's bc_twice, makes bc_called() return 4
# (a file that passes every check can rebind within the scope, as LD_PRELOAD
# can; docs/17-binding-cache.md).
f=$(ls -t "$cache"/* | head -1)
ref=$(readelf -W --dyn-syms "$dir/main" | awk '$8 == "bc_called" { sub(":", "", $1); print $1 }')
def=$(readelf -W --dyn-syms "$dir/libbcvalue.so" | awk '$8 == "bc_twice" { sub(":", "", $1); print $1 }')
cp "$f" "$t/saved"
python3 - "$f" "$ref" "$def" <<'EOF'
import struct, sys
p, ref, new = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
b = bytearray(open(p, "rb").read())
n = struct.unpack_from("<I", b, 12)[0]
head = 56 + n * 88
plt_first, plt_count = struct.unpack_from("<QQ", b, 56 + 72)  # object 0: the program
hits = 0
for i in range(plt_first, plt_first + plt_count):
    lo, hi = struct.unpack_from("<II", b, head + 8 * i)
    if hi >> 2 == ref and lo < 0xfffffffe:
        struct.pack_into("<I", b, head + 8 * i, (lo & ~0xfffff) | new)
        hits += 1
assert hits == 1, "bc_called's PLT answer not found"
open(p, "wb").write(b)
EOF
out=$("$dryad" "$dir/main")
[ "$out" == "value 2, data 20, through pointers 2 and 4, called 4" ] || fail "the PLT answer was not used: '$out'"
cp "$t/saved" "$f"

# Damaged PLT answers only (the program's, for its first calls through the
# PLT): each is refused when used, and the call searches instead.
f=$(ls -t "$cache"/* | head -1)
python3 - "$f" <<'EOF'
import struct, sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
n = struct.unpack_from("<I", b, 12)[0]
head = 56 + n * 88
plt_first, plt_count = struct.unpack_from("<QQ", b, 56 + 72)  # object 0: the program
assert plt_count > 0, "no PLT answers recorded for the program"
for i in range(plt_count):
    struct.pack_into("<I", b, head + 8 * (plt_first + i), (4000 << 20) | 5)
open(p, "wb").write(b)
EOF
run "damaged PLT answers" "replayed, [1-9]* lookups replayed" "$dir/main"
[ "$("$dryad" "$dir/main")" == "value 2, data 20, through pointers 2 and 4, called 200" ] || fail "damaged PLT answers: library 2's values"

# Damaged entries: every answer names an object that does not exist. (The
# file of library 1's run stays: one file per program and set of files.)
[ "$(files)" == 2 ] || fail "library rewritten: $(files) cache files, expected 2"
f=$(ls -t "$cache"/* | head -1)
python3 - "$f" <<'EOF'
import struct, sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
n = struct.unpack_from("<I", b, 12)[0]
nentries = struct.unpack_from("<Q", b, 48)[0]
head = 56 + n * 88
for i in range(nentries):
    struct.pack_into("<I", b, head + 8 * i, (4000 << 20) | 5)
open(p, "wb").write(b)
EOF
run "damaged entries" "replay abandoned, 0 lookups replayed" "$dir/main"
[ -e "$f" ] && fail "damaged entries: the file was kept"
run "after the damage" "recorded, 0 lookups replayed" "$dir/main"

# A truncated file, one with another key, a group-writable one: none is used.
[ -e "$f" ] || fail "after the damage: no file written"
truncate -s -8 "$f"
run "truncated file" "recorded, 0 lookups replayed" "$dir/main"
python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[16] ^= 0xff; open(sys.argv[1], "wb").write(b)' "$f"
run "another dryad's file" "recorded, 0 lookups replayed" "$dir/main"
chmod g+w "$f"
run "group-writable file" "recorded, 0 lookups replayed" "$dir/main"
[ "$(stat -c %a "$f")" == 600 ] || fail "the rewritten file is not 0600"
run "rewritten" "replayed, [1-9]* lookups replayed" "$dir/main"

# A directory others may write is not written into.
rm -rf "$cache"
mkdir "$cache"
chmod 0777 "$cache"
run "world-writable directory" "recorded, 0 lookups replayed" "$dir/main"
[ "$(files)" == 0 ] || fail "wrote into a directory others may write"

# Off: nothing read, nothing written.
rm -rf "$cache"
DRYAD_BINDCACHE=off run "DRYAD_BINDCACHE=off" "off, 0 lookups replayed" "$dir/main"
[ "$(files)" == 0 ] || fail "DRYAD_BINDCACHE=off wrote a file"

# The default directory, $HOME/.cache/dryad, made (0700) with its parent.
mkdir "$t/home"
(unset DRYAD_BINDCACHE XDG_CACHE_HOME; HOME=$t/home "$dryad" "$dir/main" > /dev/null)
[ "$(ls "$t/home/.cache/dryad" 2>/dev/null | wc -l)" == 1 ] || fail "nothing written in \$HOME/.cache/dryad"
[ "$(stat -c %a "$t/home/.cache" "$t/home/.cache/dryad" 2>/dev/null | tr '\n' ' ')" == "700 700 " ] ||
  fail "\$HOME/.cache/dryad not made 0700"
(unset DRYAD_BINDCACHE; XDG_CACHE_HOME=$t/xdg HOME=$t/home "$dryad" "$dir/main" > /dev/null)
[ "$(ls "$t/xdg/dryad" 2>/dev/null | wc -l)" == 1 ] || fail "nothing written in \$XDG_CACHE_HOME/dryad"

# PT_INTERP: the kernel maps the program; /proc/self/exe identifies it.
cp "$dir/main" "$dir/interp_main"
patchelf --set-interpreter "$dryad" "$dir/interp_main"
for label in "PT_INTERP, first run" "PT_INTERP, second run"; do
  rm -f "$t"/stats.*
  out=$(LD_DEBUG=statistics LD_DEBUG_OUTPUT=$t/stats "$dir/interp_main" 2>&1)
  state=$(sed -n 's/.*binding cache (dryad): //p' "$t"/stats.* 2>/dev/null | head -1)
  [ "$out" == "value 2, data 20, through pointers 2 and 4, called 200" ] || fail "$label: output '$out'"
  echo "$label: $state"
done
case "$state" in replayed,*) ;; *) fail "PT_INTERP: the second run did not replay ($state)" ;; esac

# Debian's programs, recorded then replayed, print what they print under glibc,
# and bind as it does (bindings, from testbins/support/bindings.sh).
debian() {
  [ -x "$1" ] || return 0
  run "$*, first run" "*" "$@" # ls's second command replays the first's lookups
  run "$*, second run" "replayed, [1-9]* lookups replayed" "$@"
  # Replayed lookups print their bindings as searched ones do: glibc's.
  rm -f "$t"/bind.*
  LD_DEBUG=bindings LD_DEBUG_OUTPUT=$t/bind.g "$glibc" "$@" > /dev/null 2>&1
  LD_DEBUG=bindings,statistics LD_DEBUG_OUTPUT=$t/bind.d "$dryad" "$@" > /dev/null 2>&1
  grep -q "binding cache (dryad): replayed" "$t"/bind.d.* || fail "$*: LD_DEBUG=bindings did not replay"
  if [ -n "$(bindings "$t/bind.g")" ] && [ "$(bindings "$t/bind.g")" == "$(bindings "$t/bind.d")" ]; then
    echo "ok: $*: replayed bindings are glibc's ($(bindings "$t/bind.d" | wc -l))"
  else
    fail "$*: replayed bindings differ from glibc's"
  fi
}
debian /bin/ls --version
debian /bin/ls -l /usr
debian /usr/bin/perl -e 'print 1 + 1, "\n"'
debian /usr/bin/python3 -c 'import json; print(json.dumps([1]))'
debian /usr/bin/sort --version
# After a replayed start (its version tables left unbuilt: docs/17-binding-cache.md),
# a dlopen and versioned dlvsym lookups need them.
debian /usr/bin/python3 -c 'import ctypes; c = ctypes.CDLL("libc.so.6"); v = c.dlvsym; v.restype = ctypes.c_void_p
h = ctypes.c_void_p(c._handle); a, b = v(h, b"realpath", b"GLIBC_2.2.5"), v(h, b"realpath", b"GLIBC_2.3")
print(c.strlen(b"abc"), a is not None, b is not None, a != b)'

[ "$fails" == 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "PASS"
