#!/usr/bin/env bash
# Installs the programs //tools:bench measures that a fresh Debian 12 machine lacks
# (run as root): the five big ones of issue 6 beside the small ones, valgrind for
# instruction counts, rsvg-convert for the PNG. All from Debian's archive. Not
# needed by the tests (stop the Bazel server first: `bazel shutdown`).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(git perl python3 clang-14 gimp inkscape chromium libreoffice-core valgrind librsvg2-bin)
if ! dpkg -s "${packages[@]}" >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
