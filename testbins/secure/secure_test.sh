#!/usr/bin/env bash
# testbins/secure/secure_test.sh DRYAD: secure-execution mode, dryad against glibc.
#
# A set-user-ID program owned by nobody, started by root, runs with AT_SECURE=1.
# The same program is built twice, once with each loader as its PT_INTERP, and
# each case must give the same output and status under both:
#  - AT_SECURE reaches the program (getauxval);
#  - LD_LIBRARY_PATH is ignored, and removed from the environment;
#  - an LD_PRELOAD entry with a slash is ignored;
#  - an LD_PRELOAD name is searched in directories only, never in the cache, and
#    a file found (here in the program's DT_RUNPATH, or libz.so.1 in a system
#    directory) is refused unless it is set-user-ID (glibc's __RTLD_SECURE), and
#    preloaded when it is;
#  - $ORIGIN in the program's DT_RUNPATH (outside system directories) is not expanded.
# Everything lives under /tmp, world-readable: the program runs as nobody.
set -uo pipefail
dryad=$(realpath "$1")
if [ "$(id -u)" != 0 ]; then echo "secure_test needs root (setuid files owned by nobody)"; exit 1; fi
dir=$(mktemp -d /tmp/dryad-secure.XXXXXX)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
mkdir "$dir/lib" "$dir/other"
cp "$dryad" "$dir/dryad.so.1"
cat > "$dir/pre.c" <<'C'
#include <stdio.h>
__attribute__((constructor)) static void hello(void) { puts("preloaded"); }
C
cat > "$dir/dep.c" <<'C'
int dep(void) { return 7; }
C
cat > "$dir/main.c" <<'C'
#include <stdio.h>
#include <sys/auxv.h>
#include <stdlib.h>
int main(void) {
  printf("AT_SECURE=%lu\n", getauxval(AT_SECURE));
  const char *v = getenv("LD_LIBRARY_PATH");
  printf("LD_LIBRARY_PATH %s\n", v ? v : "removed");
  return 0;
}
C
cat > "$dir/origin.c" <<'C'
int dep(void);
int main(void) { return dep(); }
C
gcc -shared -fPIC -o "$dir/lib/libpre.so" "$dir/pre.c"
gcc -shared -fPIC -o "$dir/other/libpre.so" "$dir/pre.c"
gcc -shared -fPIC -o "$dir/lib/libdep.so" "$dir/dep.c"
for l in dryad glibc; do
  interp=$dir/dryad.so.1
  [ $l = glibc ] && interp=/lib64/ld-linux-x86-64.so.2
  gcc -o "$dir/prog-$l" "$dir/main.c" -Wl,--dynamic-linker="$interp" \
    -Wl,-rpath,"$dir/lib" -Wl,--enable-new-dtags
  gcc -o "$dir/origin-$l" "$dir/origin.c" -Wl,--dynamic-linker="$interp" \
    -L"$dir/lib" -ldep -Wl,-rpath,'$ORIGIN/lib' -Wl,--enable-new-dtags
  chown nobody "$dir/prog-$l" "$dir/origin-$l"
  chmod 4755 "$dir/prog-$l" "$dir/origin-$l"
done
chmod -R a+rX "$dir"

pass=0 fail=0
# case NAME ENV... -- PROG: the program run as prog-dryad and prog-glibc.
case_() {
  local name=$1; shift
  local envs=()
  while [ "$1" != -- ]; do envs+=("$1"); shift; done
  shift
  local d g
  d=$(env "${envs[@]}" "$dir/$1-dryad" 2>&1; echo "status $?")
  g=$(env "${envs[@]}" "$dir/$1-glibc" 2>&1; echo "status $?")
  d=${d//$1-dryad/$1}  # the programs' own names differ
  g=${g//$1-glibc/$1}
  if [ "$d" = "$g" ] && [ -n "$2" ] && grep -q -- "$2" <<< "$g"; then
    pass=$((pass + 1)); echo "ok   $name"
  else
    fail=$((fail + 1)); echo "FAIL $name"; echo "  dryad: $d" | head -5; echo "  glibc: $g" | head -5
  fi
}
case_ "AT_SECURE is set" -- prog "AT_SECURE=1"
case_ "LD_LIBRARY_PATH ignored" LD_LIBRARY_PATH="$dir/other" LD_PRELOAD=libpre.so -- prog "cannot be preloaded"
case_ "LD_LIBRARY_PATH removed from the environment" LD_LIBRARY_PATH="$dir/other" -- prog "LD_LIBRARY_PATH removed"
case_ "LD_PRELOAD with a slash ignored" LD_PRELOAD="$dir/lib/libpre.so" -- prog "^AT_SECURE=1"
case_ "LD_PRELOAD name not set-user-ID refused" LD_PRELOAD=libpre.so -- prog "cannot be preloaded"
# libz.so.1 is in the cache and in a system directory, not set-user-ID: refused.
case_ "LD_PRELOAD of a system library by name refused" LD_PRELOAD=libz.so.1 -- prog "cannot be preloaded"
chmod 4755 "$dir/lib/libpre.so"
case_ "LD_PRELOAD name set-user-ID preloaded" LD_PRELOAD=libpre.so -- prog "^preloaded"
case_ "\$ORIGIN in DT_RUNPATH refused" -- origin "cannot open shared object file"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
