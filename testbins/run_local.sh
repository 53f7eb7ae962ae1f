#!/bin/bash
# run_local.sh: runs scenarios by hand, outside `bazel test`, from the outputs of
# `bazel build //testbins/...`. Usage, from the workspace root:
#   testbins/run_local.sh [--dryad PATH] [SCENARIO...]      (default: all)
# Without --dryad, glibc's ld.so stands in for dryad (with --dryad-is-glibc).
cd "$(dirname "$0")/.." || exit 2
dryad_args=(--dryad /lib64/ld-linux-x86-64.so.2 --dryad-is-glibc)
if [ "${1:-}" = --dryad ]; then dryad_args=(--dryad "$2"); shift 2; fi
scenarios=("$@")
if [ ${#scenarios[@]} = 0 ]; then
    for c in testbins/*/cases.sh; do scenarios+=("$(basename "$(dirname "$c")")"); done
fi
bin=$(bazel info bazel-bin 2>/dev/null)
status=0
for s in "${scenarios[@]}"; do
    for linker in bfd lld; do
        [ -d "$bin/testbins/$s/$linker" ] || continue
        tmp=$(mktemp -d)
        TEST_TMPDIR=$tmp testbins/run_scenario.sh --root "$bin/testbins/$s/$linker" \
            --cases "testbins/$s/cases.sh" --linker "$linker" \
            --glibc /lib64/ld-linux-x86-64.so.2 "${dryad_args[@]}" | sed "s/^/[$s] /" || status=1
        [ "${PIPESTATUS[0]}" = 0 ] || status=1
        rm -rf "$tmp"
    done
done
exit $status
