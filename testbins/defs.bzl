"""Scenario tests of the loader: freestanding programs and libraries built with
GNU ld and with lld, run under glibc's ld.so and under dryad.

A scenario is one package under testbins/ holding sources, a `cases.sh` (what to
run, see run_scenario.sh) and expected transcripts. Its BUILD calls
`testbin_scenario` with a list of objects made by `tb_lib` and `tb_exe`.

Why genrules and not cc_binary: Bazel's C++ rules add their own flags (-lstdc++,
-fuse-ld=gold, crt files, ...). These objects must be exactly what the scenario
says, so each object is one genrule that calls the compiler driver directly:
gcc + GNU ld (`bfd`) or clang-14 + lld (`lld`). Every object of one scenario and
linker lands in one directory, `<package>/<linker>/`, so that $ORIGIN works.
"""

# Flip to True once //interp:dryad.so.1 builds: the tests then run against it and
# lose their "manual" tag. Until then //testbins:interp is a copy of glibc's ld.so
# and the tests self-check the harness (run them by name or with
# `bazel test --build_tag_filters= //testbins/...`... see README.md).
DRYAD_READY = True

_SUPPORT = "//testbins:support/"

# -fno-tree-loop-distribute-patterns: GCC turns byte loops into memset/memcpy
# calls even with -ffreestanding; support/mem.c would then call itself.
LINKERS = {
    "bfd": struct(cc = "gcc", flags = "-fuse-ld=bfd -fno-tree-loop-distribute-patterns"),
    "lld": struct(cc = "clang-14", flags = "-fuse-ld=lld"),
}

# No libc, no crt files, no stack protector (it would need %fs:0x28 from a libc),
# no CET notes, no unwind tables; -fsemantic-interposition (GCC's default; clang
# otherwise binds a library's calls to its own exported functions at compile
# time, so the loader's interposition would not be exercised); --no-as-needed because Debian's gcc passes
# --as-needed, which would drop DT_NEEDED entries the scenario asks for.
_CFLAGS = " ".join([
    "-O2",
    "-ffreestanding",
    "-nostdlib",
    "-fno-builtin",
    "-fno-stack-protector",
    "-fcf-protection=none",
    "-fno-asynchronous-unwind-tables",
    "-fsemantic-interposition",
    "-Wall",
    "-Wl,--no-as-needed",
])

# Objects every scenario may name in `sys_needs`.
_SYS_NEEDS = {
    # glibc's dynamic linker by the path of the toolchain, for __tls_get_addr:
    # gives DT_NEEDED ld-linux-x86-64.so.2.
    "ldso": "/lib64/ld-linux-x86-64.so.2",
}

def _object(kind, out, srcs, hdrs, soname, needs, sys_needs, cflags, ldflags, ldflags_bfd,
            ldflags_lld, data, patch, linkers, cc, start):
    return struct(
        kind = kind,
        out = out,
        srcs = srcs,
        hdrs = hdrs,
        soname = soname,
        needs = needs,
        sys_needs = sys_needs,
        cflags = cflags,
        ldflags = ldflags,
        ldflags_by_linker = {"bfd": ldflags_bfd, "lld": ldflags_lld},
        data = data,
        patch = patch,
        linkers = linkers,
        cc = cc,
        start = start,
    )

def tb_lib(out, srcs, hdrs = [], soname = None, needs = [], sys_needs = [], cflags = [], ldflags = [],
           ldflags_bfd = [], ldflags_lld = [], data = [], patch = [], linkers = None, cc = None):
    """A shared library (-fPIC -shared).

    out: path inside the scenario directory ("liba.so", "sub/libb.so").
    srcs: C or assembly files compiled and linked in one driver call.
    hdrs: headers the sources include (they must be inputs of the action).
    soname: DT_SONAME; default the basename of out; "" for none.
    needs: outs of other objects of the scenario to link against (DT_NEEDED).
    sys_needs: keys of _SYS_NEEDS ("ldso").
    ldflags, ldflags_bfd, ldflags_lld: extra driver flags ($(location) allowed
      for files listed in data).
    patch: arguments to elfpatch.py, applied after linking.
    linkers: subset of LINKERS to build with (default all).
    cc: override the compiler driver (the linker stays the scenario's).
    """
    return _object("lib", out, srcs, hdrs, soname, needs, sys_needs, cflags, ldflags, ldflags_bfd,
                   ldflags_lld, data, patch, linkers, cc, False)

def tb_exe(out, srcs, hdrs = [], pie = True, needs = [], sys_needs = [], cflags = [], ldflags = [],
           ldflags_bfd = [], ldflags_lld = [], data = [], patch = [], linkers = None, cc = None):
    """An executable with support/start.S as its entry; PIE unless pie = False."""
    return _object("pie" if pie else "exe", out, srcs, hdrs, None, needs, sys_needs, cflags, ldflags,
                   ldflags_bfd, ldflags_lld, data, patch, linkers, cc, True)

def tb_fake_libc():
    """libc.so.6 stand-in: see support/fakelibc.c. Lets glibc's ld.so run programs
    in which some object names ld-linux-x86-64.so.2 in DT_NEEDED."""
    return tb_lib(
        out = "libc.so.6",
        srcs = [_SUPPORT + "fakelibc.c", _SUPPORT + "tbmalloc.c"],
        data = [_SUPPORT + "fakelibc.map"],
        ldflags = ["-Wl,--version-script,$(location %sfakelibc.map)" % _SUPPORT],
    )

def _rule_name(name, linker, out):
    return "%s_%s_%s" % (name, linker, out.replace("/", "_").replace(".", "_"))

def _build_object(name, linker, o, earlier):
    """One genrule; `earlier` are the outputs of the objects listed before this
    one, made inputs so that GNU ld and lld can follow DT_NEEDED (-rpath-link)."""
    lk = LINKERS[linker]
    cc = o.cc or lk.cc
    srcs = list(o.srcs) + [_SUPPORT + "mem.c"]
    if o.start:
        srcs.append(_SUPPORT + "start.S")
    if o.kind == "lib":
        kind_flags = "-fPIC -shared"
        soname = o.out.split("/")[-1] if o.soname == None else o.soname
        if soname:
            kind_flags += " -Wl,-soname," + soname
    elif o.kind == "pie":
        kind_flags = "-fPIE -pie"
    else:
        kind_flags = "-fno-pic -no-pie"

    need_labels = [":%s/%s" % (linker, n) for n in o.needs]
    rpath_link = {}
    for n in earlier:
        rpath_link["$(RULEDIR)/%s/%s" % (linker, n[len(":%s/" % linker):].rpartition("/")[0])] = True

    cmd = " ".join(
        [cc, _CFLAGS, lk.flags, kind_flags, "-I$$(dirname $(location %stestbin.h))" % _SUPPORT] +
        o.cflags +
        ["-o $@"] +
        ["$(location %s)" % s for s in srcs] +
        ["$(location %s)" % n for n in need_labels] +
        [_SYS_NEEDS[s] for s in o.sys_needs] +
        ["-Wl,-rpath-link," + d for d in rpath_link] +
        o.ldflags + o.ldflags_by_linker[linker],
    )
    tools = []
    if o.patch:
        cmd += " && python3 $(location //testbins:elfpatch.py) $@ " + " ".join(o.patch)
        tools = ["//testbins:elfpatch.py"]
    native.genrule(
        name = _rule_name(name, linker, o.out),
        srcs = srcs + o.hdrs + [e for e in earlier if e not in need_labels] + need_labels +
               o.data + [_SUPPORT + "testbin.h"],
        outs = ["%s/%s" % (linker, o.out)],
        cmd = cmd,
        tools = tools,
        message = "testbins %s (%s): %s" % (name, linker, o.out),
    )
    return ":%s/%s" % (linker, o.out)

def testbin_scenario(name, objects, expected, linkers = ["bfd", "lld"], cases = "cases.sh",
                     size = "small", tags = []):
    """Builds every object with each linker, and one sh_test per linker.

    expected: the transcript files cases.sh refers to (checked in, next to it).
    Tests are named <name>_<linker>.
    """
    pkg = native.package_name()
    for linker in linkers:
        outs = []
        for o in objects:
            if o.linkers == None or linker in o.linkers:
                outs.append(_build_object(name, linker, o, list(outs)))
        native.filegroup(name = "%s_%s_objects" % (name, linker), srcs = outs, visibility = ["//tools:__pkg__"])
        native.sh_test(
            name = "%s_%s" % (name, linker),
            size = size,
            srcs = ["//testbins:run_scenario.sh"],
            args = [
                "--root", "%s/%s" % (pkg, linker),
                "--cases", "$(location %s)" % cases,
                "--linker", linker,
                "--glibc", "/lib64/ld-linux-x86-64.so.2",
                "--dryad", "$(location //testbins:interp)",
            ] + ([] if DRYAD_READY else ["--dryad-is-glibc"]),
            data = outs + expected + [cases, "//testbins:interp"],
            tags = tags + ([] if DRYAD_READY else ["manual"]),
        )

# DT_RELR: GNU ld 2.40 spells it `-z pack-relative-relocs`; lld 14 only knows
# `--pack-dyn-relocs=relr` (it warns about and ignores the -z spelling).
RELR_BFD = ["-Wl,-z,pack-relative-relocs"]
RELR_LLD = ["-Wl,--pack-dyn-relocs=relr"]
