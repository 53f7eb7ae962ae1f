#!/usr/bin/env bash
# bazel run //tools:bench [-- --runs N --instructions --programs 'CMD;CMD']: see bench.py.
exec python3 tools/bench.py "$@"
