#!/usr/bin/env bash
# tools/demo.sh DRYAD SCENARIO...: dryad's main job on a default set of programs:
# the scenario programs below, then a few of Debian's own programs.
# Each program of each scenario (built by GNU ld, no libc) runs under glibc's
# ld.so and under dryad.so.1, explicitly (`LDSO PROG`, compared with glibc's
# explicit run) and as the program's PT_INTERP (compared with the program run as
# linked); the table shows whether output and exit status agree.
set -u
dryad=$(realpath "$1"); shift
glibc=/lib64/ld-linux-x86-64.so.2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "dryad: $("$dryad" --version | head -1)"
echo "reference: glibc $(ldd --version | head -1 | awk '{print $NF}') ($glibc)"
echo
printf '%-18s %-18s %-6s %-6s %-6s %s\n' scenario program glibc dryad interp verdict
same=0 total=0
for s in "$@"; do
  dir=testbins/$s/bfd
  [ -d "$dir" ] || continue
  # Two copies: one as linked, one whose programs name dryad as PT_INTERP.
  cp -r "$dir" "$tmp/$s"; cp -r "$dir" "$tmp/interp/$s" 2>/dev/null || { mkdir -p "$tmp/interp"; cp -r "$dir" "$tmp/interp/$s"; }
  chmod -R u+w "$tmp/$s" "$tmp/interp/$s"
  for prog in "$tmp/$s"/*; do
    [ -f "$prog" ] && [ -x "$prog" ] && [[ $prog != *.so* ]] || continue
    name=$(basename "$prog")
    g=$(cd "$tmp/$s" && "$glibc" "./$name" 2>&1); gs=$?
    d=$(cd "$tmp/$s" && "$dryad" "./$name" 2>&1); ds=$?
    gd=$(cd "$tmp/$s" && "./$name" 2>&1); gds=$?
    patchelf --set-interpreter "$dryad" "$tmp/interp/$s/$name"
    i=$(cd "$tmp/interp/$s" && "./$name" 2>&1); is=$?
    total=$((total + 1))
    # glibc's ld.so aborts when a program without libc calls the %rdx finaliser:
    # there dryad follows the psABI (docs/10-init-fini.md), so only dryad's two runs must agree.
    if [[ $g == *"_dl_fini: Assertion"* ]]; then verdict="psABI (glibc asserts)"; [ "$d" = "$i" ] && [ $ds = $is ] && same=$((same + 1))
    elif [ "$g" = "$d" ] && [ "$gd" = "$i" ] && [ $gs = $ds ] && [ $gds = $is ]; then verdict=same; same=$((same + 1))
    else verdict=DIFFERENT; fi
    printf '%-18s %-18s %-6s %-6s %-6s %s\n' "$s" "$name" "$gs" "$ds" "$is" "$verdict"
  done
done
# Then a few of Debian's own programs, which use glibc's libc.so.6, run explicitly.
for cmd in "/bin/true" "/bin/ls --version" "/usr/bin/sort --version" "/usr/bin/python3 --version" \
           "/usr/bin/perl -MPOSIX -e exit" "/usr/bin/git --version"; do
  read -r -a args <<<"$cmd"
  [ -x "${args[0]}" ] || continue
  g=$("$glibc" "${args[@]}" 2>&1); gs=$?
  d=$("$dryad" "${args[@]}" 2>&1); ds=$?
  total=$((total + 1))
  if [ "$g" = "$d" ] && [ $gs = $ds ]; then verdict=same; same=$((same + 1)); else verdict=DIFFERENT; fi
  printf '%-18s %-18s %-6s %-6s %-6s %s\n' debian "$(basename "${args[0]}")" "$gs" "$ds" - "$verdict"
done
echo
echo "$same of $total programs behave as expected under dryad.so.1"
[ "$same" = "$total" ]
