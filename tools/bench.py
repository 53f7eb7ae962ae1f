#!/usr/bin/env python3
"""tools/bench.py: startup of dryad.so.1 against glibc's ld.so, in the same run.

`bazel run //tools:bench [-- --pairs N --no-instructions --programs 'CMD;CMD' --out DIR]`

Each program runs explicitly (`LDSO PROG ARGS`) under glibc's ld.so and under
dryad.so.1 with DRYAD_THREADS=1 and =2, warm cache, alternating within each
pair (the order rotating from pair to pair), N pairs (default 21). For each
pair the ratio dryad / glibc of wall time, CPU time (user + system, the
kernel's accounting of the child) and minor page faults is taken, and the
median of those per-pair ratios reported: on a shared, noisy machine a pair
sees the same noise on both sides. Instructions come from callgrind, one run
each (exact, noise-free): all of the run's, and the loader's own code alone,
which shows what the loader does apart from the program it starts.
`LD_DEBUG=bindings` of both loaders is compared as a set: the same symbols
must bind to the same objects.

dryad's binding cache (docs/17-binding-cache.md) lives in a directory of the
bench's own: the warm-up run records each program's lookups and the measured
runs replay them, as every run but a program's first does. The first run's
cost is measured too: "recording" runs each get an empty cache directory, so
each makes every lookup and writes the file (wall time, and callgrind's count
of one such run).

Writes bench.md (the table, with the machine it ran on) and bench.png (the
ratios as bars) to --out (default: the directory bazel run was started from).
Programs missing here are skipped and named: tools/bench-setup.sh installs
them from Debian.
"""
import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

GLIBC = "/lib64/ld-linux-x86-64.so.2"
# The ten programs; the last five are the big ones the targets name.
DEFAULT_PROGRAMS = [
    "/bin/true",
    "/bin/ls --version",
    "/usr/bin/git --version",
    "/usr/bin/perl -e 1",
    "/usr/bin/python3 -c pass",
    "/usr/bin/clang-14 --version",
    "/usr/bin/gimp-2.10 --version",
    "/usr/bin/inkscape --version",
    "/usr/lib/chromium/chromium --version",
    "/usr/lib/libreoffice/program/soffice.bin --version",
]
BIG = ("clang-14", "gimp-2.10", "inkscape", "chromium", "soffice.bin")


def empty(fresh):
    """An empty binding cache directory: the next run records."""
    if fresh:
        shutil.rmtree(fresh, True)
        os.mkdir(fresh)


def run_once(cmd, env, fresh=None):
    empty(fresh)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_minflt - before.ru_minflt


def loader_own(path, loader):
    """The instructions executed in LOADER's own code, from a callgrind out file: the
    self cost of every function in that object (`ob=`), inlined ones included. The
    cost line after a `calls=` line is the callee's inclusive cost: not ours."""
    names, cur, skip, own = {}, None, False, 0
    loader = os.path.realpath(loader)
    is_loader = {}  # name: whether it is LOADER, resolved once (ob= recurs with every function)
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith(("ob=", "cob=")):
                m = re.match(r"c?ob=(?:\((\d+)\))?\s*(.*)", line.rstrip("\n"))
                if m.group(1) and m.group(2):
                    names[m.group(1)] = m.group(2)
                if line.startswith("ob="):
                    name = names.get(m.group(1)) if m.group(1) else m.group(2)
                    if name is not None and name not in is_loader:
                        is_loader[name] = os.path.realpath(name) == loader
                    cur = is_loader.get(name, False)
            elif line.startswith("calls="):
                skip = True
            elif line[:1].isdigit() or line[:1] in "+-*":
                if not skip and cur:
                    parts = line.split()
                    own += int(parts[1]) if len(parts) > 1 else 0
                skip = False
    return own


def instructions(cmd, env, fresh=None):
    """(all instructions of the run, those in the loader's own code)."""
    empty(fresh)
    fd, out_file = tempfile.mkstemp(prefix="dryad-bench-cg-")
    os.close(fd)
    out = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}"] + cmd,
                         env=env, capture_output=True, text=True, check=False).stderr
    total = None
    for line in out.splitlines():
        if "refs:" in line:
            total = int(line.split("refs:")[1].replace(",", "").strip())
    own = loader_own(out_file, cmd[0]) if total else None
    os.unlink(out_file)
    return total, own


# glibc's ld.so binds a few symbols for itself (its malloc switch-over, its
# error catchers in libc); those lines say nothing about the program.
OWN = re.compile(r"symbol `(calloc|malloc|realloc|free|_dl_catch_error|_dl_catch_exception|"
                 r"_dl_signal_error|_dl_signal_exception)'")


def bindings(cmd, env):
    out = subprocess.run(cmd, env=dict(env, LD_DEBUG="bindings"), stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, check=False).stderr.decode("utf-8", "replace")
    lines = set()
    for line in out.splitlines():
        line = re.sub(r"^\s*\d+:\t", "", line)
        if line.startswith("binding file ") and not OWN.search(line):
            lines.add(line)
    return lines


def svg_bars(rows, title):
    """A grouped horizontal bar chart of ratios, as SVG text."""
    series = [("instructions, 1 thread", "#4472c4"), ("wall, 1 thread", "#ed7d31"),
              ("wall, 2 threads", "#a5a5a5"), ("minor faults, 1 thread", "#70ad47"),
              ("wall, 1 thread, recording", "#ffc000")]
    bar, gap, left, width = 9, 10, 260, 420
    height = 84 + len(rows) * (len(series) * bar + gap)
    top = max([2.0] + [v for r in rows for v in r[1] if v])
    x = lambda v: left + width * v / top
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 40}" height="{height}" '
           f'font-family="DejaVu Sans, sans-serif" font-size="11">',
           f'<rect width="100%" height="100%" fill="white"/>',
           f'<text x="10" y="18" font-size="13">{title}</text>']
    for i, (label, colour) in enumerate(series):
        out.append(f'<rect x="{10 + (i % 3) * 200}" y="{28 + (i // 3) * 14}" width="10" height="10" fill="{colour}"/>'
                   f'<text x="{24 + (i % 3) * 200}" y="{37 + (i // 3) * 14}">{label}</text>')
    y = 69
    for name, values in rows:
        out.append(f'<text x="{left - 6}" y="{y + len(series) * bar / 2 + 4}" text-anchor="end">{name}</text>')
        for (label, colour), v in zip(series, values):
            if v:
                out.append(f'<rect x="{left}" y="{y}" width="{x(v) - left:.1f}" height="{bar - 1}" fill="{colour}"/>'
                           f'<text x="{x(v) + 3:.1f}" y="{y + bar - 1}" font-size="8">{v:.2f}</text>')
            y += bar
        y += gap
    out.append(f'<line x1="{x(1):.1f}" y1="48" x2="{x(1):.1f}" y2="{y}" stroke="black" stroke-dasharray="3,2"/>'
               f'<text x="{x(1) + 3:.1f}" y="{y + 10}">1.0 = glibc</text>')
    out.append("</svg>")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dryad")
    ap.add_argument("--pairs", type=int, default=21)
    ap.add_argument("--no-instructions", action="store_true")
    ap.add_argument("--programs", default=None, help="';'-separated commands")
    ap.add_argument("--out", default=os.environ.get("BUILD_WORKING_DIRECTORY", "."))
    a = ap.parse_args()
    dryad = os.path.realpath(a.dryad)
    programs = a.programs.split(";") if a.programs else DEFAULT_PROGRAMS
    missing = [p for p in programs if not shutil.which(p.split()[0])]
    programs = [p for p in programs if p not in missing]
    env = dict(os.environ)
    env.pop("DRYAD_THREADS", None)
    work = tempfile.mkdtemp(prefix="dryad-bench-")
    cache, fresh = os.path.join(work, "cache"), os.path.join(work, "fresh")
    denv = dict(env, DRYAD_BINDCACHE=cache)
    # (name, loader, environment, a cache directory emptied before each run)
    loaders = [("glibc", GLIBC, env, None), ("dryad-1", dryad, dict(denv, DRYAD_THREADS="1"), None),
               ("dryad-2", dryad, dict(denv, DRYAD_THREADS="2"), None),
               ("dryad-rec", dryad, dict(env, DRYAD_THREADS="1", DRYAD_BINDCACHE=fresh), fresh)]
    cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                      if l.startswith("model name")), "?")
    machine = (f"{platform.node()}: {os.cpu_count()} CPUs ({cpu_model}), Linux {platform.release()}, "
               f"{time.strftime('%Y-%m-%d')}")
    print(f"machine: {machine}")
    print(f"{a.pairs} pairs per program, alternating; median of per-pair ratios dryad/glibc "
          f"(below 1: dryad better)")
    if missing:
        print("not installed, skipped (tools/bench-setup.sh installs them): " + ", ".join(missing))
    print()
    table = []
    for prog in programs:
        args = prog.split()
        for _, ldso, e, f in loaders:  # warm the page cache (and record the binding cache)
            run_once([ldso] + args, e, f)
        samples = {name: [] for name, _, _, _ in loaders}
        for i in range(a.pairs):
            order = loaders[i % len(loaders):] + loaders[:i % len(loaders)]
            for name, ldso, e, f in order:
                samples[name].append(run_once([ldso] + args, e, f))
        def ratio(name, k):
            rs = [d[k] / g[k] for d, g in zip(samples[name], samples["glibc"]) if g[k]]
            return statistics.median(rs) if rs else 0.0
        ins = {}  # name: (total, the loader's own)
        if not a.no_instructions:
            # callgrind preloads a library of its own: another set of objects,
            # another cache file, recorded by the first of the two dryad runs.
            ins["glibc"] = instructions([GLIBC] + args, env)
            ins["dryad-rec"] = instructions([dryad] + args, loaders[3][2], fresh)
            ins["dryad-1"] = instructions([dryad] + args, loaders[3][2])
        # Replayed lookups print their bindings too (LD_DEBUG=bindings keeps the cache on).
        gb, db = bindings([GLIBC] + args, env), bindings([dryad] + args, loaders[1][2])
        differ = len(gb ^ db)
        short = os.path.basename(args[0]) + ("" if len(args) == 1 else " " + " ".join(args[1:]))
        row = {
            "program": short,
            "ins_glibc": ins.get("glibc", (None,))[0], "ins_dryad": ins.get("dryad-1", (None,))[0],
            "wall_g_ms": statistics.median(s[0] for s in samples["glibc"]) * 1e3,
            "wall1": ratio("dryad-1", 0), "wall2": ratio("dryad-2", 0),
            "cpu1": ratio("dryad-1", 1), "cpu2": ratio("dryad-2", 1),
            "flt1": ratio("dryad-1", 2), "wallrec": ratio("dryad-rec", 0),
            "bindings": "same" if not differ else f"{differ} differ",
        }
        row["ins"] = row["ins_dryad"] / row["ins_glibc"] if row["ins_dryad"] and row["ins_glibc"] else 0.0
        row["insrec"] = (ins.get("dryad-rec", (0,))[0] or 0) / row["ins_glibc"] if row["ins_glibc"] else 0.0
        # The loader's own code alone, and the least the ratio could be: the share of
        # glibc's run spent outside its ld.so, which no loader can remove.
        own_g, own_d = ins.get("glibc", (0, 0))[1], ins.get("dryad-1", (0, 0))[1]
        row["own"] = own_d / own_g if own_g and own_d is not None else 0.0
        row["floor"] = 1 - own_g / row["ins_glibc"] if own_g and row["ins_glibc"] else 0.0
        table.append(row)
        print(f"{short:40} instructions {row['ins']:.2f} (recording {row['insrec']:.2f}, "
              f"loader's own {row['own']:.2f}, floor {row['floor']:.2f})  "
              f"wall {row['wall1']:.2f} / {row['wall2']:.2f} (recording {row['wallrec']:.2f})"
              f"  cpu {row['cpu1']:.2f} / {row['cpu2']:.2f}  faults {row['flt1']:.2f}  "
              f"bindings {row['bindings']}", flush=True)

    md = [f"Machine: {machine}. {a.pairs} pairs per program; each ratio is dryad/glibc, the "
          "median of per-pair ratios (instructions: callgrind, one run each). 1T, 2T: "
          "DRYAD_THREADS=1, 2. Recording: a program's first run, which makes every lookup and "
          "writes its binding cache; the other columns replay it. Loader's own: the instructions in "
          "the loader's code alone (callgrind's per-object self cost). Floor: the share of glibc's "
          "run spent outside its ld.so, the least the instruction ratio could be with a loader "
          "that ran no instructions at all.", "",
          "| program | glibc wall ms | instructions glibc | dryad 1T | ratio | loader's own | floor "
          "| recording | wall 1T | wall 2T | wall 1T recording | CPU 1T | CPU 2T | minor faults 1T "
          "| bindings |",
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in table:
        fmt = lambda v: f"{v:,d}" if v else "-"
        md.append(f"| `{r['program']}` | {r['wall_g_ms']:.1f} | {fmt(r['ins_glibc'])} | "
                  f"{fmt(r['ins_dryad'])} | {r['ins']:.2f} | {r['own']:.2f} | {r['floor']:.2f} | "
                  f"{r['insrec']:.2f} | {r['wall1']:.2f} | "
                  f"{r['wall2']:.2f} | {r['wallrec']:.2f} | "
                  f"{r['cpu1']:.2f} | {r['cpu2']:.2f} | {r['flt1']:.2f} | {r['bindings']} |")
    if missing:
        md += ["", "Not installed when this ran: " + ", ".join(f"`{m}`" for m in missing) + "."]
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "bench.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    svg = svg_bars([(r["program"][:38], (r["ins"], r["wall1"], r["wall2"], r["flt1"], r["wallrec"]))
                    for r in table],
                   "dryad / glibc ld.so, startup (lower is better)")
    svg_path, png_path = os.path.join(a.out, "bench.svg"), os.path.join(a.out, "bench.png")
    with open(svg_path, "w") as f:
        f.write(svg)
    converter = shutil.which("rsvg-convert")
    if converter:
        subprocess.run([converter, "-o", png_path, svg_path], check=False)
    print(f"\nwrote {os.path.join(a.out, 'bench.md')}, {svg_path}" +
          (f", {png_path}" if converter else " (no rsvg-convert: no PNG; tools/bench-setup.sh installs it)"))
    shutil.rmtree(work, True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
