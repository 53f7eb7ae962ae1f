#!/usr/bin/env bash
# bazel run //tools:bench [-- --pairs N --no-instructions --programs 'CMD;CMD' --out DIR]:
# see bench.py. Programs it cannot find are skipped and named; tools/bench-setup.sh
# installs them (as root, with the Bazel server stopped).
exec python3 tools/bench.py "$@"
