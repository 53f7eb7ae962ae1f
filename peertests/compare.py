#!/usr/bin/env python3
"""Compares one suite's per-test results under Debian's ld.so and under dryad.

usage: compare.py SUITE GLIBC_RESULTS DRYAD_RESULTS [--min-baseline N] [--known FILE]

Each results file has one line per test: NAME<TAB>STATUS[<TAB>detail]. STATUS is
PASS for a pass; anything else (FAIL(rc), TIMEOUT, MISSING, SKIP, ...) is not.

Prints every test with both statuses (this is the per-test record in the test log)
and exits 1 when a test that passes under glibc does not pass under dryad. A test
that fails under glibc is not held against dryad, whatever it does. The baseline is
whatever glibc gave in this run; --min-baseline only guards against a harness that
broke so badly that nothing passes and the comparison would be empty.

--known FILE (known_failures.tsv: SUITE<TAB>TEST<TAB>why) lists regressions that are
already reported: they are shown as KNOWN and do not fail the test; a listed test
that passes is shown, so that the line can go. BUILD decides whether it is used.
"""
import sys


def load(path):
    res = {}
    order = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            name, status = parts[0], (parts[1] if len(parts) > 1 else "?")
            if name not in res:
                order.append(name)
            res[name] = status
    return res, order


def main():
    args = sys.argv[1:]
    min_baseline = 1
    if "--min-baseline" in args:
        i = args.index("--min-baseline")
        min_baseline = int(args[i + 1])
        del args[i:i + 2]
    known = {}
    if "--known" in args:
        i = args.index("--known")
        with open(args[i + 1], encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 2 and not line.startswith("#"):
                    known.setdefault(parts[0], {})[parts[1]] = parts[2] if len(parts) > 2 else ""
        del args[i:i + 2]
    suite, gpath, dpath = args
    known = known.get(suite, {})
    g, gorder = load(gpath)
    d, dorder = load(dpath)
    names = gorder + [n for n in dorder if n not in g]
    width = max([len(n) for n in names] + [4])
    regressions, gains, excused, fixed = [], [], [], []
    print("== %s: per-test results (glibc = Debian's ld.so, dryad = dryad.so.1)" % suite)
    print("%-*s  %-16s %-16s %s" % (width, "test", "glibc", "dryad", "verdict"))
    for n in names:
        gs, ds = g.get(n, "MISSING"), d.get(n, "MISSING")
        if gs == "PASS" and ds != "PASS" and n in known:
            verdict = "KNOWN: " + known[n]
            excused.append(n)
        elif gs == "PASS" and ds != "PASS":
            verdict = "REGRESSION"
            regressions.append(n)
        elif gs != "PASS" and ds == "PASS":
            verdict = "passes only under dryad"
            gains.append(n)
        elif gs == "PASS":
            verdict = "ok"
            if n in known:
                verdict = "ok (listed as known failure: remove it from the list)"
                fixed.append(n)
        else:
            verdict = "not counted (fails under glibc)"
        print("%-*s  %-16s %-16s %s" % (width, n, gs, ds, verdict))
    gpass = sum(1 for n in g if g[n] == "PASS")
    dpass = sum(1 for n in d if d[n] == "PASS")
    print("== %s: %d tests; glibc passes %d, dryad passes %d; %d pass under glibc but not under dryad%s"
          % (suite, len(names), gpass, dpass, len(regressions) + len(excused),
             " (%d of them known)" % len(excused) if excused else ""))
    if excused:
        print("== %s: %d known failures (--known), not counted: %s" % (suite, len(excused), " ".join(excused)))
    if fixed:
        print("== %s: listed as known failures but pass now: %s" % (suite, " ".join(fixed)))
    if gains:
        print("== %s: pass under dryad only (not a failure): %s" % (suite, " ".join(gains)))
    if regressions:
        print("== %s: REGRESSIONS: %s" % (suite, " ".join(regressions)))
    if gpass < min_baseline:
        print("== %s: the baseline itself broke: glibc passes %d tests, fewer than %d"
              % (suite, gpass, min_baseline))
        return 1
    return 1 if regressions else 0


if __name__ == "__main__":
    sys.exit(main())
