#!/usr/bin/env python3
"""Runs the tests build.py built, as glibc's own harness does: LDSO --library-path DIR TEST.

usage: run.py TESTS.tar LDSO WORKDIR RESULTS.tsv [LOGDIR]

Unpacks TESTS.tar into WORKDIR (a fresh copy per interpreter, so that files one run
leaves behind cannot change the next), runs every BUILT test of manifest.tsv with
its Makefile's -ENV and -ARGS, in its own out-SUBDIR as working directory, and writes
RESULTS.tsv: TEST<TAB>STATUS<TAB>SECONDS, STATUS being PASS (exit 0), UNSUPPORTED
(exit 77, glibc's code for it), FAIL(rc) (rc negative: killed by that signal) or
TIMEOUT. Tests that were not built are written as NOT-BUILT(state). With LOGDIR,
each test's output is kept there as TEST.out.
"""
import os
import shlex
import subprocess
import sys
import tarfile
import time

TIMEOUT_S = 30  # glibc's own driver gives a test 20 s (TIMEOUTFACTOR=1)


def main():
    tar, ldso, work, results = sys.argv[1:5]
    logdir = sys.argv[5] if len(sys.argv) > 5 else None
    ldso = os.path.realpath(ldso)
    os.makedirs(work)
    with tarfile.open(tar) as tf:
        tf.extractall(work)
    if logdir:
        os.makedirs(logdir, exist_ok=True)
    rows = []
    with open(os.path.join(work, "manifest.tsv")) as f:
        for line in f:
            if line.startswith("#"):
                continue
            sub, test, state, env_s, args_s = line.rstrip("\n").split("\t")
            rows.append((sub, test, state, env_s, args_s))
    base_env = {"PATH": "/usr/bin:/bin", "LANG": "C", "HOME": work, "TMPDIR": os.environ.get("TMPDIR", "/tmp")}
    out = open(results, "w")
    for sub, test, state, env_s, args_s in sorted(rows, key=lambda r: r[1]):
        if state != "BUILT":
            out.write("%s\tNOT-BUILT(%s)\t0\n" % (test, state))
            continue
        d = os.path.join(work, "out-" + sub)
        env = dict(base_env)
        for kv in shlex.split(env_s):
            k, _, v = kv.partition("=")
            env[k] = v
        cmd = [ldso, "--library-path", d, os.path.join(d, test)] + shlex.split(args_s)
        t0 = time.monotonic()
        try:
            p = subprocess.run(cmd, cwd=d, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=TIMEOUT_S)
            rc, output = p.returncode, p.stdout
            status = "PASS" if rc == 0 else "UNSUPPORTED" if rc == 77 else "FAIL(%d)" % rc
        except subprocess.TimeoutExpired as e:
            output = e.stdout or b""
            status = "TIMEOUT"
        secs = time.monotonic() - t0
        out.write("%s\t%s\t%.2f\n" % (test, status, secs))
        out.flush()
        if logdir:
            with open(os.path.join(logdir, test + ".out"), "wb") as lf:
                lf.write(b"$ " + " ".join(shlex.quote(c) for c in cmd).encode() + b"\n")
                for k in sorted(env):
                    if k not in base_env:
                        lf.write(("# env %s=%s\n" % (k, env[k])).encode())
                lf.write(output)
                lf.write(("# %s after %.2f s\n" % (status, secs)).encode())
    out.close()


if __name__ == "__main__":
    main()
