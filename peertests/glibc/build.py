#!/usr/bin/env python3
"""Builds glibc 2.36's own elf/, dlfcn/ and nptl/ test programs without building glibc.

usage: build.py GLIBC_SOURCE_TARBALL OUT.tar

The tarball is the one Debian's glibc-source package installs
(/usr/src/glibc/glibc-2.36.tar.xz, the Debian-patched tree). Each test program is
compiled against the INSTALLED headers and libc, and linked with a libsupport.a built
here from the tree's support/ directory (glibc's test driver). The modules a test
needs are found by reading its directory's Makefile with a few patterns:

    $(objpfx)T: $(objpfx)M.so ...        M.so is linked into T
    $(objpfx)T.out: $(objpfx)M.so ...    M.so is only loaded when T runs
    LDFLAGS-T = ..., CFLAGS-T.c = ...    extra flags
    T-ENV = ..., T-ARGS = ...            how T is run (written to the manifest)

Anything that needs more of glibc's build (internal headers, make functions,
generated files, static linking) fails to build or is skipped, and says so in the
manifest; such a test is a limit of this standalone build, not of any loader.

OUT.tar holds out-elf/, out-dlfcn/, out-nptl/ (programs and modules) and
manifest.tsv: SUBDIR<TAB>TEST<TAB>STATE<TAB>ENV<TAB>ARGS, STATE being BUILT,
BUILD-FAIL, NO-DEPS (a module did not build), NO-FLAGS (flags use make syntax),
SKIP-ENV or SKIP-ARGS (run settings use make syntax). ENV and ARGS are the
Makefile's strings, shell-quoted.
"""
import concurrent.futures
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile

SUBDIRS = ["dlfcn", "elf", "nptl"]
# Static test programs: the installed libc has no static PIE support objects to test.
NOT_TESTS = {"tststatic", "tststatic2", "tststatic3", "tststatic4", "tststatic5"}
# support/*.c that are tests of the support library, need the container machinery,
# or do not compile against the installed headers.
SUPPORT_SKIP_PREFIXES = ("tst-", "test-", "links-dso-program", "timespec", "dtotimespec")
SUPPORT_SKIP_SUFFIXES = ("-container",)
SUPPORT_SKIP = {
    "support_quote_blob_main", "support_test_compare_string_main",
    "support_path_support_time64", "support_small_stack_thread_attribute",
    "support_socket_so_timestamp_time64", "xclone", "xreadlink",
}
# Internal headers the support code and some tests include by <...> name.
SHIM_HEADERS = ["include/intprops.h", "include/scratch_buffer.h",
                "include/array_length.h", "sysdeps/x86_64/stackinfo.h"]
SHIM_MALLOC = ["malloc/dynarray-skeleton.c", "malloc/dynarray.h"]

JOBS = max(1, os.cpu_count() or 1)


def read_makefile(path):
    """Returns (link_deps, run_deps, variables) from one glibc subdirectory Makefile."""
    text = open(path, encoding="utf-8", errors="replace").read().replace("\\\n", " ")
    link, run, var = {}, {}, {}
    assign = re.compile(r"^\s*([A-Za-z0-9_.+-]+)\s*(\+?=|:=)\s*(.*)$")
    rule = re.compile(r"^\s*([^:=]+?)\s*:(?!=)\s*(.*)$")
    target = re.compile(r"^\$\(objpfx\)([A-Za-z0-9_.+-]+)$")
    module = re.compile(r"^\$\(objpfx\)([A-Za-z0-9_.+-]+\.so)$")
    for line in text.split("\n"):
        if line.startswith("\t"):
            continue                    # a recipe line
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        m = assign.match(line)
        if m and "$(" not in m.group(1):
            name, op, value = m.groups()
            var[name] = (var.get(name, "") + " " + value) if op == "+=" else value
            continue
        m = rule.match(line)
        if not m:
            continue
        mods = [module.match(d).group(1) for d in m.group(2).split() if module.match(d)]
        for t in m.group(1).split():
            tm = target.match(t)
            if not tm:
                continue
            name = tm.group(1)
            if name.endswith(".out"):
                run.setdefault(name[:-4], []).extend(mods)
            else:
                link.setdefault(name, []).extend(mods)
    return link, run, var


def flags(value):
    """Makefile flag string -> argv list; None when it uses make syntax."""
    if value is None:
        return []
    if "$(" in value:
        return None
    return shlex.split(value)


def run(cmd, errfile=None):
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode and errfile:
        with open(errfile, "wb") as f:
            f.write(b"$ " + " ".join(shlex.quote(c) for c in cmd).encode() + b"\n" + r.stderr)
    return r.returncode == 0


def build_support(src, sup):
    """libsupport.a from src/support, compiled against the installed glibc."""
    inc, shim = os.path.join(sup, "inc"), os.path.join(sup, "shim")
    os.makedirs(os.path.join(shim, "malloc"))
    os.makedirs(inc)
    os.symlink(os.path.join(src, "support"), os.path.join(inc, "support"))
    for h in SHIM_HEADERS:
        os.symlink(os.path.join(src, h), os.path.join(shim, os.path.basename(h)))
    for h in SHIM_MALLOC:
        os.symlink(os.path.join(src, h), os.path.join(shim, "malloc", os.path.basename(h)))
    paths = {
        "SRCDIR_PATH": src, "OBJDIR_PATH": os.path.join(sup, "obj"),
        "OBJDIR_ELF_LDSO_PATH": "/lib64/ld-linux-x86-64.so.2", "INSTDIR_PATH": "/usr",
        "LIBDIR_PATH": "/usr/lib/x86_64-linux-gnu", "BINDIR_PATH": "/usr/bin",
        "SBINDIR_PATH": "/usr/sbin", "SLIBDIR_PATH": "/lib/x86_64-linux-gnu",
        "ROOTSBINDIR_PATH": "/sbin", "COMPLOCALEDIR_PATH": "/usr/lib/locale",
    }
    cflags = ["-O2", "-g", "-D_GNU_SOURCE", "-I" + inc, "-I" + os.path.join(src, "support"),
              "-I" + shim, "-Dlibc_hidden_proto(x)=", "-include", "limits.h", "-DTIMEOUTFACTOR=1"]
    cflags += ['-D%s="%s"' % kv for kv in paths.items()]
    sources = []
    for f in sorted(os.listdir(os.path.join(src, "support"))):
        base = f[:-2]
        if not f.endswith(".c") or base in SUPPORT_SKIP or base.startswith(SUPPORT_SKIP_PREFIXES) \
                or base.endswith(SUPPORT_SKIP_SUFFIXES):
            continue
        sources.append(base)
    objdir = os.path.join(sup, "o")
    os.makedirs(objdir)

    def one(base):
        return base, run(["gcc"] + cflags + ["-c", os.path.join(src, "support", base + ".c"),
                                              "-o", os.path.join(objdir, base + ".o")])
    with concurrent.futures.ThreadPoolExecutor(JOBS) as ex:
        results = list(ex.map(one, sources))
    objs = [os.path.join(objdir, b + ".o") for b, ok in results if ok]
    skipped = [b for b, ok in results if not ok]
    lib = os.path.join(sup, "libsupport.a")
    subprocess.run(["ar", "rcs", lib] + objs, check=True)
    print("libsupport.a: %d objects (%d did not compile: %s)" % (len(objs), len(skipped), " ".join(skipped)))
    return inc, shim, lib


def build_subdir(src, sub, out, inc, shim, libsupport):
    """Builds the tests of one subdirectory; returns manifest rows."""
    link, run_deps, var = read_makefile(os.path.join(src, sub, "Makefile"))
    tests = sorted({w for w in var.get("tests", "").split()
                    if "$(" not in w and os.path.exists(os.path.join(src, sub, w + ".c"))} - NOT_TESTS)
    os.makedirs(out)
    base = ["gcc", "-O2", "-g", "-D_GNU_SOURCE", "-Wno-implicit-function-declaration",
            "-DMODULE_NAME=testsuite", "-I" + inc, "-I" + os.path.join(src, "support"), "-I" + shim,
            "-iquote", os.path.join(src, sub), "-iquote", src, "-Dlibc_hidden_proto(x)=",
            "-include", "limits.h", "-pthread"]

    # Which modules can be built: a module needs its source, flags without make
    # syntax, and all the modules it links against. Cycles are cut (counted as built).
    plan = {}

    def plannable(so, stack=()):
        if so in plan:
            return plan[so] is not None
        if so in stack:
            return True
        name = so[:-3]
        deps = link.get(so, [])
        ok = all([plannable(d, stack + (so,)) for d in deps])
        cf = flags(var.get("CFLAGS-" + name + ".c"))
        lf = flags(var.get("LDFLAGS-" + so) or var.get("LDFLAGS-" + name))
        c = os.path.join(src, sub, name + ".c")
        if ok and os.path.exists(c) and cf is not None and lf is not None:
            plan[so] = (c, deps, cf, lf)
        else:
            plan[so] = None
        return plan[so] is not None

    rows, test_plans = [], []
    for t in tests:
        deps, rdeps = link.get(t, []), run_deps.get(t, [])
        okd = all([plannable(d) for d in deps + rdeps])
        cf, lf = flags(var.get("CFLAGS-" + t + ".c")), flags(var.get("LDFLAGS-" + t))
        env_s, args_s = (" ".join(var.get(t + k, "").split()) for k in ("-ENV", "-ARGS"))
        if not okd:
            rows.append((sub, t, "NO-DEPS", env_s, args_s))
        elif cf is None or lf is None:
            rows.append((sub, t, "NO-FLAGS", env_s, args_s))
        else:
            test_plans.append((t, deps, cf, lf, env_s, args_s))

    # Modules in waves: each wave holds the modules whose dependencies are all built.
    built = {}
    todo = {so for so, p in plan.items() if p is not None}
    while todo:
        wave = [so for so in todo if all(d in built or d not in todo for d in plan[so][1])]
        if not wave:            # a dependency cycle: build the rest in any order
            wave = list(todo)

        def one(so):
            c, deps, cf, lf = plan[so]
            cmd = base + cf + ["-fPIC", "-shared", "-o", os.path.join(out, so), c] + \
                [os.path.join(out, d) for d in deps] + \
                ["-Wl,-soname," + so, "-Wl,-rpath-link=" + out] + lf
            return so, run(cmd, os.path.join(out, so + ".err"))
        with concurrent.futures.ThreadPoolExecutor(JOBS) as ex:
            for so, ok in ex.map(one, sorted(wave)):
                built[so] = ok
        todo -= set(wave)

    def one_test(p):
        t, deps, cf, lf, env_s, args_s = p
        if not all(built.get(d, False) for d in deps + run_deps.get(t, [])):
            return (sub, t, "NO-DEPS", env_s, args_s)
        cmd = base + cf + ["-o", os.path.join(out, t), os.path.join(src, sub, t + ".c")] + \
            [os.path.join(out, d) for d in deps] + \
            [libsupport, "-ldl", "-lrt", "-Wl,-rpath-link=" + out] + lf
        if not run(cmd, os.path.join(out, t + ".err")):
            return (sub, t, "BUILD-FAIL", env_s, args_s)
        if "$(" in env_s:
            return (sub, t, "SKIP-ENV", env_s, args_s)
        if "$(" in args_s:
            return (sub, t, "SKIP-ARGS", env_s, args_s)
        return (sub, t, "BUILT", env_s, args_s)
    with concurrent.futures.ThreadPoolExecutor(JOBS) as ex:
        rows += list(ex.map(one_test, test_plans))
    rows.sort(key=lambda r: r[1])
    states = {}
    for r in rows:
        states[r[2]] = states.get(r[2], 0) + 1
    print("%s: %d tests: %s" % (sub, len(rows), ", ".join("%d %s" % (n, s) for s, n in sorted(states.items()))))
    return rows


def main():
    tarball, out_tar = sys.argv[1], os.path.abspath(sys.argv[2])
    if not os.path.exists(tarball):
        sys.exit("%s is missing: apt-get install glibc-source (tools/setup-debian.sh)" % tarball)
    work = tempfile.mkdtemp(prefix="peer-glibc-")
    try:
        with tarfile.open(tarball) as tf:
            tf.extractall(os.path.join(work, "src"))
        (top,) = os.listdir(os.path.join(work, "src"))
        src = os.path.join(work, "src", top)
        inc, shim, lib = build_support(src, os.path.join(work, "sup"))
        rows = []
        stage = os.path.join(work, "stage")
        for sub in SUBDIRS:
            rows += build_subdir(src, sub, os.path.join(stage, "out-" + sub), inc, shim, lib)
        with open(os.path.join(stage, "manifest.tsv"), "w") as f:
            f.write("# subdir\ttest\tstate\tenv\targs (from %s)\n" % os.path.basename(tarball))
            for r in rows:
                f.write("\t".join(r) + "\n")
        with tarfile.open(out_tar, "w") as tf:
            tf.add(stage, arcname=".")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
