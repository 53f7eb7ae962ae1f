#!/usr/bin/env bash
# tools/ldebug/ldebug_test.sh DRYAD SRCS...: LD_DEBUG categories against glibc's ld.so
# (book: docs/15-diagnostics.md). Only process ids and addresses are normalised.
#  - help: byte for byte;
#  - libs: the same libraries searched, the same files tried, the same caches and
#    initialisers called, in the same order;
#  - files, reloc, versions, scopes and all (less its symbol and binding lines):
#    the same lines in the same order, on /bin/ls, python3 and a python3 that
#    dlopens (ctypes: RTLD_LOCAL and RTLD_GLOBAL, dlopen(NULL));
#  - symbols and bindings: the same lines in the same order (both loaders look a
#    symbol up again unless the relocation before named it too);
#  - LD_BIND_NOT: lazily bound PLT slots are not updated, so every call binds again:
#    the same bindings, repeated as often as under glibc;
#  - unused, with --list and LD_TRACE_LOADED_OBJECTS (ldd -u): the same report
#    and exit status;
#  - statistics and LD_DEBUG_OUTPUT: the report exists, in the file named;
#  - --help names every option and environment variable the sources (SRCS...) read.
# What glibc's ld.so prints about itself, and dryad cannot, is dropped from
# glibc's side, each where it is filtered below.
set -uo pipefail
dryad=$(realpath "$1")
shift
srcs=("$@")
glibc=/lib64/ld-linux-x86-64.so.2
tmp=${TEST_TMPDIR:-$(mktemp -d)}
pass=0 fail=0
check() { if [ "$2" = ok ]; then pass=$((pass + 1)); echo "ok   $1"; else fail=$((fail + 1)); echo "FAIL $1"; fi; }
strip() { sed 's/^ *[0-9]*:\t//'; }
norm() { strip | sed -E 's/0x[0-9a-f]{16}/0xADDR/g'; }
# drop RE AFTER: removes lines matching RE with the empty line glibc prints before
# them and, when AFTER is 1, the one after them.
drop() {
  awk -v re="$1" -v after="$2" '{ l[NR] = $0 } END {
    for (i = 1; i <= NR; i++) if (l[i] ~ re) { k[i] = 1; if (i > 1 && l[i-1] == "") k[i-1] = 1; if (after && l[i+1] == "") k[i+1] = 1 }
    for (i = 1; i <= NR; i++) if (!k[i]) print l[i] }'
}
# glibc's ld.so relocates its own map again after the others (dryad relocated
# itself before reading LD_DEBUG), and has an initialiser and a finaliser of its
# own (dryad has neither).
glibc_self() {
  drop "^relocation processing: $glibc\$" 0 | drop "^calling (init|fini): $glibc( [[]0[]])?\$" 1
}

diff <(LD_DEBUG=help "$dryad" /bin/true 2>&1) <(LD_DEBUG=help "$glibc" /bin/true 2>&1) > "$tmp/help.diff" \
  && check help ok || { cat "$tmp/help.diff"; check help no; }

for prog in "/bin/ls /" "/usr/bin/python3 -c pass"; do
  LD_DEBUG=libs "$dryad" $prog 2>&1 >/dev/null | strip | grep -E '^(find library|  trying file| search cache|calling init)' > "$tmp/d.libs"
  LD_DEBUG=libs "$glibc" $prog 2>&1 >/dev/null | strip | grep -E '^(find library|  trying file| search cache|calling init)' \
    | grep -v "calling init: $glibc" > "$tmp/g.libs"
  if diff "$tmp/d.libs" "$tmp/g.libs" > "$tmp/libs.diff" && [ -s "$tmp/g.libs" ]; then check "libs: $prog" ok
  else cat "$tmp/libs.diff"; check "libs: $prog" no; fi
done

# The whole libs trace, search paths included, when directories are searched:
# LD_LIBRARY_PATH names a missing directory and one whose glibc-hwcaps/x86-64-v2
# subdirectory holds a copy of libz (found there), the system directories are
# searched for a library no directory has, and hwcaps subdirectories found absent
# are not tried again (interp/hwcaps.c).
mkdir -p "$tmp/hw/glibc-hwcaps/x86-64-v2"
cp /lib/x86_64-linux-gnu/libz.so.1 "$tmp/hw/glibc-hwcaps/x86-64-v2/"
cat > "$tmp/needs.c" <<'C'
int main(void) { return 0; }
C
echo 'int nowhere_fn(void) { return 0; }' > "$tmp/nowhere.c"
gcc -shared -fPIC -o "$tmp/libnowhere.so" -Wl,-soname,libnowhere.so "$tmp/nowhere.c"
gcc -o "$tmp/needs" "$tmp/needs.c" -Wl,--no-as-needed /lib/x86_64-linux-gnu/libz.so.1 -lm -L"$tmp" -lnowhere
rm "$tmp/libnowhere.so"
for ld in dryad glibc; do
  LD_LIBRARY_PATH="/nowhere:$tmp/hw" LD_DEBUG=libs "${!ld}" "$tmp/needs" 2>&1 | strip \
    | grep -v "calling init: $glibc" > "$tmp/$ld.hwlibs"
done
if diff "$tmp/dryad.hwlibs" "$tmp/glibc.hwlibs" > "$tmp/hw.diff" && grep -q "glibc-hwcaps/x86-64-v2/libz" "$tmp/glibc.hwlibs"
then check "libs: hwcaps subdirectories and search paths" ok
else head -20 "$tmp/hw.diff"; check "libs: hwcaps subdirectories and search paths" no; fi

# A directory named twice in one list, with and without a trailing slash, and the
# current directory (an empty entry) twice: glibc keeps each once (fillin_rpath),
# in the search path it prints and in the files it tries.
for ld in dryad glibc; do
  (cd "$tmp" && LD_LIBRARY_PATH="/nowhere::$tmp/hw:/nowhere:$tmp/hw/:" LD_DEBUG=libs "${!ld}" "$tmp/needs" 2>&1) \
    | strip | grep -v "calling init: $glibc" > "$tmp/$ld.duplibs"
done
if diff "$tmp/dryad.duplibs" "$tmp/glibc.duplibs" > "$tmp/dup.diff" && grep -q "glibc-hwcaps/x86-64-v2/libz" "$tmp/glibc.duplibs"
then check "libs: a directory twice in one search path" ok
else head -20 "$tmp/dup.diff"; check "libs: a directory twice in one search path" no; fi

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

ctypes="import ctypes; ctypes.CDLL('libbz2.so.1.0', ctypes.RTLD_GLOBAL)"
# A program that dlmopens libz into a new namespace: lines name namespace 1, its
# own libc.so.6 and dryad's stand-in there; finalisers run namespace 1 first.
cat > "$tmp/dlmopen.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
int main(void) { return dlmopen(LM_ID_NEWLM, "libz.so.1", RTLD_NOW) == 0; }
C
gcc -o "$tmp/dlmopen" "$tmp/dlmopen.c"
# (all, for the dlmopen program: see the libs note in docs/15-diagnostics.md.)
for cat in files reloc versions scopes all; do
  for prog in "/bin/ls /" "/usr/bin/python3 -c pass" "/usr/bin/python3 -c \"$ctypes\"" "$tmp/dlmopen"; do
    [ "$cat/$prog" = "all/$tmp/dlmopen" ] && continue
    eval "LD_DEBUG=$cat \"\$dryad\" $prog" 2>&1 >/dev/null | norm | grep -vE '^(symbol=|binding file )' > "$tmp/d.$cat"
    eval "LD_DEBUG=$cat \"\$glibc\" $prog" 2>&1 >/dev/null | norm | grep -vE '^(symbol=|binding file )' \
      | glibc_self > "$tmp/g.$cat"
    # dryad adds a dlopened object to the global scope before running its
    # initialisers, glibc after: the line is compared apart from the order.
    for s in d g; do
      grep '^add .* to global scope$' "$tmp/$s.$cat" > "$tmp/$s.add"
      drop '^add .* to global scope$' 0 < "$tmp/$s.$cat" > "$tmp/$s.ordered"
    done
    if [ -s "$tmp/g.ordered" ] && diff "$tmp/d.ordered" "$tmp/g.ordered" > "$tmp/diff" && diff -q "$tmp/d.add" "$tmp/g.add" >/dev/null
    then check "$cat: ${prog:0:40}" ok
    else head -20 "$tmp/diff"; check "$cat: ${prog:0:40}" no; fi
  done
done

for cat in symbols bindings; do
  for prog in "/bin/ls /" "/usr/bin/python3 -c \"$ctypes\"" "$tmp/dlmopen"; do
    # glibc's ld.so looks up calloc, malloc, realloc and free in the program's
    # scope for itself (__rtld_malloc_init_real), and binds its own references to
    # libc's _dl_catch_error, _dl_catch_exception, _dl_signal_error and
    # _dl_signal_exception; dryad does neither. The first are dropped from both
    # sides (the program's own lookups of them look the same), the second from glibc's.
    mine='^(symbol=(calloc|malloc|realloc|free);|binding file .*`(calloc|malloc|realloc|free)'"' \\[GLIBC_2.2.5\\]\$)"
    eval "LD_DEBUG=$cat \"\$dryad\" $prog" 2>&1 >/dev/null | strip | grep -E '^(symbol=|binding file )' \
      | grep -vE "$mine" > "$tmp/d.$cat"
    eval "LD_DEBUG=$cat \"\$glibc\" $prog" 2>&1 >/dev/null | strip | grep -E '^(symbol=|binding file )' \
      | grep -vE "$mine" | grep -vE "^symbol=_dl_(catch|signal)_(error|exception);|^binding file $glibc " \
      > "$tmp/g.$cat"
    if [ -s "$tmp/g.$cat" ] && diff "$tmp/d.$cat" "$tmp/g.$cat" > "$tmp/diff"; then check "$cat: ${prog:0:40}" ok
    else head -20 "$tmp/diff"; check "$cat: ${prog:0:40}" no; fi
  done
done

# LD_BIND_NOT: the program's bindings, each as many times as under glibc (the
# lazily bound ones many times over).
mine="symbol \`(calloc|malloc|realloc|free)' \\[GLIBC_2.2.5\\]\$"
LD_BIND_NOT=1 LD_DEBUG=bindings "$dryad" /bin/ls / 2>&1 >/dev/null | strip | grep "^binding file /bin/ls " \
  | grep -vE "$mine" | sort > "$tmp/d.bindnot"
LD_BIND_NOT=1 LD_DEBUG=bindings "$glibc" /bin/ls / 2>&1 >/dev/null | strip | grep "^binding file /bin/ls " \
  | grep -vE "$mine" | sort > "$tmp/g.bindnot"
if [ "$(wc -l < "$tmp/g.bindnot")" -gt "$(sort -u "$tmp/g.bindnot" | wc -l)" ] && diff -q "$tmp/d.bindnot" "$tmp/g.bindnot" >/dev/null
then check "LD_BIND_NOT: /bin/ls" ok
else diff "$tmp/d.bindnot" "$tmp/g.bindnot" | head; check "LD_BIND_NOT: /bin/ls" no; fi

# unused: ldd -u's report on standard output, and its status (1: something unused).
for prog in /bin/ls /usr/bin/python3 /bin/true; do
  for how in --list env; do
    if [ $how = --list ]; then
      out_d=$(LD_DEBUG=unused "$dryad" --list $prog 2>&1); rc_d=$?
      out_g=$(LD_DEBUG=unused "$glibc" --list $prog 2>&1); rc_g=$?
    else
      out_d=$(LD_DEBUG=unused LD_TRACE_LOADED_OBJECTS=1 "$dryad" $prog 2>&1); rc_d=$?
      out_g=$(LD_DEBUG=unused LD_TRACE_LOADED_OBJECTS=1 "$glibc" $prog 2>&1); rc_g=$?
    fi
    if [ "$out_d" = "$out_g" ] && [ $rc_d = $rc_g ]; then check "unused $how: $prog" ok
    else echo "dryad ($rc_d): $out_d"; echo "glibc ($rc_g): $out_g"; check "unused $how: $prog" no; fi
  done
done
if [[ $(LD_DEBUG=unused "$glibc" --list /bin/ls) == "Unused direct dependencies:"* ]]; then check "unused: glibc reports something" ok
else check "unused: glibc reports something" no; fi

help=$("$dryad" --help)
missing=""
for name in $(cat "${srcs[@]}" | grep -oE 'dr_getenv\([^,]*, "[A-Z_]+"\)|dr_strcmp\(a, "--[a-z0-9-]+"\)' \
                | grep -oE '"[^"]+"' | tr -d '"' | sort -u); do
  grep -qe "$name" <<< "$help" || missing="$missing $name"
done
if [ -z "$missing" ] && [ ${#srcs[@]} -gt 0 ]; then check "--help names every option and variable" ok
else echo "not in --help:$missing"; check "--help names every option and variable" no; fi

# LD_WARN with LD_TRACE_LOADED_OBJECTS (ldd -d; with LD_BIND_NOW, ldd -r): every
# object's relocations resolved, each undefined symbol reported on standard error,
# the PLT's only with LD_BIND_NOW; a versioned one names its version. The library
# the programs were linked against is then replaced by one that lacks the symbols.
cat > "$tmp/warnlib.c" <<'C'
int present(void) { return 1; }
int gone(void) { return 2; }
int gone_data = 3;
int vf(void) { return 4; }
C
cat > "$tmp/warnmain.c" <<'C'
extern int present(void), gone(void), vf(void);
extern int gone_data;
int main(void) { return present() + gone() + gone_data + vf(); }
C
echo 'W1 { global: present; gone; gone_data; vf; local: *; };' > "$tmp/warn.map"
gcc -shared -fPIC -o "$tmp/libwarn.so" -Wl,-soname,libwarn.so -Wl,--version-script="$tmp/warn.map" "$tmp/warnlib.c"
gcc -o "$tmp/warnmain" "$tmp/warnmain.c" -L"$tmp" -lwarn -Wl,-rpath,"$tmp"
echo 'int present(void) { return 1; }' > "$tmp/warnlib2.c"
echo 'W1 { global: present; local: *; };' > "$tmp/warn.map"
gcc -shared -fPIC -o "$tmp/libwarn.so" -Wl,-soname,libwarn.so -Wl,--version-script="$tmp/warn.map" "$tmp/warnlib2.c"
for mode in "LD_WARN=yes" "LD_WARN=yes LD_BIND_NOW=1" "LD_BIND_NOW=1"; do
  for ld in dryad glibc; do
    env $mode LD_TRACE_LOADED_OBJECTS=1 "${!ld}" "$tmp/warnmain" 2> "$tmp/$ld.warn" >/dev/null
    echo "status $?" >> "$tmp/$ld.warn"
  done
  expect=$([ "$mode" = "LD_BIND_NOW=1" ] && echo '^status 0$' || echo 'undefined symbol: gone_data, version W1')
  if diff "$tmp/dryad.warn" "$tmp/glibc.warn" > "$tmp/warn.diff" && grep -q "$expect" "$tmp/glibc.warn"
  then check "LD_TRACE_LOADED_OBJECTS $mode" ok
  else cat "$tmp/warn.diff"; check "LD_TRACE_LOADED_OBJECTS $mode" no; fi
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
