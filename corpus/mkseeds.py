#!/usr/bin/env python3
"""corpus/mkseeds.py: writes the seed inputs of //fuzz:symbols, //fuzz:search and
//fuzz:load (formats: the comments at the top of fuzz/symbols.c, search.c, load.c).

    bazel build //testbins/...   # the scenario objects
    python3 corpus/mkseeds.py [--testbins bazel-bin/testbins] [--out corpus]

Seeds come from a few small, versioned Debian 12 system libraries and from the
testbins scenario objects (programs with their libraries, both linkers). Files
whose name starts with "crash-" or "min-" (crash inputs, minimised) or "fz-"
(inputs the fuzzers found that reach new code, merged with -merge=1) are left
alone. The seeds are deterministic for given inputs.
"""
import argparse
import os
import re
import struct
import subprocess
import sys

SYSLIBS = ["libattr.so.1", "libacl.so.1", "libuuid.so.1", "libcom_err.so.2",
           "libkeyutils.so.1", "libmd.so.0", "libffi.so.8", "libBrokenLocale.so.1"]
SYSDIR = "/lib/x86_64-linux-gnu"

# (scenario, linker, program, libraries...) for //fuzz:load: the program first.
LOAD_SETS = [
    ("sym_versions", "lld", "prog", "libver.so"),
    ("sym_versions", "bfd", "prog_old", "libver.so"),
    ("sym_versions", "lld", "prog_v3", "libver.so"),
    ("reloc_copy", "lld", "prog", "libdata.so"),
    ("reloc_copy", "bfd", "prog", "libdata.so"),
    ("tls_static", "lld", "prog", "libtlsie.so"),
    ("tls_dynamic", "lld", "prog", "libtlsgd.so"),
    ("ifunc_order", "lld", "prog", "liba.so", "libb.so"),
    ("lazy_binding", "lld", "prog", "libfn.so"),
    ("reloc_relr", "lld", "prog", "librelr.so"),
    ("reloc_relr", "bfd", "prog", "librelr.so"),
    ("sym_scope_order", "lld", "prog", "liba.so", "libb.so", "libd.so"),
    ("sym_symbolic", "lld", "prog", "libbsym.so", "libflag.so", "libplain.so", "libtag.so"),
    ("sym_hash_styles", "lld", "prog", "libboth.so", "libgnu.so", "libsysv.so"),
    ("sym_hash_styles", "bfd", "prog_sysv", "libboth.so", "libgnu.so", "libsysv.so"),
    ("sym_weak", "lld", "prog", "libw1.so", "libs2.so", "libu.so"),
    ("sym_protected", "lld", "prog", "libp.so"),
    ("lazy_binding", "bfd", "prog_df_1_now", "libfn.so"),
    ("init_order", "lld", "prog", "liba.so", "libb.so", "libc_.so"),
    ("tls_dynamic", "bfd", "prog", "libtlsgd.so", "libc.so.6"),
    ("sym_protected", "bfd", "prog_copy", "libp.so"),
]
FZ_SEP = b"\n--dryad-file--\n"


def readelf(*args):
    return subprocess.run(["readelf", "-W"] + list(args), check=True, capture_output=True,
                          text=True).stdout


def dyn_symbols(path):
    """(name, version, hidden) for each dynamic symbol."""
    out = []
    for line in readelf("--dyn-syms", path).splitlines():
        m = re.match(r"\s*\d+: [0-9a-f]+\s+\d+ \S+\s+\S+\s+\S+\s+\S+ (\S+)", line)
        if not m:
            continue
        sym = m.group(1)
        if "@@" in sym:
            name, ver = sym.split("@@", 1)
            out.append((name, ver, False))
        elif "@" in sym:
            name, ver = sym.split("@", 1)
            out.append((name, ver, True))
        else:
            out.append((sym, None, False))
    return out


def symbols_seed(obj, syms, variant):
    """OBJECT + QUERIES + u16 length; VARIANT picks the flag mix."""
    flagsets = [["", "p", "n", "c"], ["h", "x", "e", "pn"], ["", "ce", "hn", "px"]][variant % 3]
    lines = []
    for i, (name, ver, hidden) in enumerate(syms[1 + variant * 20:]):
        fl = flagsets[i % len(flagsets)] + ("h" if hidden and "h" not in flagsets[i % 4] else "")
        lines.append("%s:%s%s" % (fl, name, "@" + ver if ver else ""))
        if len(lines) >= 56:
            break
    lines += [":no_such_symbol", "p:no_such_symbol@NO_SUCH_1", "n:" + syms[-1][0] + "@WRONG"]
    if syms and syms[-1][1]:
        lines.append("x:%s@%s" % (syms[-1][0], syms[-1][1]))
    q = "\n".join(lines).encode()
    return obj + q + struct.pack("<H", len(q))


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def clean(d):
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if not f.startswith(("crash-", "min-", "fz-")):
            os.unlink(os.path.join(d, f))


def make_symbols(out, testbins):
    d = os.path.join(out, "symbols")
    clean(d)
    objs = [(os.path.join(SYSDIR, n), n) for n in SYSLIBS]
    for sc, lk, _prog, *libs in LOAD_SETS[:8] + LOAD_SETS[12:14]:
        for lib in libs:
            objs.append((os.path.join(testbins, sc, lk, lib), "%s_%s_%s" % (sc, lk, lib)))
    for path, name in objs:
        if not os.path.exists(path):
            sys.exit("mkseeds: missing %s (bazel build //testbins/... first)" % path)
        data = open(path, "rb").read()
        syms = dyn_symbols(path)
        for v in range(2 if len(syms) > 25 and len(data) < 20000 else 1):
            write(os.path.join(d, "%s.%d" % (name, v)), symbols_seed(data, syms, v))


def make_search(out):
    d = os.path.join(out, "search")
    clean(d)
    trusted = ["/lib/x86_64-linux-gnu/", "/usr/lib/x86_64-linux-gnu/", "/lib/", "/usr/lib/"]
    # (ctl, small, list, origin, platform, lib, name, trusted...)
    seeds = [
        (0, 64, "$ORIGIN/../lib:/usr/lib", "/opt/app/bin", "x86_64", "lib/x86_64-linux-gnu",
         "libfoo.so.1"),
        (0, 16, "${ORIGIN}/x:$LIB:$PLATFORM/y::", "/o", "haswell", "lib/x86_64-linux-gnu",
         "$ORIGIN/libx.so"),
        (32, 8, ":a;b::c;;/d//", "/", "x86_64", "lib64", "libc.so.6"),
        (0, 40, "$ORIGINAL:$ORIGIN_:${ORIGIN:$$:$:${LIB}x:${PLATFORM}", "/a/b", "p", "l", "n"),
        (1, 64, "$ORIGIN:$ORIGIN/..:x/$ORIGIN:/lib/$LIB", "/usr/lib/x86_64-linux-gnu/app",
         "x86_64", "lib/x86_64-linux-gnu", "$LIB/libm.so.6"),
        (3, 64, "$ORIGIN/../lib:$ORIGIN/./x//../y:$ORIGIN", "/usr/lib/x86_64-linux-gnu/a/b",
         "x86_64", "lib/x86_64-linux-gnu", "libz.so.1") + tuple(trusted),
        (3, 12, "$ORIGIN/../../../..:${ORIGIN}/..", "/lib/x", "x", "l", "a/b/c") + tuple(trusted),
        (4, 32, "$ORIGIN/lib:/lib:$PLATFORM", "", "x86_64", "lib", "/abs/$PLATFORM/libq.so"),
        (8 | 16, 0, "$LIB:$PLATFORM:${LIB}/x:/ok", "/o", "", "", "libr.so"),
        (0, 255, "/" * 40 + ":" + "a/" * 30 + ":" + "$ORIGIN" * 6, "/very/long/origin/dir",
         "xeon_phi", "lib/x86_64-linux-gnu", "x" * 100),
        (2, 5, "$ORIGIN", "/", "x86_64", "lib", "$ORIGIN"),
    ]
    for i, s in enumerate(seeds):
        ctl, small, fields = s[0], s[1], s[2:]
        write(os.path.join(d, "seed%02d" % i),
              bytes([ctl, small]) + b"\0".join(f.encode() for f in fields))


def make_load(out, testbins):
    d = os.path.join(out, "load")
    clean(d)
    for sc, lk, *files in LOAD_SETS:
        parts = []
        for f in files:
            p = os.path.join(testbins, sc, lk, f)
            if not os.path.exists(p):
                sys.exit("mkseeds: missing %s (bazel build //testbins/... first)" % p)
            parts.append(open(p, "rb").read())
        write(os.path.join(d, "%s_%s_%s" % (sc, lk, files[0])), FZ_SEP.join(parts))
    # Real libraries with a real dependency and versions: libacl needs libattr.
    parts = [open(os.path.join(SYSDIR, n), "rb").read() for n in ("libacl.so.1", "libattr.so.1")]
    write(os.path.join(d, "sys_libacl_libattr"), FZ_SEP.join(parts))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--testbins", default="bazel-bin/testbins")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    a = ap.parse_args()
    make_symbols(a.out, a.testbins)
    make_search(a.out)
    make_load(a.out, a.testbins)


if __name__ == "__main__":
    main()
