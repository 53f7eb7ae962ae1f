#!/usr/bin/env bash
# Builds the libloading crate's own test programs (Debian's librust-libloading-dev),
# offline, with Debian's cargo and rustc and the crates Debian installs under
# /usr/share/cargo/registry.
# usage: build.sh OUT.tar
# OUT.tar holds crate/ (the crate, whose tests/functions.rs compiles its helper
# library from src/test_helpers.rs at run time, relative to the working directory) and
# bin/NAME for each test target (functions, markers, library_filename, constants,
# windows, and libloading for the unit tests), without their debug sections.
#
# One change to the crate, for relocation only: tests/functions.rs puts that helper
# library under CARGO_TARGET_TMPDIR, an absolute path of the build directory that
# cargo bakes in at compile time and that is gone when the tests run. The build
# reads it as unset, so the helper goes to ./target (the test's own fallback).
set -euo pipefail
out=$(realpath -m "$1")
registry=/usr/share/cargo/registry
crate=$(ls -d "$registry"/libloading-0.7.* 2>/dev/null | sort -V | tail -1)
[ -n "$crate" ] || { echo "librust-libloading-dev is not installed" >&2; exit 1; }
export PATH=/usr/bin:/bin
work=$(mktemp -d "${TMPDIR:-/tmp}/peer-libloading.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/stage/bin" "$work/cargo-home"
cp -r "$crate" "$work/stage/crate"
chmod -R u+w "$work/stage/crate"
cd "$work/stage/crate"
sed -i 's/option_env!("CARGO_TARGET_TMPDIR")/None/' tests/functions.rs
grep -q 'TARGET_TMPDIR: Option<&'"'"'static str> = None;' tests/functions.rs \
    || { echo "tests/functions.rs changed shape; see build.sh" >&2; exit 1; }
mkdir -p .cargo
cat > .cargo/config.toml <<EOF
[source.crates-io]
replace-with = "debian"
[source.debian]
directory = "$registry"
[net]
offline = true
EOF
export CARGO_HOME=$work/cargo-home
unset CARGO_TARGET_DIR RUSTC RUSTFLAGS
cargo test --offline --no-run --message-format=json 2>"$work/cargo.err" > "$work/cargo.json" \
    || { cat "$work/cargo.err" >&2; exit 1; }
# The executables cargo reports, one per test target.
python3 - "$work/cargo.json" "$work/stage/bin" <<'EOF'
import json, shutil, sys, os
n = 0
for line in open(sys.argv[1]):
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m.get("profile", {}).get("test"):
        shutil.copy(m["executable"], os.path.join(sys.argv[2], m["target"]["name"]))
        n += 1
print("libloading: %d test programs" % n)
if n == 0:
    sys.exit(1)
EOF
# Debug sections are 95% of each program (Rust's std); the loader never reads them.
strip --strip-debug "$work"/stage/bin/*
rm -rf target .cargo
mkdir target
tar -C "$work/stage" -cf "$out" .
