#!/usr/bin/env bash
# tools/errors/missing_test.sh DRYAD: a library missing from several candidate
# directories. The first line and exit status are glibc's, word for word; with
# DRYAD_VERBOSE_ERRORS=1 (or on a terminal) dryad also says which object needed
# it and every place it looked, in order, with why each was passed over.
set -uo pipefail
dryad=$(realpath "$1")
tmp=${TEST_TMPDIR:-$(mktemp -d)}
cd "$tmp"
printf 'int f(void){return 1;}\n' > l.c
printf 'int f(void); int main(void){return f();}\n' > m.c
gcc -shared -fPIC -o libx.so l.c -Wl,-soname,libx.so && gcc -o m m.c -L. -lx && rm libx.so
mkdir -p wrongclass noperm
# A 32-bit ELF header: passed over silently, as glibc passes it over.
python3 -c "import sys; sys.stdout.buffer.write(b'\x7fELF\x01\x01\x01' + bytes(57))" > wrongclass/libx.so
export LD_LIBRARY_PATH=wrongclass:missing:noperm
g=$(/lib64/ld-linux-x86-64.so.2 ./m 2>&1); gs=$?
d=$(DRYAD_VERBOSE_ERRORS=0 "$dryad" ./m 2>&1); ds=$?
v=$(DRYAD_VERBOSE_ERRORS=1 "$dryad" ./m 2>&1); vs=$?
fail=0
[ "$g" = "$d" ] && [ $gs = $ds ] && [ $ds = 127 ] || { echo "FAIL glibc's line and status: [$g]($gs) vs [$d]($ds)"; fail=1; }
[ "$(head -1 <<<"$v")" = "$g" ] && [ $vs = 127 ] || { echo "FAIL verbose first line: [$v]"; fail=1; }
expect=(
  "  libx.so was needed by ./m; tried, in order:"
  "    wrongclass/libx.so: wrong ELF class: 32-bit"
  "    missing/libx.so: no such file"
  "    noperm/libx.so: no such file"
  "    /etc/ld.so.cache: no entry for this name"
  "    /lib/x86_64-linux-gnu/libx.so: no such file"
)
for e in "${expect[@]}"; do grep -qxF -- "$e" <<<"$v" || { echo "FAIL missing line: $e"; fail=1; }; done
# In order: the LD_LIBRARY_PATH candidates before the cache, the cache before the system directories.
order=$(grep -nE 'wrongclass|missing/|noperm|ld.so.cache|/lib/x86_64' <<<"$v" | cut -d: -f1 | tr '\n' ' ')
[ "$order" = "$(tr ' ' '\n' <<<"$order" | grep . | sort -n | tr '\n' ' ')" ] || { echo "FAIL order: $order"; fail=1; }
echo "$v"
[ $fail = 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $fail
