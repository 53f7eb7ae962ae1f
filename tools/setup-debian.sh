#!/usr/bin/env bash
# Installs what dryad's build and tests need on a fresh Debian 12 machine (run as root).
# Everything comes from Debian's archive; nothing else is downloaded.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(
  bazel-bootstrap        # Bazel 4.2.3, offline (see third_party/ and docs/02-design.md)
  gcc binutils           # GNU ld builds dryad.so.1 and half of the test programs
  clang-14 lld-14        # clang + lld build the other half, and the hosted core/ for tests
  libclang-rt-14-dev     # ASan/UBSan runtimes for the hosted core/
  libfuzzer-14-dev afl++ # fuzzers (fuzz/)
  libgtest-dev           # unit tests of core/
  musl musl-tools        # the second reference loader, /lib/ld-musl-x86_64.so.1
  libc6-dbg gdb          # glibc's DWARF (layouts) and the debugger-interface tests
  patchelf python3       # test programs with dryad as PT_INTERP; test scripts
  g++ libsnappy-dev      # testbins/glibcprogs: C++ programs, the snappy test
  # testbins/realprogs: the real commands of its corpus
  git make curl openssl xz-utils bzip2 zstd lz4 gawk sqlite3 file bc jq xxd faketime
  nodejs openjdk-17-jre-headless
  # peertests/: glibc's own tests (sources), CPython's tests, the libloading crate
  glibc-source libpython3.11-testsuite
  cargo rustc librust-libloading-dev librust-libc-dev librust-static-assertions-dev
  # peertests/smoke: the Debian programs of its corpus
  pamtester bash-builtins libc-devtools locales cmake strace sqlite3 perl gdb
  fontconfig fonts-dejavu-core libgdk-pixbuf-2.0-0 librsvg2-common
  xvfb xauth mesa-utils libgl1-mesa-dri imagemagick openjdk-17-jdk-headless
)
if ! dpkg -s "${packages[@]}" >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
