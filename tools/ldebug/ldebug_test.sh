#!/usr/bin/env bash
# tools/ldebug/ldebug_test.sh DRYAD: LD_DEBUG categories against glibc's ld.so.
#  - help: byte for byte;
#  - libs: the same libraries searched, the same files tried, the same caches and
#    initialisers called, in the same order (glibc's ld.so has an initialiser of
#    its own, dryad has none: that one line is dropped from glibc's side);
#  - bindings: every binding glibc reports for the program's symbols, dryad reports too
#    (but those glibc's ld.so makes for itself);
#  - statistics and LD_DEBUG_OUTPUT: the report exists, in the file named.
set -uo pipefail
dryad=$(realpath "$1")
glibc=/lib64/ld-linux-x86-64.so.2
tmp=${TEST_TMPDIR:-$(mktemp -d)}
pass=0 fail=0
check() { if [ "$2" = ok ]; then pass=$((pass + 1)); echo "ok   $1"; else fail=$((fail + 1)); echo "FAIL $1"; fi; }
strip() { sed 's/^ *[0-9]*:\t//'; }

diff <(LD_DEBUG=help "$dryad" /bin/true 2>&1) <(LD_DEBUG=help "$glibc" /bin/true 2>&1) > "$tmp/help.diff" \
  && check help ok || { cat "$tmp/help.diff"; check help no; }

for prog in "/bin/ls /" "/usr/bin/python3 -c pass"; do
  LD_DEBUG=libs "$dryad" $prog 2>&1 >/dev/null | strip | grep -E '^(find library|  trying file| search cache|calling init)' > "$tmp/d.libs"
  LD_DEBUG=libs "$glibc" $prog 2>&1 >/dev/null | strip | grep -E '^(find library|  trying file| search cache|calling init)' \
    | grep -v "calling init: $glibc" > "$tmp/g.libs"
  if diff "$tmp/d.libs" "$tmp/g.libs" > "$tmp/libs.diff" && [ -s "$tmp/g.libs" ]; then check "libs: $prog" ok
  else cat "$tmp/libs.diff"; check "libs: $prog" no; fi
done

LD_DEBUG=bindings "$dryad" /bin/ls / 2>&1 >/dev/null | strip | grep "^binding file /bin/ls " | sort -u > "$tmp/d.bind"
# glibc's ld.so also looks up calloc, malloc, realloc and free for its own use
# (__rtld_malloc_init_real), reported as bindings of the program: not the program's.
LD_DEBUG=bindings "$glibc" /bin/ls / 2>&1 >/dev/null | strip | grep "^binding file /bin/ls " \
  | grep -vE "symbol \`(calloc|malloc|realloc|free)' \[GLIBC_2.2.5\]$" | sort -u > "$tmp/g.bind"
missing=$(comm -13 "$tmp/d.bind" "$tmp/g.bind" | head -5)
if [ -s "$tmp/g.bind" ] && [ -z "$missing" ]; then check "bindings: /bin/ls" ok
else echo "$missing"; check "bindings: /bin/ls" no; fi

rm -f "$tmp"/stats.*
LD_DEBUG=statistics LD_DEBUG_OUTPUT="$tmp/stats" "$dryad" /bin/true
if grep -q "number of relocations:" "$tmp"/stats.* 2>/dev/null; then check "statistics to LD_DEBUG_OUTPUT" ok
else check "statistics to LD_DEBUG_OUTPUT" no; fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
