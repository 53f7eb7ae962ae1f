#!/bin/bash
# run_malformed.sh MALFORMED_PY ARGS...: `bazel test //testbins/malformed:malformed_variants`.
# Runs malformed.py (see its docstring) with python3; failing variants are kept in
# Bazel's undeclared outputs (bazel-testlogs/.../test.outputs) for a closer look.
set -u
py=$1; shift
keep=()
[ -n "${TEST_UNDECLARED_OUTPUTS_DIR:-}" ] && keep=(--keep-failures "$TEST_UNDECLARED_OUTPUTS_DIR/failures")
exec python3 "$py" "$@" --jobs "$(nproc)" "${keep[@]}"
