#!/usr/bin/env python3
"""tools/bench.py: startup time of dryad.so.1 against glibc's ld.so, same run.

`bazel run //tools:bench [-- --runs N --instructions --programs 'CMD;CMD']`

For each program, glibc's ld.so and dryad.so.1 (default threads, and
DRYAD_THREADS=1) run it explicitly (`LDSO PROG ARGS`), alternating, N times
each after a warm-up. Reported: the median wall time and the median CPU time
(user + system, from the kernel's accounting of the child), and their ratio
to glibc's, measured in the same run on the same machine. These machines are
shared and noisy: read ratios and medians, not single numbers. With
--instructions, valgrind's callgrind also counts the instructions of one run of
each (deterministic, noise-free, but slow).
"""
import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time

GLIBC = "/lib64/ld-linux-x86-64.so.2"
DEFAULT_PROGRAMS = [
    "/bin/true",
    "/bin/ls --version",
    "/usr/bin/python3 --version",
    "/usr/bin/perl -e 1",
    "/usr/bin/git --version",
    "/usr/bin/clang-14 --version",
]


def run_once(cmd, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def instructions(cmd, env):
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                         env=env, capture_output=True, text=True, check=False).stderr
    for line in out.splitlines():
        if "refs:" in line:
            return int(line.split("refs:")[1].replace(",", "").strip())
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dryad")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--instructions", action="store_true")
    ap.add_argument("--programs", default=None, help="';'-separated commands")
    a = ap.parse_args()
    dryad = os.path.realpath(a.dryad)
    programs = a.programs.split(";") if a.programs else DEFAULT_PROGRAMS
    programs = [p for p in programs if shutil.which(p.split()[0])]
    base_env = dict(os.environ)
    base_env.pop("DRYAD_THREADS", None)
    one_env = dict(base_env, DRYAD_THREADS="1")
    loaders = [("glibc", GLIBC, base_env), ("dryad", dryad, base_env), ("dryad-1thread", dryad, one_env)]
    cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs ({cpu_model}), kernel {platform.release()}")
    print(f"runs: {a.runs} paired (alternating), medians; ratio = dryad / glibc (below 1: dryad faster)\n")
    print(f"{'program':32} {'loader':14} {'wall ms':>9} {'cpu ms':>8} {'wall ratio':>10} {'cpu ratio':>9}"
          + (f" {'instructions':>13} {'ratio':>6}" if a.instructions else ""))
    for prog in programs:
        args = prog.split()
        results = {name: ([], []) for name, _, _ in loaders}
        for _ in range(3):  # warm the page cache
            for name, ldso, env in loaders:
                run_once([ldso] + args, env)
        for _ in range(a.runs):
            for name, ldso, env in loaders:
                w, c = run_once([ldso] + args, env)
                results[name][0].append(w)
                results[name][1].append(c)
        med = {n: (statistics.median(w) * 1e3, statistics.median(c) * 1e3) for n, (w, c) in results.items()}
        ins = {}
        if a.instructions:
            for name, ldso, env in loaders:
                ins[name] = instructions([ldso] + args, env)
        for name, _, _ in loaders:
            w, c = med[name]
            gw, gc = med["glibc"]
            line = f"{prog[:32]:32} {name:14} {w:9.2f} {c:8.2f} {w / gw:10.2f} {c / gc if gc else 0:9.2f}"
            if a.instructions:
                i, gi = ins.get(name), ins.get("glibc")
                line += f" {i or 0:13,d} {(i / gi) if i and gi else 0:6.2f}"
            print(line)
        print()


if __name__ == "__main__":
    sys.exit(main())
