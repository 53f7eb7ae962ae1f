# symcheck.sh: symbol-level checks of built objects, for a scenario's cases.sh.
#
# tb_relocs and tb_dyn (run_scenario.sh) say that an object has some relocation
# type or dynamic tag; the sym_* scenarios need to say more: that a symbol has
# the binding or visibility the scenario is about (a weak, unique or protected
# definition really is one), and that a given symbol is, or is not, the subject
# of a dynamic relocation (a linker may resolve a reference itself, and the
# loader then has nothing to do). Use, in cases.sh:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/../support/symcheck.sh"
#   tb_dynsym FILE SYM WORD...    the .dynsym entry SYM of FILE (as built) shows
#                                 each WORD in its Type, Bind, Vis or Ndx column
#                                 (FUNC, OBJECT, WEAK, UNIQUE, PROTECTED, UND...),
#                                 or is ZERO or NONZERO for its value (an
#                                 undefined symbol with a value: a canonical PLT
#                                 entry); "!WORD": it does not
#   tb_relsym FILE TYPE SYM       FILE has a dynamic relocation R_X86_64_TYPE
#                                 against SYM; TYPE "!" means none of any type
#   tb_dynval FILE TAG WORD...    (below)
#
# and list "//testbins:support/symcheck.sh" among the scenario's `expected`
# files so that Bazel puts it next to cases.sh in the test's runfiles.
#
# The checks run while run_scenario.sh sources cases.sh, before the cases, and
# count in its totals (its `root`, `linker`, `ncases`, `failures`).

# _tb_symcheck_result OK MESSAGE
_tb_symcheck_result() {
    ncases=$((ncases + 1))
    if [ "$1" = 1 ]; then
        echo "ok   $2"
    else
        echo "FAIL $2 ($linker): the scenario would not test it"
        failures=$((failures + 1))
    fi
}

tb_dynsym() {
    local file=$1 sym=$2 w fields; shift 2
    # Num: Value Size Type Bind Vis Ndx Name; Name may carry @VERSION. readelf
    # names GNU types and bindings only in files with EI_OSABI GNU (GNU ld sets
    # it, lld does not), else writes "<OS specific>: 10" (three words) for
    # STT_GNU_IFUNC and STB_GNU_UNIQUE alike: read those by position.
    fields=$(readelf --dyn-syms -W "$root/$file" 2>&1 | awk -v s="$sym" '
        $1 !~ /^[0-9]+:$/ { next }
        {
            n = 0; i = 4
            while (i <= NF) {
                if ($i == "<OS" && $(i + 1) == "specific>:") { w[++n] = "OS" $(i + 2); i += 3 }
                else w[++n] = $(i++)
            }
            if (n < 5 || (w[5] != s && index(w[5], s "@") != 1)) next
            if (w[1] == "OS10") w[1] = "IFUNC"
            if (w[2] == "OS10") w[2] = "UNIQUE"
            print w[1], w[2], w[3], w[4], ($2 ~ /^0+$/ ? "ZERO" : "NONZERO"); exit
        }')
    if [ -z "$fields" ]; then
        _tb_symcheck_result 0 "$file has no dynamic symbol $sym"
        return
    fi
    for w in "$@"; do
        if [[ $w == !* ]]; then
            if grep -qw -- "${w#!}" <<<"$fields"; then
                _tb_symcheck_result 0 "$file: $sym is ${w#!} ($fields)"
            else
                _tb_symcheck_result 1 "$file: $sym is not ${w#!}"
            fi
        elif grep -qw -- "$w" <<<"$fields"; then
            _tb_symcheck_result 1 "$file: $sym is $w"
        else
            _tb_symcheck_result 0 "$file: $sym is not $w ($fields)"
        fi
    done
}

tb_relsym() {
    local file=$1 type=$2 sym=$3 types
    # Offset Info Type Value Name + Addend; Name may carry @VERSION.
    types=$(readelf -rW "$root/$file" 2>&1 |
        awk -v s="$sym" '$3 ~ /^R_X86_64_/ && ($5 == s || index($5, s "@") == 1) { print $3 }')
    if [ "$type" = "!" ]; then
        if [ -z "$types" ]; then
            _tb_symcheck_result 1 "$file has no relocation against $sym"
        else
            _tb_symcheck_result 0 "$file has relocations against $sym: $(echo $types)"
        fi
    elif grep -qx "R_X86_64_$type" <<<"$types"; then
        _tb_symcheck_result 1 "$file has R_X86_64_$type against $sym"
    else
        _tb_symcheck_result 0 "$file has no R_X86_64_$type against $sym"
    fi
}

# tb_dynval FILE TAG WORD...     the dynamic entry DT_TAG of FILE shows each WORD
#                                in its value as readelf -d prints it (FLAGS:
#                                SYMBOLIC, ORIGIN...); "!WORD": it does not
tb_dynval() {
    local file=$1 tag=$2 w val; shift 2
    val=$(readelf -dW "$root/$file" 2>&1 | awk -v t="($tag)" '$2 == t { $1 = ""; $2 = ""; print; exit }')
    if [ -z "$val" ]; then
        _tb_symcheck_result 0 "$file has no DT_$tag"
        return
    fi
    for w in "$@"; do
        if [[ $w == !* ]]; then
            if grep -qw -- "${w#!}" <<<"$val"; then
                _tb_symcheck_result 0 "$file: DT_$tag has ${w#!} ($val)"
            else
                _tb_symcheck_result 1 "$file: DT_$tag lacks ${w#!}"
            fi
        elif grep -qw -- "$w" <<<"$val"; then
            _tb_symcheck_result 1 "$file: DT_$tag has $w"
        else
            _tb_symcheck_result 0 "$file: DT_$tag lacks $w ($val)"
        fi
    done
}
