#!/usr/bin/env python3
"""driver.py: runs generated programs under a candidate ld.so and the reference
loaders (glibc's and musl's), compares them, and explains or reports every
difference. See README.md in this directory.

  driver.py [--seed S --count N [--linker bfd,lld] | --corpus TAR...]
            --candidate LDSO [--glibc LDSO] [--musl LDSO] [--musl-stub SO]
            [--imgdump TOOL] [--divergences FILE] [--support DIR]
            [--expect-unknown] [--shrink] [--jobs N] [--keep DIR]

The last line is "N programs, R runs, D divergences (K known)". The exit status
is 1 if any divergence is unknown (0 with --expect-unknown: then 1 if there is
none), 2 on a harness error (a seed that does not build, a missing tool).
"""

import argparse
import atexit
import copy
import difflib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

REFERENCES = ("glibc", "musl")
TIMEOUT = 20


# ---------------------------------------------------------------------------
# The divergence table.

class Entry:
    def __init__(self):
        self.name = None
        self.reference = None
        self.when = []
        self.stage = "output"
        self.ignores = []  # (kind, compiled regex or None)
        self.reason = ""
        self.kind = "reference"

    def applies(self, reference, stage, feats):
        if reference != self.reference or self.stage not in (stage, "any"):
            return False
        for w in self.when:
            if w.startswith("!"):
                if w[1:] in feats:
                    return False
            elif not any(alt in feats for alt in w.split("|")):
                return False
        return True


def load_table(path):
    entries = []
    cur = None
    last_key = None
    with open(path) as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("#"):
                continue
            if not line.strip():
                cur = None
                continue
            if line[0].isspace():
                if cur is None or last_key != "reason":
                    raise SystemExit("%s:%d: continuation outside a reason" % (path, lineno))
                cur.reason += " " + line.strip()
                continue
            key, _, val = line.partition(" ")
            val = val.strip()
            if cur is None:
                cur = Entry()
                entries.append(cur)
            last_key = key
            if key == "name":
                cur.name = val
            elif key == "reference":
                if val not in REFERENCES:
                    raise SystemExit("%s:%d: unknown reference %s" % (path, lineno, val))
                cur.reference = val
            elif key == "when":
                cur.when = val.split()
            elif key == "stage":
                if val not in ("output", "image", "any"):
                    raise SystemExit("%s:%d: unknown stage %s" % (path, lineno, val))
                cur.stage = val
            elif key == "ignore":
                kind, _, rx = val.partition(" ")
                if kind == "run":
                    cur.ignores.append(("run", None))
                elif kind in ("lines", "after"):
                    # A trailing space in the table is significant ("^ctor prog ").
                    rx = raw.rstrip("\n").split(None, 2)[2]
                    re.compile(_expand(rx, {}))  # check the syntax now
                    cur.ignores.append((kind, rx))
                else:
                    raise SystemExit("%s:%d: unknown ignore kind %s" % (path, lineno, kind))
            elif key == "reason":
                cur.reason = val
            elif key == "kind":
                if val not in ("reference", "departure", "bug"):
                    raise SystemExit("%s:%d: unknown kind %s" % (path, lineno, val))
                cur.kind = val
            else:
                raise SystemExit("%s:%d: unknown key %s" % (path, lineno, key))
    for e in entries:
        if not (e.name and e.reference and e.ignores and e.reason):
            raise SystemExit("%s: entry %s lacks name, reference, ignore or reason" % (path, e.name))
    return entries


def _expand(rx, names):
    """{set} in a table regex: an alternation of the program's names in that
    set (gen.name_sets), or a pattern that matches nothing."""
    def sub(m):
        vals = names.get(m.group(1), [])
        return "(?:%s)" % "|".join(re.escape(v) for v in vals) if vals else "(?!)"
    return re.sub(r"\{([a-z_]+)\}", sub, rx)


def apply_ignores(text, entries, names):
    """TEXT (a transcript or a dump) with what ENTRIES leave out removed;
    None if an entry drops the whole comparison."""
    lines = text.split("\n")
    for e in entries:
        for kind, rx in e.ignores:
            if kind == "run":
                return None
            rx = re.compile(_expand(rx, names))
            if kind == "lines":
                lines = [l for l in lines if not rx.search(l)]
            elif kind == "after":
                for i, l in enumerate(lines):
                    if rx.search(l):
                        lines = lines[:i] + ["[rest ignored: %s]" % e.name]
                        break
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Running one program.

def signame(n):
    try:
        return signal.Signals(n).name
    except ValueError:
        return str(n)


def transcript(out, err, rc, root):
    t = out.decode("utf-8", "replace")
    if t and not t.endswith("\n"):
        t += "\\ no newline\n"
    e = err.decode("utf-8", "replace")
    if e:
        t += "--- stderr\n" + e
        if not e.endswith("\n"):
            t += "\\ no newline\n"
    t += "--- exit %s\n" % (rc if rc >= 0 else "signal " + signame(-rc))
    return t.replace(root + "/", "@ROOT@/").replace(root, "@ROOT@")


class Loaders:
    def __init__(self, a):
        self.paths = {"candidate": os.path.abspath(a.candidate), "glibc": a.glibc, "musl": a.musl}
        self.musl_stub_dir = None
        if a.musl_stub:
            self.musl_stub_dir = tempfile.mkdtemp(prefix="difftest-muslstub-")
            atexit.register(shutil.rmtree, self.musl_stub_dir, True)
            shutil.copy(a.musl_stub, os.path.join(self.musl_stub_dir, "ld-linux-x86-64.so.2"))
        self.imgdump = os.path.abspath(a.imgdump) if a.imgdump else None
        # The table's bug and departure entries apply to dryad only.
        self.dryad = os.path.basename(a.candidate).startswith("dryad")

    def env(self, who, meta):
        env = dict(meta["run"]["env"])
        if who == "musl" and meta["spec"]["libc_mode"] and self.musl_stub_dir:
            # musl maps libc.so.6 to itself, but looks for ld-linux-x86-64.so.2
            # on disk: give it an empty stand-in (not a divergence: a way to let
            # the same binary run; see README.md).
            env["LD_LIBRARY_PATH"] = ":".join(
                [p for p in [env.get("LD_LIBRARY_PATH")] if p] + [self.musl_stub_dir])
        return env


def run_output(loaders, who, root, meta):
    argv = [loaders.paths[who]] + meta["run"]["argv"]
    try:
        p = subprocess.run(argv, cwd=root, env=loaders.env(who, meta), stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
        return transcript(p.stdout, p.stderr, p.returncode, root)
    except subprocess.TimeoutExpired as e:
        return transcript(e.stdout or b"", e.stderr or b"", 0, root) + "--- timeout\n"


def run_image(loaders, who, root, meta, extra_env=None):
    argv = [loaders.imgdump]
    for k, v in sorted(dict(loaders.env(who, meta), **(extra_env or {})).items()):
        argv += ["-e", "%s=%s" % (k, v)]
    argv += ["--", loaders.paths[who]] + meta["run"]["argv"]
    try:
        p = subprocess.run(argv, cwd=root, env={}, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return "imgdump: timeout\n"
    text = p.stdout.decode("utf-8", "replace")
    if p.returncode != 0:
        text += "imgdump failed (%d): %s" % (p.returncode, p.stderr.decode("utf-8", "replace"))
    return text.replace(root + "/", "@ROOT@/").replace(root, "@ROOT@")


# ---------------------------------------------------------------------------
# Comparing.

class Result:
    def __init__(self, meta, root):
        self.meta = meta
        self.root = root
        self.runs = 0
        self.divergences = []  # dicts: reference, stage, known, entries, detail


def first_difference(a, b):
    al, bl = a.split("\n"), b.split("\n")
    for i in range(max(len(al), len(bl))):
        x = al[i] if i < len(al) else "<end>"
        y = bl[i] if i < len(bl) else "<end>"
        if x != y:
            return i + 1, x, y
    return None


def image_difference(a, b):
    """Dumps are "KEY = VALUE" lines: the first key whose line differs, in
    the candidate's order."""
    def index(t):
        d = {}
        for l in t.split("\n"):
            if l:
                d.setdefault(l.split(" = ", 1)[0], l)
        return d
    da, db = index(a), index(b)
    keys = list(da) + [k for k in db if k not in da]
    for k in keys:
        if da.get(k) != db.get(k):
            return k, da.get(k, "<none>"), db.get(k, "<none>")
    return None


def compare(res, stage, reference, cand, ref, table, dryad=True):
    if cand == ref:
        return
    feats = set(res.meta["features"])
    # Entries of kind bug and departure describe dryad, not the reference.
    entries = [e for e in table if e.applies(reference, stage, feats)
               and (dryad or e.kind == "reference")]
    names = res.meta.get("names", {})
    mc, mr = apply_ignores(cand, entries, names), apply_ignores(ref, entries, names)
    known = mc == mr
    used = []
    if known:
        # Name only the entries that mattered.
        for e in entries:
            rest = [x for x in entries if x is not e]
            if apply_ignores(cand, rest, names) != apply_ignores(ref, rest, names):
                used.append(e.name)
        used = used or [e.name for e in entries]
    res.divergences.append({"reference": reference, "stage": stage, "known": known,
                            "entries": used, "cand": cand if mc is None else mc,
                            "ref": ref if mr is None else mr,
                            "applied": [e.name for e in entries]})


# Startup's symbol index, forced on (docs/06-symbols.md).
SYMINDEX = {"DRYAD_SYMINDEX": "on"}


def run_program(root, loaders, table, stages):
    with open(os.path.join(root, "meta.json")) as f:
        meta = json.load(f)
    res = Result(meta, root)
    outs = {}
    for who in ("candidate",) + REFERENCES:
        outs[who] = run_output(loaders, who, root, meta)
        res.runs += 1
    res.outputs = outs
    for ref in REFERENCES:
        compare(res, "output", ref, outs["candidate"], outs[ref], table, loaders.dryad)
    if "image" in stages and loaders.imgdump:
        # dryad looks symbols up through startup's index here (forced: these
        # programs are too small for it to pay), the output stage's run walks
        # the scope; both are compared with the references. Every loader gets
        # the variable, so the environments dumped are the same.
        imgs = {}
        for who in ("candidate",) + REFERENCES:
            imgs[who] = run_image(loaders, who, root, meta, SYMINDEX)
            res.runs += 1
        res.images = imgs
        for ref in REFERENCES:
            compare(res, "image", ref, imgs["candidate"], imgs[ref], table, loaders.dryad)
    if "threads" in stages and loaders.imgdump and loaders.dryad:
        # Relocation threads never change the result: the image with threads
        # (every relocation its own work item, so that these small programs use
        # them) against a serial run's. Only DRYAD_THREADS's value on the stack
        # differs (the same variables, of the same lengths); no divergence
        # table applies.
        runs = [run_image(loaders, "candidate", root, meta, dict(SYMINDEX, **env)) for env in
                ({"DRYAD_THREADS": "1", "DRYAD_THREADS_CHUNK": "1"},
                 {"DRYAD_THREADS": "2", "DRYAD_THREADS_CHUNK": "1"})]
        res.runs += 2
        serial, threaded = ["\n".join(l for l in r.split("\n") if "DRYAD_THREADS" not in l) for r in runs]
        if serial != threaded:
            res.divergences.append({"reference": "threads", "stage": "image", "known": False,
                                    "entries": [], "cand": threaded, "ref": serial, "applied": []})
    if "bindcache" in stages and loaders.imgdump and loaders.dryad:
        # The binding cache never changes the result either: the image of a run
        # that replays the lookups the run before it recorded, against the image
        # of that run; and of a replay whose threads replay each object's
        # symbolic relocations ahead of the serial pass (every relocation its
        # own item, as in the threads stage). A replay that gave up removes the
        # file: that fails too.
        cache = tempfile.mkdtemp(prefix="difftest-bindcache-")
        try:
            env = {"DRYAD_BINDCACHE": cache, "DRYAD_THREADS": "1", "DRYAD_THREADS_CHUNK": "1"}
            recorded = run_image(loaders, "candidate", root, meta, env)
            written = sorted(os.listdir(cache))
            replayed = run_image(loaders, "candidate", root, meta, env)
            threaded = run_image(loaders, "candidate", root, meta, dict(env, DRYAD_THREADS="2"))
            kept = sorted(os.listdir(cache))
        finally:
            shutil.rmtree(cache, True)
        res.runs += 3
        recorded, replayed, threaded = ["\n".join(l for l in r.split("\n") if "DRYAD_THREADS" not in l)
                                        for r in (recorded, replayed, threaded)]
        for got in (replayed, threaded):
            if got != recorded or kept != written:
                res.divergences.append({"reference": "bindcache", "stage": "image", "known": False,
                                        "entries": [], "applied": [],
                                        "cand": got + ("" if kept == written else
                                                       "binding cache file removed: replay abandoned\n"),
                                        "ref": recorded})
                break
    return res


def describe(res, d, repro):
    meta = res.meta
    lines = ["FAIL seed %d (%s): %s differs from %s (%s)" % (
        meta["seed"], meta["linker"], "candidate", d["reference"], d["stage"])]
    lines.append("  features: " + " ".join(meta["features"]))
    if d["applied"]:
        lines.append("  table entries applied: " + " ".join(d["applied"]))
    if d["stage"] == "output":
        fd = first_difference(d["cand"], d["ref"])
        if fd:
            lines.append("  first differing line (%d):" % fd[0])
            lines.append("    candidate: " + fd[1])
            lines.append("    %-9s: %s" % (d["reference"], fd[2]))
        diff = list(difflib.unified_diff(d["ref"].split("\n"), d["cand"].split("\n"),
                                         d["reference"], "candidate", lineterm="", n=2))
        lines += ["    | " + l for l in diff[:40]]
    else:
        fd = image_difference(d["cand"], d["ref"])
        if fd:
            lines.append("  first differing word (object+offset section symbol: value):")
            lines.append("    candidate: " + fd[1])
            lines.append("    %-9s: %s" % (d["reference"], fd[2]))
    lines.append("  reproduce: " + repro)
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Corpora: prebuilt tarballs (Bazel) or seeds built here.

def extract(tars, dest):
    roots = []
    for t in tars:
        if os.path.isdir(t):  # an already extracted or built corpus
            roots += [os.path.join(t, n) for n in os.listdir(t)]
            continue
        with tarfile.open(t) as tf:
            tf.extractall(dest)
            for m in tf.getmembers():
                if m.name.count("/") == 0 and m.isdir():
                    roots.append(os.path.join(dest, m.name))
    return split_failed(roots)


def split_failed(roots):
    """(programs, errors): programs built, and the seeds that did not build."""
    ok, errors = [], []
    for r in sorted(set(roots), key=_root_key):
        failed = os.path.join(r, "BUILD-FAILED")
        if os.path.exists(failed):
            with open(failed) as f:
                errors.append("%s does not build:\n%s" % (os.path.basename(r), f.read()))
        elif os.path.exists(os.path.join(r, "meta.json")):
            ok.append(r)
    return ok, errors


def _root_key(r):
    b = os.path.basename(r)
    m = re.match(r"s(\d+)-(\w+)$", b)
    return (int(m.group(1)), m.group(2)) if m else (0, b)


def build_seeds(seeds, linkers, support, dest, jobs):
    roots = []
    for lk in linkers:
        gen.build_batch(seeds, lk, support, dest, jobs)
        roots += [os.path.join(dest, "s%d-%s" % (s, lk)) for s in seeds]
    return split_failed(roots)


# ---------------------------------------------------------------------------
# Shrinking: smaller specs that still show the same unknown divergence.

def shrink_candidates(spec):
    """Specs one step smaller than SPEC, most aggressive first."""
    objs = spec["objects"]
    out = []

    def variant(f):
        s = copy.deepcopy(spec)
        f(s)
        out.append(s)

    for i in range(len(objs) - 1, 0, -1):
        def drop(s, i=i):
            remove_object(s, i)
        variant(drop)
    for k in range(len(spec["symbols"]) - 1, -1, -1):
        variant(lambda s, k=k: s["symbols"].pop(k))
    for k, s0 in enumerate(spec["symbols"]):
        for j in range(len(s0["refs"]) - 1, -1, -1):
            variant(lambda s, k=k, j=j: s["symbols"][k]["refs"].pop(j))
        if len(s0["defs"]) > 1:
            for j in range(len(s0["defs"]) - 1, -1, -1):
                variant(lambda s, k=k, j=j: s["symbols"][k]["defs"].pop(j))
    for key in ("shadow", "error"):
        if key in spec:
            variant(lambda s, key=key: s.pop(key))
    flags = [("preload", []), ("ld_library_path", []), ("bind_now_env", False),
             ("call_fini", False), ("libc_mode", False), ("args", [])]
    for key, empty in flags:
        if spec.get(key) != empty:
            variant(lambda s, key=key, empty=empty: s.__setitem__(key, copy.deepcopy(empty)))
    for i, o in enumerate(objs):
        for key, empty in (("ctors", 0), ("dtors", 0), ("dt_init", False), ("dt_fini", False),
                           ("locals", 0), ("relr", False), ("bsymbolic", None), ("preinit", 0),
                           ("old_against", []), ("lazy", False), ("hash", "gnu"), ("tls_gnu2", False),
                           ("separate_code", True)):
            if o.get(key, empty) != empty:
                variant(lambda s, i=i, key=key, empty=empty:
                        s["objects"][i].__setitem__(key, copy.deepcopy(empty)))
        if o["dir"] != ".":
            variant(lambda s, i=i: s["objects"][i].__setitem__("dir", "."))
        if o["paths"]["type"]:
            variant(lambda s, i=i: s["objects"][i].__setitem__("paths", {"type": None, "dirs": []}))
        for n in list(o["needs"]):
            variant(lambda s, i=i, n=n: s["objects"][i]["needs"].remove(n))
        for n in list(o.get("back", [])):
            variant(lambda s, i=i, n=n: s["objects"][i]["back"].remove(n))
    if objs[0]["pie"]:
        variant(lambda s: s["objects"][0].__setitem__("pie", False))
    return out


def remove_object(spec, i):
    objs = spec["objects"]

    def remap(j):
        return j - 1 if j > i else j
    del objs[i]
    for o in objs:
        o["needs"] = [remap(n) for n in o["needs"] if n != i]
        o["old_against"] = [remap(n) for n in o.get("old_against", []) if n != i]
    spec["preload"] = [remap(p) for p in spec["preload"] if p != i]
    sh = spec.get("shadow")
    if sh:
        if sh["lib"] == i:
            spec.pop("shadow")
        else:
            sh["lib"] = remap(sh["lib"])
    for o in objs:
        o["back"] = [remap(n) for n in o.get("back", []) if n != i]
    err = spec.get("error")
    if err:
        for k in ("lib", "obj"):
            if k in err:
                if err[k] == i:
                    spec.pop("error")
                    break
                err[k] = remap(err[k])
    for s in spec["symbols"]:
        s["defs"] = [dict(d, obj=remap(d["obj"])) for d in s["defs"] if d["obj"] != i]
        s["refs"] = [dict(x, obj=remap(x["obj"])) for x in s["refs"] if x["obj"] != i]
    # Library names follow their index (libdN.so); rename to keep them unique.
    for k, o in enumerate(objs):
        if not o["exe"]:
            o["name"] = ("libpre%d.so" if o.get("preload_only") else "libd%d.so") % k


def shrink(spec, linker, a, loaders, table, target, workdir):
    """Greedy: keep any one-step-smaller spec that still shows an unknown
    divergence against TARGET (reference, stage)."""
    def still_fails(s):
        d = tempfile.mkdtemp(dir=workdir)
        err = gen.build_spec(s, linker, a.support, d)
        if err:
            return False
        res = run_program(d, loaders, table, a.stages)
        return any(not x["known"] and (x["reference"], x["stage"]) == target for x in res.divergences)

    steps = 0
    changed = True
    while changed and steps < 400:
        changed = False
        for c in shrink_candidates(spec):
            try:
                c = gen.normalize(c)
            except Exception:
                continue
            steps += 1
            if still_fails(c):
                spec = c
                changed = True
                break
    return spec


# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--linker", default="bfd,lld")
    ap.add_argument("--corpus", nargs="*", default=[], help="tarballs built by difftest_corpus")
    ap.add_argument("--candidate", help="the ld.so under test (default: --default-candidate)")
    ap.add_argument("--default-candidate", help=argparse.SUPPRESS)
    ap.add_argument("--glibc", default="/lib64/ld-linux-x86-64.so.2")
    ap.add_argument("--musl", default="/lib/ld-musl-x86_64.so.1")
    ap.add_argument("--musl-stub")
    ap.add_argument("--imgdump")
    ap.add_argument("--stages", default="output,image,threads,bindcache")
    ap.add_argument("--divergences", default=os.path.join(HERE, "divergences.txt"))
    ap.add_argument("--support", default=os.path.join(HERE, "..", "..", "testbins", "support"))
    ap.add_argument("--expect-unknown", action="store_true",
                    help="succeed only if some divergence is unknown (a self-test of the harness)")
    ap.add_argument("--shrink", action="store_true")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--keep", help="build and run in this directory and keep it")
    ap.add_argument("--repro", default="bazel run //tools:difftest --",
                    help="command prefix printed in reproduction lines")
    ap.add_argument("--quiet-known", action="store_true")
    a = ap.parse_args()
    a.stages = a.stages.split(",")

    # Under `bazel run`, paths the user typed are relative to where they typed.
    user_dir = os.environ.get("BUILD_WORKING_DIRECTORY")
    if a.candidate and user_dir and not os.path.isabs(a.candidate):
        a.candidate = os.path.join(user_dir, a.candidate)
    if not a.candidate:
        a.candidate = a.default_candidate
    if not a.candidate:
        ap.error("--candidate is required")
    if a.keep and user_dir and not os.path.isabs(a.keep):
        a.keep = os.path.join(user_dir, a.keep)

    table = load_table(a.divergences)
    loaders = Loaders(a)
    for who, p in loaders.paths.items():
        if not os.path.exists(p):
            print("difftest: %s loader %s not found" % (who, p), file=sys.stderr)
            return 2
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
        work = os.path.abspath(a.keep)
    else:
        work = tempfile.mkdtemp(prefix="difftest-", dir=os.environ.get("TEST_TMPDIR"))

    if a.corpus:
        roots, errors = extract(a.corpus, work)
    elif a.seed is not None:
        roots, errors = build_seeds(range(a.seed, a.seed + a.count), a.linker.split(","),
                                    a.support, work, a.jobs)
    else:
        ap.error("give --seed or --corpus")

    cand_arg = "" if a.candidate.endswith("dryad.so.1") else " --candidate " + a.candidate
    with ThreadPoolExecutor(max_workers=a.jobs) as ex:
        results = list(ex.map(lambda r: run_program(r, loaders, table, a.stages), roots))

    nruns = sum(r.runs for r in results)
    ndiv = sum(len(r.divergences) for r in results)
    nknown = sum(1 for r in results for d in r.divergences if d["known"])
    by_entry = {}
    unknown = []
    for r in results:
        for d in r.divergences:
            if d["known"]:
                for e in d["entries"]:
                    by_entry[e] = by_entry.get(e, 0) + 1
            else:
                unknown.append((r, d))
    for r, d in unknown:
        repro = "%s --seed %d --count 1 --linker %s%s" % (a.repro, r.meta["seed"], r.meta["linker"], cand_arg)
        print(describe(r, d, repro))
        print()
    kinds = {e.name: e.kind for e in table}
    if by_entry and not a.quiet_known:
        print("known divergences by table entry: " +
              ", ".join("%s %d" % (k, v) for k, v in sorted(by_entry.items())))
    bugs = {k: v for k, v in by_entry.items() if kinds.get(k) == "bug"}
    if bugs:
        print("OPEN CANDIDATE BUGS (table entries of kind bug) explain divergences: " +
              ", ".join("%s %d" % (k, v) for k, v in sorted(bugs.items())))
    for e in errors:
        print("ERROR " + e)

    if a.shrink and unknown:
        r, d = unknown[0]
        print("shrinking seed %d (%s) against %s (%s) ..." % (r.meta["seed"], r.meta["linker"],
                                                               d["reference"], d["stage"]))
        small = shrink(r.meta["spec"], r.meta["linker"], a, loaders, table,
                       (d["reference"], d["stage"]), work)
        out = os.path.join(work, "shrunk-s%d-%s" % (r.meta["seed"], r.meta["linker"]))
        shutil.rmtree(out, ignore_errors=True)
        gen.build_spec(small, r.meta["linker"], a.support, out)
        res = run_program(out, loaders, table, a.stages)
        for d2 in res.divergences:
            if not d2["known"]:
                print(describe(res, d2, "(shrunk program in %s; spec in its meta.json)" % out))
                break
        print("shrunk spec: %d objects, %d symbols; sources in %s/src" % (
            len(small["objects"]), len(small["symbols"]), out))
        a.keep = a.keep or work

    print("%d programs, %d runs, %d divergences (%d known)" % (len(results), nruns, ndiv, nknown))
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    if errors:
        return 2
    if a.expect_unknown:
        return 0 if unknown else 1
    return 1 if unknown else 0


if __name__ == "__main__":
    sys.exit(main())
