"""Generated differential corpora: random freestanding programs (gen.py), built
with GNU ld and lld, run under dryad and the reference loaders (driver.py).

Why genrules calling the compiler drivers: as testbins/defs.bzl (Bazel's C++
rules would add their own flags and crt files). One genrule builds a batch of
seeds with one linker into a tarball; one sh_test runs a batch (both linkers).
"""

_SUPPORT = [
    "//testbins:support/testbin.h",
    "//testbins:support/mem.c",
    "//testbins:support/start.S",
    "//testbins:support/fakelibc.c",
    "//testbins:support/fakelibc.map",
    "//testbins:support/tbmalloc.c",
]

LINKERS = ["bfd", "lld"]

def difftest_batches(name, first, count, batch):
    return [(s, min(batch, first + count - s)) for s in range(first, first + count, batch)]

def difftest_corpus(name, first, count, batch = 20, linkers = LINKERS, size = "medium", tags = []):
    """Seeds [first, first + count), `batch` seeds per genrule and per test.

    Targets: <name>_<linker>_<start> (a tarball of programs), <name>_<start>
    (sh_test: every program of the batch, each linker, under dryad.so.1, glibc's
    and musl's ld.so, output and image compared), and <name> (test_suite).
    """
    tests = []
    for start, n in difftest_batches(name, first, count, batch):
        tars = []
        for linker in linkers:
            tar = "%s_%s_%d" % (name, linker, start)
            native.genrule(
                name = tar,
                srcs = _SUPPORT,
                tools = ["//tools/difftest:gen.py"],
                outs = ["%s/%s_%d.tar" % (name, linker, start)],
                cmd = ("python3 $(location //tools/difftest:gen.py) build --seeds %d:%d --linker %s " +
                       "--support $$(dirname $(location //testbins:support/mem.c)) --jobs 2 --out $@") %
                      (start, start + n, linker),
                message = "difftest corpus %s: seeds %d..%d (%s)" % (name, start, start + n - 1, linker),
            )
            tars.append(":" + tar)
        test = "%s_%d" % (name, start)
        native.sh_test(
            name = test,
            size = size,
            srcs = ["//tools/difftest:run.sh"],
            args = [
                "--candidate",
                "$(location //interp:dryad.so.1)",
                "--musl-stub",
                "$(location //tools/difftest:musl_stub)",
                "--imgdump",
                "$(location //tools/difftest:imgdump)",
                "--jobs",
                "2",
                "--corpus",
            ] + ["$(location %s)" % t for t in tars],
            data = tars + [
                "//interp:dryad.so.1",
                "//tools/difftest:musl_stub",
                "//tools/difftest:imgdump",
                "//tools/difftest:driver_files",
            ],
            tags = tags,
        )
        tests.append(":" + test)
    native.test_suite(name = name, tests = tests, tags = tags)
