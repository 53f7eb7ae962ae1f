"""Programs built against Debian's glibc with gcc/g++ directly (issue 3).

Why genrules and not cc_binary: these must be ordinary Debian binaries, linked
the way Debian's gcc links them (its crt files, -z lazy, --as-needed, lazy PLT),
not with Bazel's toolchain flags. Every object lands in <package>/bin/, and every
object has DT_RUNPATH $ORIGIN, so executables find their libraries and plugins
beside them (dlopen("plugin.so") searches the caller's RUNPATH).
"""

_BASE = "-O2 -g -Wall -Wl,-rpath,'$$ORIGIN' -Wl,--enable-new-dtags"

def glibc_object(name, out, srcs, hdrs = [], deps = [], cc = "gcc", shared = False,
                 copts = "", libs = "", indirect = []):
    """One executable or shared library, bin/<out>, from srcs.

    deps: labels of other glibc_object outputs to link against (DT_NEEDED).
    copts: extra compiler flags; libs: -l flags (after the objects).
    """
    kind = "-fPIC -shared -Wl,-soname," + out if shared else "-fPIE -pie"
    incs = " ".join(["-I$$(dirname $(location %s))" % h for h in hdrs])
    cmd = " ".join([
        cc, _BASE, kind, incs, copts, "-o $@",
        " ".join(["$(location %s)" % s for s in srcs]),
        " ".join(["$(location %s)" % d for d in deps]),
        libs,
        "-Wl,-rpath-link,$(@D)",
    ])
    native.genrule(
        name = name,
        srcs = srcs + hdrs + deps + indirect,
        outs = ["bin/" + out],
        cmd = cmd,
        message = "glibcprogs: " + out,
    )
