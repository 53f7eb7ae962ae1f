#!/usr/bin/env bash
# interp/glibc/abi_test.sh ABI_H: re-derives every offset (and enumerator) in abi.h from the DWARF
# of the installed glibc (Debian's libc6-dbg, for the ld.so whose build-id the
# system's /lib64/ld-linux-x86-64.so.2 carries) and fails on any difference.
set -uo pipefail
abi_h=$1
ldso=/lib64/ld-linux-x86-64.so.2
id=$(readelf -n "$ldso" | sed -n 's/.*Build ID: *//p')
debug=/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug
if [ ! -f "$debug" ]; then
  echo "FAIL: no debug info for $ldso (build-id $id): install libc6-dbg"; exit 1
fi
# One gdb run: an expression per line of abi.h, in order.
exprs=() names=() wants=()
while read -r _ name value _ spec rest; do
  case "$spec" in
    sizeof) expr="sizeof($rest)" ;;
    enum) expr="(long)$rest" ;;
    *.*)
      if [[ $rest == "(byte of)" ]]; then expr=""; else
        s=${spec%%.*}; f=${spec#*.}; expr="(long)&((struct $s *)0)->$f"; fi ;;
    *) continue ;;
  esac
  if [ -z "$expr" ]; then  # a bitfield: its byte, from ptype/o
    s=${spec%%.*}; f=${spec#*.}
    got=$(gdb -batch -ex "file $debug" -ex "ptype/o struct $s" 2>/dev/null |
          sed -nE "s@^/\* +([0-9]+): *[0-9]+ +\| +[0-9]+ \*/.* $f : [0-9]+;@\1@p" | head -1)
    names+=("$name"); wants+=("$value"); exprs+=("$got"); continue
  fi
  names+=("$name"); wants+=("$value"); exprs+=("@$expr")
done < <(grep -E '^#define (GL|GLRO|CPU|LM|PD)_[A-Z0-9_]+ +[0-9]+ +// ' "$abi_h")
# Each value is printed after a marker, so an expression gdb cannot evaluate
# leaves a gap instead of shifting the rest.
args=()
for i in "${!exprs[@]}"; do
  e=${exprs[$i]}
  [[ $e == @* ]] && args+=(-ex "echo @$i\\n" -ex "print ${e:1}")
done
declare -A results=()
cur=
while read -r line; do
  if [[ $line == @* ]]; then cur=${line:1}
  elif [[ -n $cur && $line =~ ^\$[0-9]+\ =\ ([0-9]+)$ ]]; then results[$cur]=${BASH_REMATCH[1]}; cur=
  fi
done < <(gdb -batch -ex "file $debug" "${args[@]}" 2>&1)
fail=0 checked=0
for i in "${!names[@]}"; do
  e=${exprs[$i]}
  if [[ $e == @* ]]; then got=${results[$i]:-?}; else got=${e:-?}; fi
  checked=$((checked + 1))
  if [ "$got" != "${wants[$i]}" ]; then
    echo "FAIL ${names[$i]}: abi.h says ${wants[$i]}, the DWARF says $got"; fail=1
  fi
done
echo "$checked offsets checked against $debug"
[ $checked -gt 50 ] || { echo "FAIL: too few offsets parsed"; fail=1; }
exit $fail
