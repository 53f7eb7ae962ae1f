#!/bin/sh
# run.sh: starts driver.py (next to this script in the runfiles) with Python 3;
# for `bazel test` and `bazel run` (see BUILD). Arguments pass through.
here=$(dirname "$0")
[ -f "$here/driver.py" ] || here=tools/difftest
exec python3 "$here/driver.py" "$@"
