#!/usr/bin/env python3
"""gen.py: random but valid freestanding programs for differential loader tests.

From a seed, `generate` draws a *spec*: an executable and shared libraries in a
random dependency graph, with symbols defined and referenced across them. A spec
is plain data (JSON), so the driver can shrink it; `normalize` re-establishes
every rule that makes a spec buildable and loadable after generation or after a
shrinking step; `render` turns a spec into C sources and compiler invocations
for one linker; `build` runs them. See README.md (this directory) for what is
generated and how each feature is observed.

The programs use no libc (testbins/support: raw system calls, start.S), so
glibc's, musl's and dryad's ld.so can all run them. Each prints one fact per
line, the first word a tag the divergence table can name:

  preinit prog K              DT_PREINIT_ARRAY[K] ran
  ctor OBJ ...                an initialiser (DT_INIT or DT_INIT_ARRAY[K]) ran,
                              and what it read
  main ...                    the executable's main: argc, argv, environment, auxv
  val OBJ REF=V               a data or function symbol read through one reference
                              (valprot: through a pointer in data to OBJ's own
                              protected definition)
  tls OBJ SYM[MODEL]=V        a TLS variable read through one access model
  ifunc OBJ SYM()=V           an IFUNC called
  ver/verold OBJ SYM@VER=V    a versioned function called (verold: bound to a
                              non-default version because OBJ was linked against
                              an older build of the library; verunv: OBJ defines
                              the name itself, without a version, and its
                              reference has none)
  loc OBJ P=V                 a pointer to the object's own data (RELATIVE/RELR)
  val2/tls2 ...               the same reads after the executable wrote to every
                              data and TLS variable it references
  dtor OBJ ...                a finaliser ran (only if the program calls the
                              loader's %rdx finaliser; the line "main fini" comes
                              first)

Values are unique per symbol and defining object (1000 * (symbol + 1) + 10 *
object + variant): a line says which definition a reference reached. A decoy
copy of a library adds 7 to all of its values.

Usage:
  gen.py spec SEED                         print the spec as JSON
  gen.py build --seeds A:B --linker bfd|lld --support DIR --out X.tar [--jobs N]
  gen.py build-spec SPEC.json --linker L --support DIR --outdir DIR
"""

import argparse
import atexit
import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor

# ---------------------------------------------------------------------------
# Compiler drivers and flags (as testbins/defs.bzl, for the same reasons).

LINKERS = {
    "bfd": {"cc": "gcc", "cflags": ["-fno-tree-loop-distribute-patterns"], "ldflags": ["-fuse-ld=bfd"],
            "relr": ["-Wl,-z,pack-relative-relocs"]},
    "lld": {"cc": "clang-14", "cflags": [], "ldflags": ["-fuse-ld=lld"],
            "relr": ["-Wl,--pack-dyn-relocs=relr"]},
}

CFLAGS = [
    "-O2", "-ffreestanding", "-fno-builtin", "-fno-stack-protector",
    "-fcf-protection=none", "-fno-asynchronous-unwind-tables", "-fsemantic-interposition",
    "-Wall", "-Wno-unused-function", "-Wno-unused-variable",
]
LDFLAGS = ["-nostdlib", "-Wl,--no-as-needed"]

GLIBC_LDSO = "/lib64/ld-linux-x86-64.so.2"

# Directories a library may live in, relative to the program's root (where the
# executable is). Searched through $ORIGIN-relative DT_RPATH/DT_RUNPATH entries
# and LD_LIBRARY_PATH (relative to the working directory, the root).
DIRS = [".", "lib", "lib/sub", "alt"]


# ---------------------------------------------------------------------------
# Generation.

def _weighted(r, pairs):
    total = sum(w for _, w in pairs)
    x = r.random() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def generate(seed):
    """A random spec for SEED (deterministic)."""
    r = random.Random(seed)
    nlibs = _weighted(r, [(1, 2), (2, 3), (3, 4), (4, 4), (5, 3), (6, 2), (8, 1)])
    use_paths = r.random() < 0.5
    objs = [{
        "name": "prog", "exe": True, "dir": ".", "pie": r.random() < 0.6, "needs": [],
    }]
    for i in range(1, nlibs + 1):
        objs.append({"name": "libd%d.so" % i, "exe": False,
                     "dir": r.choice(DIRS) if use_paths else ".", "needs": []})

    # Dependency graph: edges from lower to higher index (acyclic; the back
    # edges added below may close cycles).
    shape = _weighted(r, [("random", 5), ("chain", 1), ("diamond", 2), ("wide", 1)])
    if shape == "chain":
        for i in range(nlibs):
            objs[i]["needs"].append(i + 1)
    elif shape == "wide":
        objs[0]["needs"] = list(range(1, nlibs + 1))
    else:
        for i in range(0, nlibs + 1):
            for j in range(i + 1, nlibs + 1):
                if r.random() < (0.45 if i == 0 else 0.3):
                    objs[i]["needs"].append(j)
        if shape == "diamond" and nlibs >= 3:
            # exe -> a, exe -> b, a -> c, b -> c
            a, b, c = sorted(r.sample(range(1, nlibs + 1), 3))
            for x, y in ((0, a), (0, b), (a, c), (b, c)):
                if y not in objs[x]["needs"]:
                    objs[x]["needs"].append(y)
    for o in objs:
        r.shuffle(o["needs"])  # DT_NEEDED order matters for breadth-first loading

    spec = {"seed": seed, "shape": shape, "objects": objs, "symbols": [],
            "preload": [], "ld_library_path": [], "bind_now_env": False,
            "libc_mode": r.random() < 0.15, "call_fini": r.random() < 0.4,
            "args": [], "exit": r.randrange(0, 64)}

    # LD_PRELOAD: a library of the graph, or one that nothing needs.
    if r.random() < 0.25:
        if r.random() < 0.5:
            spec["preload"].append(r.randrange(1, nlibs + 1))
        else:
            objs.append({"name": "libpre%d.so" % (nlibs + 1), "exe": False,
                         "dir": r.choice(DIRS) if use_paths else ".", "needs": [],
                         "preload_only": True})
            spec["preload"].append(nlibs + 1)
    nobj = len(objs)

    for o in objs:
        o["lazy"] = r.random() < 0.5
        o["hash"] = _weighted(r, [("gnu", 6), ("sysv", 2), ("both", 2)])
        o["separate_code"] = r.random() < 0.7
        o["ctors"] = r.choice([0, 0, 0, 1, 2])
        o["ctor_reads"] = r.random() < 0.5
        o["dtors"] = r.choice([0, 0, 1, 2])
        o["dt_init"] = r.random() < 0.15
        o["dt_fini"] = r.random() < 0.15
        o["locals"] = r.choice([0, 0, 1, 2, 3])
        if not o["exe"]:
            o["bsymbolic"] = _weighted(r, [(None, 8), ("all", 1), ("functions", 1)])
        o["paths"] = {"type": None, "dirs": []}
        o["old_against"] = []
    objs[0]["preinit"] = r.choice([0, 0, 0, 1, 2])
    if r.random() < 0.25:
        for o in objs:
            o["relr"] = r.random() < 0.6
    if use_paths:
        for o in objs:
            if r.random() < 0.6:
                o["paths"]["type"] = r.choice(["rpath", "runpath"])
                o["paths"]["dirs"] = r.sample(DIRS + ["nonexistent"], r.randrange(1, 3))
        if r.random() < 0.2:
            spec["ld_library_path"] = r.sample(DIRS[1:], r.randrange(1, 3))
    else:
        kind = r.choice(["rpath", "runpath"])
        for o in objs:
            if o["needs"] or o["exe"]:
                o["paths"] = {"type": kind, "dirs": ["."]}
    spec["origin_style"] = r.choice(["$ORIGIN", "${ORIGIN}"])
    for o in objs:
        # GCC's TLS descriptors for C accesses (bfd builds; clang 14 has no
        # -mtls-dialect=gnu2).
        o["tls_gnu2"] = not o["exe"] and r.random() < 0.3

    # Back edges: a library also needs one built before it in the graph's
    # order, usually one of its ancestors (a cycle: glibc's sort must break it).
    libs_g = [i for i in range(1, nobj) if not objs[i].get("preload_only")]
    if len(libs_g) >= 2 and r.random() < 0.2:
        for _ in range(r.randrange(1, 3)):
            i = r.choice(libs_g)
            below = [j for j in libs_g if j > i and j not in objs[i]["needs"]]
            desc, todo = set(), [i]
            while todo:
                for n in objs[todo.pop()]["needs"]:
                    if n not in desc:
                        desc.add(n)
                        todo.append(n)
            if desc and r.random() < 0.8:
                below = sorted(desc)  # then the back edge closes a cycle
            if below:
                j = r.choice(below)
                objs[j].setdefault("back", [])
                if i not in objs[j]["back"]:
                    objs[j]["back"].append(i)

    # Error paths, rarely: a library missing at run time, an undefined symbol,
    # a missing version. Every loader must fail the same way (glibc's words).
    x = r.random()
    if x < 0.04:
        spec["error"] = {"kind": "missing-lib", "lib": r.randrange(1, nobj)}
    elif x < 0.08:
        spec["error"] = {"kind": "missing-sym", "obj": r.randrange(1, nobj) if nobj > 1 else 1,
                         "sym_kind": r.choice(["data", "func"])}
    elif x < 0.10:
        spec["error"] = {"kind": "missing-version", "obj": r.randrange(nobj)}

    # A decoy: a second, different copy (values + 7) of a leaf library in
    # another directory, placed early in some search path. Which copy a loader
    # picks shows its search order (glibc: DT_RPATH of the requester and of the
    # objects that led to it, then LD_LIBRARY_PATH, then the requester's
    # DT_RUNPATH).
    leaves = [i for i in range(1, nobj) if not dt_needed(objs[i]) and not objs[i].get("preload_only")
              and i not in spec["preload"]]
    if use_paths and leaves and r.random() < 0.35:
        lib = r.choice(leaves)
        d2 = r.choice([d for d in DIRS if d != objs[lib]["dir"]])
        spec["shadow"] = {"lib": lib, "dir": d2}
        how = r.choice(["env", "exe", "requester", "other"])
        if how == "env":
            spec["ld_library_path"].insert(0, d2)
        else:
            requesters = [i for i in range(nobj) if lib in objs[i]["needs"]] or [0]
            t = {"exe": 0, "requester": r.choice(requesters), "other": r.randrange(nobj)}[how]
            p = objs[t]["paths"]
            if not p["type"]:
                p["type"] = r.choice(["rpath", "runpath"])
            p["dirs"].insert(0, d2)
    spec["bind_now_env"] = r.random() < 0.1
    if r.random() < 0.3:
        spec["args"] = r.sample(["alpha", "b", "-x", "--", "x y"], r.randrange(1, 4))

    # Symbols: data, functions, TLS.
    def new_symbol(kind):
        k = len(spec["symbols"])
        prefix = {"data": "dt_d", "func": "dt_f", "tls": "dt_t"}[kind]
        return {"name": "%s%d" % (prefix, k), "kind": kind, "defs": [], "refs": []}

    counts = {"data": r.randrange(1, 6), "func": r.randrange(1, 6),
              "tls": r.choice([0, 0, 1, 2, 3])}
    for kind, n in counts.items():
        for _ in range(n):
            s = new_symbol(kind)
            ndefs = _weighted(r, [(0, 1), (1, 5), (2, 4), (3, 2)])
            definers = r.sample(range(nobj), min(ndefs, nobj))
            for d in definers:
                vis = _weighted(r, [("default", 8), ("protected", 1), ("hidden", 1)])
                if objs[d]["exe"] and vis == "protected":
                    vis = "default"
                if kind == "tls" and vis == "protected":
                    vis = "default"
                s["defs"].append({"obj": d, "weak": kind != "tls" and r.random() < 0.2,
                                  "vis": vis})
            for o in range(nobj):
                if o in definers:
                    if r.random() < 0.75:
                        s["refs"].append(_new_ref(r, kind, o, objs[o]["exe"], self_ref=True))
                elif r.random() < 0.45:
                    s["refs"].append(_new_ref(r, kind, o, objs[o]["exe"], self_ref=False))
            spec["symbols"].append(s)

    # IFUNCs: defined in one object, called from others.
    if r.random() < 0.2:
        for _ in range(r.randrange(1, 3)):
            k = len(spec["symbols"])
            d = r.randrange(nobj)
            s = {"name": "dt_i%d" % k, "kind": "ifunc", "defs": [{"obj": d, "weak": False,
                 "vis": "default", "choice": r.randrange(2), "via_pointer": r.random() < 0.5}],
                 "refs": []}
            for o in range(nobj):
                if o == d or r.random() < 0.5:
                    s["refs"].append({"obj": o, "weak": False})
            spec["symbols"].append(s)

    # Versioned functions: one library with versions D<i>_1 and D<i>_2; a symbol
    # has an old implementation (D<i>_1, hidden in the new build) and a default
    # one (D<i>_2). Objects linked against the old build (old_against) bind to
    # D<i>_1.
    if r.random() < 0.25:
        libs = [i for i in range(1, nobj) if not objs[i].get("preload_only")]
        v = r.choice(libs)
        objs[v]["versioned"] = True
        for _ in range(r.randrange(1, 3)):
            k = len(spec["symbols"])
            s = {"name": "dt_v%d" % k, "kind": "vfunc", "defs": [{"obj": v, "weak": False,
                 "vis": "default"}], "refs": []}
            for o in range(nobj):
                if r.random() < 0.6:
                    s["refs"].append({"obj": o, "weak": False})
            if r.random() < 0.2:
                # An unversioned definition elsewhere: interposes if found first.
                other = r.randrange(nobj)
                if other != v:
                    s["defs"].append({"obj": other, "weak": False, "vis": "default"})
            spec["symbols"].append(s)
        for o in range(nobj):
            if o != v and r.random() < 0.4:
                objs[o]["old_against"].append(v)

    return normalize(spec)


def _new_ref(r, kind, obj, is_exe, self_ref):
    ref = {"obj": obj, "weak": (not self_ref) and kind != "tls" and r.random() < 0.2}
    if kind in ("data", "func"):
        ref["ptr"] = _weighted(r, [(None, 5), ("rw", 2), ("ro", 2)])
    if kind == "tls":
        models = [m for m in ("c", "ie", "desc") if r.random() < 0.55]
        ref["models"] = models or ["c"]
    return ref


def dt_needed(o):
    """An object's DT_NEEDED list: its dependencies, then its back edges
    (to libraries built after it in the order of the graph: cycles)."""
    return o["needs"] + o.get("back", [])


# ---------------------------------------------------------------------------
# The rules every spec keeps (after generation and after each shrinking step).

def exported_defs(s):
    return [d for d in s["defs"] if d["vis"] != "hidden"]


def load_order(spec):
    """Breadth-first load order as glibc computes it: the executable, the
    preloads, then DT_NEEDED breadth-first (first occurrence wins)."""
    objs = spec["objects"]
    order = [0]
    for p in spec["preload"]:
        if p not in order:
            order.append(p)
    i = 0
    while i < len(order):
        for n in dt_needed(objs[order[i]]):
            if n not in order:
                order.append(n)
        i += 1
    return order


def normalize(spec):
    objs = spec["objects"]
    nobj = len(objs)
    for o in objs:
        o["needs"] = [n for n in o["needs"] if 0 < n < nobj and n > objs.index(o)
                      and not objs[n].get("preload_only")]
        o["needs"] = list(dict.fromkeys(o["needs"]))
        k = objs.index(o)
        o["back"] = [n for n in dict.fromkeys(o.get("back", [])) if 0 < n < k and n < nobj
                     and not objs[n].get("preload_only") and n not in o["needs"]]
        o["old_against"] = [v for v in o.get("old_against", [])
                            if v < nobj and objs[v].get("versioned")]
    spec["preload"] = [p for p in spec["preload"] if 0 < p < nobj]
    # The executable needs at least one library: without DT_NEEDED, GNU ld
    # makes a position-dependent executable static (glibc's ld.so then
    # re-executes it with execve) and lld leaves PT_INTERP without PT_DYNAMIC
    # (glibc's ld.so crashes).
    if not objs[0]["needs"]:
        regular = [i for i in range(1, nobj) if not objs[i].get("preload_only")]
        if regular:
            objs[0]["needs"].append(regular[0])
    # Every library is loaded: reachable from the executable, or preloaded.
    for i in range(1, nobj):
        if objs[i].get("preload_only"):
            if i not in spec["preload"]:
                spec["preload"].append(i)
            continue
        if i not in load_order(spec):
            objs[0]["needs"].append(i)
    loaded = set(load_order(spec))

    direct = set(objs[0]["needs"])
    indirect = set()
    todo = list(direct)
    while todo:
        for n in dt_needed(objs[todo.pop()]):
            if n not in direct and n not in indirect:
                indirect.add(n)
                todo.append(n)
    versioned = {i for i in range(nobj) if objs[i].get("versioned")}
    for s in spec["symbols"]:
        s["defs"] = [d for d in s["defs"] if d["obj"] < nobj]
        s["refs"] = [x for x in s["refs"] if x["obj"] < nobj]
        if s["kind"] in ("ifunc", "vfunc") and (not s["defs"] or
                                                  (s["kind"] == "vfunc" and s["defs"][0]["obj"] not in versioned)):
            s["defs"], s["refs"] = [], []
            continue
        # GNU ld: "hidden symbol in the executable is referenced by DSO".
        if any(x["obj"] != 0 for x in s["refs"]):
            for d in s["defs"]:
                if d["obj"] == 0 and d["vis"] == "hidden":
                    d["vis"] = "default"
        definers = {d["obj"] for d in s["defs"]}
        exp = {d["obj"] for d in exported_defs(s)}
        protected = any(d["vis"] == "protected" for d in s["defs"])
        # GNU ld: the executable's weak reference turns strong when a library
        # on the link also refers to the symbol strongly.
        strong_elsewhere = any(not x["weak"] and x["obj"] != 0 and x["obj"] not in definers
                               and not objs[x["obj"]].get("preload_only") for x in s["refs"])
        keep = []
        for x in s["refs"]:
            o = x["obj"]
            if o in definers:
                x["weak"] = False  # a definer's reference is to its own name
                keep.append(x)
                continue
            if protected and objs[o]["exe"]:
                continue  # no copy relocation / canonical PLT against protected
            if s["kind"] == "vfunc":
                # The version is bound at link time: a direct dependency.
                if s["defs"][0]["obj"] in objs[o]["needs"]:
                    keep.append(x)
                continue
            if objs[o]["exe"]:
                # GNU ld: a symbol of an indirect dependency is "DSO missing
                # from command line"; the definition must be in a direct one
                # (or, for a weak reference, in no dependency at all).
                if exp & direct or (x["weak"] and not exp & indirect and not strong_elsewhere):
                    keep.append(x)
            elif x["weak"] or exp & loaded:
                keep.append(x)
        s["refs"] = keep
    spec["symbols"] = [s for s in spec["symbols"] if s["defs"] or s["refs"]]

    # Versioned libraries need their symbols; old_against needs a direct edge.
    for o in objs:
        o["old_against"] = [v for v in o["old_against"] if v in o["needs"]]

    # TLS through __tls_get_addr (C access from a library: general- or
    # local-dynamic) needs glibc's ld.so in the global scope: libc mode.
    for s in spec["symbols"]:
        if s["kind"] == "tls":
            for x in s["refs"]:
                if "c" in x["models"] and not objs[x["obj"]]["exe"]:
                    spec["libc_mode"] = True

    # A resolver that runs before its object is relocated must not read
    # relocated data.
    if ifunc_hazards(spec):
        for s in spec["symbols"]:
            if s["kind"] == "ifunc":
                for d in s["defs"]:
                    d["via_pointer"] = False

    err = spec.get("error")
    if err:
        k = err["kind"]
        if k == "missing-lib" and not (0 < err["lib"] < nobj):
            spec.pop("error")
        elif k == "missing-sym" and not (0 < err["obj"] < nobj):
            spec.pop("error")
        elif k == "missing-version":
            users = [i for i in range(nobj) if any(objs[v].get("versioned") for v in objs[i]["needs"])]
            if not users:
                spec.pop("error")
            else:
                if err["obj"] not in users:
                    err["obj"] = users[err["obj"] % len(users)]
                vs = [v for v in objs[err["obj"]]["needs"] if objs[v].get("versioned")]
                err["lib"] = vs[0]
                objs[err["obj"]]["old_against"] = [v for v in objs[err["obj"]]["old_against"] if v != vs[0]]

    sh = spec.get("shadow")
    if sh and (sh["lib"] >= nobj or dt_needed(objs[sh["lib"]]) or objs[sh["lib"]].get("preload_only")
               or sh["lib"] in spec["preload"] or sh["dir"] == objs[sh["lib"]]["dir"]):
        spec.pop("shadow")

    _fix_paths(spec)
    missing = [n for n, c in search_result(spec, "glibc").items() if c == "missing"]
    if missing:
        raise ValueError("gen.py: %s not found by glibc's rules" % missing)
    return spec


def relocation_order(spec):
    """The order in which glibc 2.36 relocates (and initialises) the objects:
    the reverse of l_initfini as _dl_sort_maps_dfs sorts it (the default since
    2.35): a depth-first search from each object of the load order, last
    first, over each object's DT_NEEDED in order, the reverse postorder read
    backwards. Dependencies come first, the executable last."""
    objs = spec["objects"]
    visited, rpo = set(), []

    def dfs(m):
        visited.add(m)
        for d in dt_needed(objs[m]):
            if d not in visited:
                dfs(d)
        rpo.append(m)  # postorder; the RPO is its reverse

    for m in reversed(load_order(spec)):
        if m not in visited:
            dfs(m)
    # rpo reversed is l_initfini (dependents first); relocation runs it backwards.
    return rpo


def ifunc_hazards(spec):
    """Features of IFUNCs resolved before their object is relocated. glibc
    relocates in relocation_order(), the executable last; a reference bound at
    load time (its object bound now, or LD_BIND_NOW) from an object relocated
    earlier than the IFUNC's runs the resolver in an unrelocated object: glibc
    warns (or, when that object is the executable, refuses)."""
    objs = spec["objects"]
    pos = {o: i for i, o in enumerate(relocation_order(spec))}
    out = set()
    for s in spec["symbols"]:
        if s["kind"] != "ifunc" or not s["defs"]:
            continue
        d = s["defs"][0]["obj"]
        for x in s["refs"]:
            r = x["obj"]
            if r == d or not (spec["bind_now_env"] or not objs[r]["lazy"]):
                continue
            if objs[d]["exe"]:
                out.add("ifunc-exe-early")
            elif pos[r] < pos[d]:
                out.add("ifunc-unrelocated")
    return out


def search_result(spec, model):
    """{library name: "real" | "decoy" | "missing"}: which copy each DT_NEEDED
    name resolves to under MODEL's search rules ("glibc" or "musl"), loading
    breadth-first from the executable (first load of a name wins)."""
    objs = spec["objects"]
    sh = spec.get("shadow")
    where = {}
    for o in objs[1:]:
        where.setdefault(o["name"], set()).add(o["dir"])
    shadow_name = objs[sh["lib"]]["name"] if sh else None
    if sh:
        where[shadow_name].add(sh["dir"])
    env = list(spec["ld_library_path"])
    loader = {0: None}
    loaded = {}
    queue = [0]
    for p in spec["preload"]:
        loaded[objs[p]["name"]] = "real"  # by path
        loader[p] = 0
        queue.append(p)

    def dirs(i):
        return [d for d in objs[i]["paths"]["dirs"]] if objs[i]["paths"]["type"] else []

    def candidates(o):
        chain = []
        l = o
        while l is not None:
            chain.append(l)
            l = loader.get(l)
        if model == "musl":
            return env + [d for l in chain for d in dirs(l)]
        res = []
        if objs[o]["paths"]["type"] != "runpath":
            for l in chain:
                if objs[l]["paths"]["type"] == "rpath":
                    res += dirs(l)
        res += env
        if objs[o]["paths"]["type"] == "runpath":
            res += dirs(o)
        return res

    i = 0
    while i < len(queue):
        o = queue[i]
        i += 1
        for n in dt_needed(objs[o]):
            name = objs[n]["name"]
            if name in loaded:
                continue
            found = next((d for d in candidates(o) if d in where.get(name, ())), None)
            if found is None:
                loaded[name] = "missing"
            else:
                loaded[name] = "decoy" if name == shadow_name and found == sh["dir"] else "real"
            loader[n] = o
            queue.append(n)
    return loaded


def _fix_paths(spec):
    """Every DT_NEEDED entry must be found, by glibc's rules, in exactly the one
    directory that holds it: the object's own DT_RPATH/DT_RUNPATH, the
    executable's DT_RPATH when the object has no DT_RUNPATH, or LD_LIBRARY_PATH.
    (Each name exists once, so the order of the search does not matter.)"""
    objs = spec["objects"]
    exe = objs[0]
    env = set(spec["ld_library_path"])

    def reachable(o, d):
        p = o["paths"]
        if d in p["dirs"] and p["type"]:
            return True
        if exe["paths"]["type"] == "rpath" and p["type"] != "runpath" and d in exe["paths"]["dirs"]:
            return True
        return d in env

    def add(o, d):
        if not o["paths"]["type"]:
            o["paths"]["type"] = "runpath"
        if d not in o["paths"]["dirs"]:
            o["paths"]["dirs"].append(d)

    if spec["libc_mode"]:
        # libc.so.6 (the stand-in) sits in the root; the executable must find it
        # there and not in the system directories.
        add(exe, ".")
    changed = True
    while changed:  # adding a DT_RUNPATH can cut an object off the executable's DT_RPATH
        changed = False
        for o in objs:
            for n in dt_needed(o):
                d = objs[n]["dir"]
                if not reachable(o, d):
                    add(o, d)
                    changed = True


# ---------------------------------------------------------------------------
# Features: the names the divergence table keys on.

def features(spec, linker=None):
    objs = spec["objects"]
    f = set()
    sh = spec.get("shadow")
    if sh:
        f.add("shadow")
        name = objs[sh["lib"]]["name"]
        g, m = search_result(spec, "glibc"), search_result(spec, "musl")
        if g.get(name) == "decoy":
            f.add("shadow-decoy")
        if g != m:
            f.add("search-order-differs")
    if any(o.get("back") for o in objs):
        f.add("back-edge")
        for o in objs:
            for b in o.get("back", []):
                # a cycle if the target reaches this object
                seen, todo = set(), [b]
                while todo:
                    x = todo.pop()
                    for n in objs[x]["needs"]:
                        if n not in seen:
                            seen.add(n)
                            todo.append(n)
                if objs.index(o) in seen:
                    f.add("cycle")
    if spec.get("error"):
        f.add("error-" + spec["error"]["kind"])
        if spec["error"]["kind"] == "missing-lib" and spec["error"]["lib"] in spec["preload"]:
            f.add("error-missing-preload")
    if linker == "bfd" and any(o.get("tls_gnu2") for o in objs):
        for s in spec["symbols"]:
            if s["kind"] == "tls" and any("c" in x["models"] and objs[x["obj"]].get("tls_gnu2")
                                          for x in s["refs"]):
                f.add("tls-gnu2")
    f.add("shape-" + spec["shape"])
    f.add("pie" if objs[0]["pie"] else "non-pie")
    if len(objs) > 1:
        f.add("libs")
    if spec["libc_mode"]:
        f.add("libc-mode")
    if spec["call_fini"]:
        f.add("fini-libc" if spec["libc_mode"] else "fini-no-libc")
    if spec["preload"]:
        f.add("preload")
    if spec["ld_library_path"]:
        f.add("ld-library-path")
    if spec["bind_now_env"]:
        f.add("ld-bind-now")
    if spec["args"]:
        f.add("args")
    for o in objs:
        if o.get("relr"):
            f.add("relr")
        f.add("lazy" if o["lazy"] else "bind-now")
        if o.get("bsymbolic"):
            f.add("bsymbolic-" + o["bsymbolic"])
        f.add("hash-" + o["hash"])
        if o["paths"]["type"]:
            f.add(o["paths"]["type"])
        if o["ctors"] or o["dt_init"]:
            f.add("exe-init" if o["exe"] else "lib-init")
        if o["dtors"] or o["dt_fini"]:
            f.add("exe-fini-fn" if o["exe"] else "lib-fini-fn")
        if o.get("preinit"):
            f.add("preinit")
        if o["locals"]:
            f.add("relative")
        if o["old_against"]:
            f.add("version-old")
    f.update(ifunc_hazards(spec))
    if spec["libc_mode"] and objs[0].get("relr") and any(
            objs[n].get("versioned") for n in objs[0]["needs"]):
        # DT_NEEDED libc.so.6, DT_VERNEED (the versioned library's symbols)
        # and DT_RELR without a VERNEED on GLIBC_ABI_DT_RELR.
        f.add("relr-no-abi-tag")
    for s in spec["symbols"]:
        k = s["kind"]
        if len(exported_defs(s)) > 1:
            f.add("interpose")
        for d in s["defs"]:
            if d["weak"]:
                f.add("weak-def")
            if d["vis"] != "default":
                f.add(d["vis"])
        if k == "ifunc":
            f.add("ifunc")
            if objs[s["defs"][0]["obj"]]["exe"]:
                f.add("ifunc-exe")
        if k == "vfunc":
            f.add("versions")
        if k == "tls":
            f.add("tls")
            for x in s["refs"]:
                for m in x["models"]:
                    f.add("tls-" + m + ("-exe" if objs[x["obj"]]["exe"] else ""))
        for x in s["refs"]:
            if x.get("weak"):
                f.add("weak-undef" if not exported_defs(s) else "weak-ref")
            if x.get("ptr"):
                f.add("ptr-data")
            if objs[x["obj"]]["exe"] and k == "data" and not any(
                    objs[d["obj"]]["exe"] for d in s["defs"]):
                f.add("copy-reloc" if not objs[0]["pie"] else "exe-extern-data")
    return sorted(f)


def name_sets(spec):
    """Sets of names the divergence table may use in its regular expressions
    ({protected}: symbols with a protected definition; {old_linked}: paths of
    the objects linked against an older build of a versioned library;
    {symbolic_self}: "OBJ SYM" for each symbol an -Bsymbolic object defines and
    binds to itself; {symbolic_objs}: paths of -Bsymbolic objects;
    {unversioned_objs}: paths of objects that define a versioned function
    without a version, and so refer to it without one)."""
    objs = spec["objects"]
    sh = spec.get("shadow")

    def paths(i):  # where object I may be loaded from (a decoy copy too)
        p = {obj_path(objs[i])}
        if sh and sh["lib"] == i:
            p.add(os.path.normpath(os.path.join(sh["dir"], objs[i]["name"])))
        return p

    symbolic_self = set()
    for s in spec["symbols"]:
        for d in exported_defs(s):
            if objs[d["obj"]].get("bsymbolic") == "all":
                symbolic_self.add("%s %s" % (objs[d["obj"]]["name"], s["name"]))
    return {
        "protected": sorted({s["name"] for s in spec["symbols"]
                             if any(d["vis"] == "protected" for d in s["defs"])}),
        "old_linked": sorted({p for i, o in enumerate(objs) if o["old_against"] for p in paths(i)}),
        "symbolic_self": sorted(symbolic_self),
        "symbolic_objs": sorted({p for i, o in enumerate(objs) if o.get("bsymbolic") == "all"
                                 for p in paths(i)}),
        "unversioned_objs": sorted({p for s in spec["symbols"] if s["kind"] == "vfunc"
                                    for d in s["defs"][1:] for p in paths(d["obj"])}),
    }


def obj_path(o):
    return o["name"] if o["exe"] else os.path.normpath(os.path.join(o["dir"], o["name"]))


# ---------------------------------------------------------------------------
# Rendering: C sources, version scripts, compiler invocations.

def value(sym_index, obj_index, extra=0):
    """The value a definition carries, unique per (symbol, object), as C:
    DTV() adds 7 in a decoy copy of a library (see "shadow")."""
    return "DTV(%d)" % (1000 * (sym_index + 1) + 10 * obj_index + extra)


def _say(tag, obj_name, what, expr):
    return '    dt_say("%s %s %s=", (long)(%s));\n' % (tag, obj_name, what, expr)


def render_object(spec, oi):
    """C source of object OI."""
    objs = spec["objects"]
    o = objs[oi]
    name = o["name"]
    out = []
    w = out.append
    w("/* generated by tools/difftest/gen.py: seed %d, object %d (%s) */\n" % (spec["seed"], oi, name))
    w('#include "testbin.h"\n\n')
    w("#define HIDDEN __attribute__((visibility(\"hidden\")))\n")
    w("#ifdef DT_DECOY\n#define DTV(x) ((x) + 7)\n#define DT_MARKER_DECOY 0x800000UL\n"
      "#else\n#define DTV(x) (x)\n#define DT_MARKER_DECOY 0UL\n#endif\n")
    w("static void dt_say(const char *what, long v) {\n"
      "    tb_puts(what);\n    tb_putdec(v);\n    tb_puts(\"\\n\");\n}\n")
    w("static void dt_absent(const char *what) {\n"
      "    tb_puts(what);\n    tb_puts(\"absent\\n\");\n}\n")
    w("#define DT_IE_ADDR(sym) ({ char *r_; \\\n"
      "    __asm__(\"mov \" #sym \"@gottpoff(%%rip), %0\\n\\tadd %%fs:0, %0\" : \"=r\"(r_)); \\\n"
      "    (long *)r_; })\n")
    w("#define DT_DESC_ADDR(sym) ({ void *r_; \\\n"
      "    __asm__(\"lea \" #sym \"@tlsdesc(%%rip), %%rax\\n\\tcall *\" #sym \"@tlscall(%%rax)\\n\\t\" \\\n"
      "            \"add %%fs:0, %%rax\" : \"=a\"(r_) : : \"memory\", \"cc\"); \\\n"
      "    (long *)r_; })\n\n")

    has_tls = any(s["kind"] == "tls" and any(d["obj"] == oi for d in s["defs"]) for s in spec["symbols"])
    if has_tls:
        # Found by the image dumper (difftest_imgdump.c) in the static TLS area.
        w("__attribute__((used)) static __thread unsigned long difftest_tls_marker = 0x%xUL ^ DT_MARKER_DECOY;\n"
          % tls_marker(spec["seed"], oi))

    report = []   # phase-1 statements
    report2 = []  # phase-2 statements
    ctor_reads = []
    mutate = []
    decls_done = set()

    for si, s in enumerate(spec["symbols"]):
        sym = s["name"]
        kind = s["kind"]
        mydef = next((d for d in s["defs"] if d["obj"] == oi), None)
        myref = next((x for x in s["refs"] if x["obj"] == oi), None)
        if mydef is None and myref is None:
            continue
        attrs = []
        if mydef is not None:
            if mydef["weak"]:
                attrs.append("weak")
            if mydef["vis"] != "default":
                attrs.append('visibility("%s")' % mydef["vis"])
        attr = "__attribute__((%s)) " % ", ".join(attrs) if attrs else ""
        if kind == "data":
            if mydef is not None:
                w("%slong %s = %s;\n" % (attr, sym, value(si, oi)))
            elif myref["weak"]:
                w("extern long %s __attribute__((weak));\n" % sym)
            else:
                w("extern long %s;\n" % sym)
        elif kind == "func":
            if mydef is not None:
                w("%s__attribute__((noinline)) long %s(void) { __asm__(\"\"); return %s; }\n"
                  % (attr, sym, value(si, oi)))
            elif myref["weak"]:
                w("extern long %s(void) __attribute__((weak));\n" % sym)
            else:
                w("extern long %s(void);\n" % sym)
        elif kind == "tls":
            if mydef is not None:
                init = value(si, oi) if (si + oi) % 4 else "0"  # some in .tbss
                w("%s__thread long %s = %s;\n" % (attr, sym, init))
            else:
                w("extern __thread long %s;\n" % sym)
        elif kind == "ifunc":
            if mydef is not None:
                c = mydef["choice"]
                w("static long dtimpl_%s_a(void) { return %s; }\n" % (sym, value(si, oi, 1)))
                w("static long dtimpl_%s_b(void) { return %s; }\n" % (sym, value(si, oi, 2)))
                w("static long dtsel_%s = %d;\n" % (sym, c))
                if mydef.get("via_pointer"):
                    # A pointer in data (RELATIVE/RELR): read by the resolver,
                    # so this object's relative relocations must come first.
                    w("HIDDEN long *volatile dtselp_%s = &dtsel_%s;\n" % (sym, sym))
                    sel = "*dtselp_%s" % sym
                else:
                    sel = "*(volatile long *)&dtsel_%s" % sym
                w("static void *dtres_%s(void) { return %s ? (void *)dtimpl_%s_b : (void *)dtimpl_%s_a; }\n"
                  % (sym, sel, sym, sym))
                w("long %s(void) __attribute__((ifunc(\"dtres_%s\")));\n" % (sym, sym))
            else:
                w("extern long %s(void);\n" % sym)
        elif kind == "vfunc":
            if mydef is not None and objs[oi].get("versioned"):
                ver1, ver2 = "D%d_1" % oi, "D%d_2" % oi
                w("long %s(void);\n" % sym)
                w("long dtimpl_%s_1(void) { return %s; }\n" % (sym, value(si, oi, 1)))
                w("#ifdef DT_OLD\n")
                w("__asm__(\".symver dtimpl_%s_1, %s@@%s\");\n" % (sym, sym, ver1))
                w("#else\n")
                w("__asm__(\".symver dtimpl_%s_1, %s@%s\");\n" % (sym, sym, ver1))
                w("long dtimpl_%s_2(void) { return %s; }\n" % (sym, value(si, oi, 2)))
                w("__asm__(\".symver dtimpl_%s_2, %s@@%s\");\n" % (sym, sym, ver2))
                w("#endif\n")
            elif mydef is not None:
                w("long %s(void) { return %s; }\n" % (sym, value(si, oi)))
            else:
                w("extern long %s(void);\n" % sym)

        if myref is None:
            continue
        # Pointers in data to the object's own protected definition: GNU ld
        # leaves a symbolic relocation there (tagged valprot: musl binds it
        # without regard to the visibility).
        ptag = "valprot" if mydef is not None and mydef["vis"] == "protected" else "val"
        # The reads of this reference.
        if kind == "data":
            guard = "&%s" % sym if myref["weak"] else None
            stmts = [_say("val", name, sym, sym)]
            stmts2 = [_say("val2", name, sym, sym)]
            ptr = myref.get("ptr")
            if ptr:
                pv = "dtp_%s" % sym
                w("HIDDEN long *%svolatile %s = &%s;\n" % ("const " if ptr == "ro" else "", pv, sym))
                stmts.append(_say(ptag, name, "*" + pv, "*" + pv))
                stmts.append(_say(ptag, name, pv + "==&" + sym, "%s == &%s" % (pv, sym)))
            for st in stmts:
                report.append(_guarded(guard, st, name, sym))
            for st in stmts2:
                report2.append(_guarded(guard, st, name, sym))
            if o["exe"]:
                mutate.append(("if (&%s) " % sym if myref["weak"] else "") + "%s += 500000;\n" % sym)
            if not myref["weak"]:
                ctor_reads.append(_say("ctor", name, "reads " + sym, sym))
        elif kind == "func":
            guard = sym if myref["weak"] else None
            stmts = [_say("val", name, sym + "()", sym + "()")]
            ptr = myref.get("ptr")
            if ptr:
                pv = "dtp_%s" % sym
                w("HIDDEN long (*%svolatile %s)(void) = %s;\n" % ("const " if ptr == "ro" else "", pv, sym))
                stmts.append(_say(ptag, name, pv + "()", pv + "()"))
                stmts.append(_say(ptag, name, pv + "==" + sym, "%s == %s" % (pv, sym)))
            for st in stmts:
                report.append(_guarded(guard, st, name, sym + "()"))
            if not myref["weak"]:
                ctor_reads.append(_say("ctor", name, "calls " + sym, sym + "()"))
        elif kind == "tls":
            exprs = []
            for m in myref["models"]:
                if m == "c":
                    e = "&%s" % sym
                elif m == "ie":
                    e = "DT_IE_ADDR(%s)" % sym
                else:
                    e = "DT_DESC_ADDR(%s)" % sym
                exprs.append(e)
                report.append("    { long *a_ = %s; dt_say(\"tls %s %s[%s]=\", *a_); }\n"
                              % (e, name, sym, m))
                report2.append("    { long *a_ = %s; dt_say(\"tls2 %s %s[%s]=\", *a_); }\n"
                               % (e, name, sym, m))
            if len(exprs) > 1:
                cond = " && ".join("(%s) == (%s)" % (exprs[0], e) for e in exprs[1:])
                report.append(_say("tls", name, sym + " models agree", cond))
            if o["exe"]:
                mutate.append("%s += 700000;\n" % sym)
        elif kind == "ifunc":
            report.append(_say("ifunc", name, sym + "()", sym + "()"))
        elif kind == "vfunc":
            v = s["defs"][0]["obj"]
            if oi == v:
                tag, ver = "ver", "self"
            elif mydef is not None:
                # An unversioned definition here: the reference has no version.
                tag, ver = "verunv", "none"
            elif v in o["old_against"]:
                tag, ver = "verold", "D%d_1" % v
            else:
                tag, ver = "ver", "D%d_2" % v
            report.append(_say(tag, name, "%s@%s" % (sym, ver), sym + "()"))

    err = spec.get("error") or {}
    if err.get("kind") == "missing-sym" and err["obj"] == oi:
        if err["sym_kind"] == "data":
            w("extern long dt_missing_data;\n")
            report.append(_say("val", name, "dt_missing_data", "dt_missing_data"))
        else:
            w("extern long dt_missing_func(void);\n")
            report.append(_say("val", name, "dt_missing_func()", "dt_missing_func()"))
    if err.get("kind") == "missing-version":
        if err["lib"] == oi:
            w("#ifdef DT_FUTURE\nlong dtimpl_future(void) { return 1; }\n"
              "__asm__(\".symver dtimpl_future, dt_vfuture@@D%d_3\");\n#endif\n" % oi)
        if err["obj"] == oi:
            w("extern long dt_vfuture(void);\n")
            report.append(_say("ver", name, "dt_vfuture@D%d_3" % err["lib"], "dt_vfuture()"))

    # Pointers to the object's own data and code: R_X86_64_RELATIVE (or DT_RELR).
    if o["locals"]:
        w("static long dtl_arr[4] = {%s};\n" % ", ".join(value(90 + k, oi) for k in range(4)))
        w("static long dtl_fn(void) { __asm__(\"\"); return %s; }\n" % value(95, oi))
        for k in range(o["locals"]):
            w("HIDDEN long *volatile dtl_p%d = &dtl_arr[%d];\n" % (k, (k + oi) % 4))
            report.append(_say("loc", name, "dtl_p%d" % k, "*dtl_p%d" % k))
        w("HIDDEN long (*volatile dtl_fp)(void) = dtl_fn;\n")
        report.append(_say("loc", name, "dtl_fp()", "dtl_fp()"))

    # Initialisers and finalisers.
    for k in range(o["ctors"]):
        body = "".join(ctor_reads) if (o["ctor_reads"] and k == 0) else ""
        w("__attribute__((constructor)) static void dt_ctor%d(void) {\n"
          "    tb_line(\"ctor %s init_array %d\");\n%s}\n" % (k, name, k, body))
    for k in range(o["dtors"]):
        w("__attribute__((destructor)) static void dt_dtor%d(void) { tb_line(\"dtor %s fini_array %d\"); }\n"
          % (k, name, k))
    if o["dt_init"]:
        w("HIDDEN void dt_init_fn(void) { tb_line(\"ctor %s DT_INIT\"); }\n" % name)
    if o["dt_fini"]:
        w("HIDDEN void dt_fini_fn(void) { tb_line(\"dtor %s DT_FINI\"); }\n" % name)
    for k in range(o.get("preinit", 0)):
        w("static void dt_pre%d(void) { tb_line(\"preinit %s %d\"); }\n" % (k, name, k))
    if o.get("preinit"):
        w("__attribute__((section(\".preinit_array\"), used)) static void (*const dt_preinit[])(void) = {%s};\n"
          % ", ".join("dt_pre%d" % k for k in range(o["preinit"])))

    # The report: this object's lines, then its direct dependencies'.
    deps = o["needs"]
    for n in deps:
        w("void dt_rep_%d(int);\n" % n)
    if not o["exe"]:
        # A call through a weak undefined function: every library has a PLT
        # relocation. (lld gives an object without any DT_JMPREL 0 and a
        # two-word .got.plt, and glibc's lazy setup then writes GOT[2] over
        # whatever follows.)
        w("extern void dt_nowhere(void) __attribute__((weak));\n")
    w("%svoid dt_rep_%d(int phase) {\n" % ("static " if o["exe"] else "", oi))
    w("    static int done;\n    if (done >= phase) return;\n    done = phase;\n")
    if not o["exe"]:
        w("    if (dt_nowhere) dt_nowhere();\n")
    w("    if (phase == 1) {\n%s    } else {\n%s    }\n" % ("".join(report), "".join(report2)))
    for n in deps:
        w("    dt_rep_%d(phase);\n" % n)
    w("}\n")

    if o["exe"]:
        w(_main(spec, mutate))
    return "".join(out)


def _guarded(guard, stmt, name, what):
    if not guard:
        return stmt
    return "    if (%s) {\n    %s    } else dt_absent(\"val %s %s=\");\n" % (guard, stmt, name, what)


def _main(spec, mutate):
    code = spec["exit"]
    m = []
    m.append("#define AT_PHDR 3\n#define AT_PHNUM 5\n#define AT_ENTRY 9\n")
    m.append("extern const char __ehdr_start[] __attribute__((visibility(\"hidden\")));\nvoid _start(void);\n")
    m.append("int main(int argc, char **argv, char **envp) {\n")
    m.append("    dt_say(\"main argc=\", argc);\n")
    m.append("    for (int i = 1; i < argc; i++) { tb_puts(\"main argv: \"); tb_line(argv[i]); }\n")
    m.append("    char **e = envp;\n")
    m.append("    for (; *e; e++) if (e[0][0] == 'D' && e[0][1] == 'T' && e[0][2] == '_') {\n"
             "        tb_puts(\"main env \"); tb_line(*e); }\n")
    m.append("    unsigned long *aux = (unsigned long *)(e + 1);\n")
    m.append("    unsigned long phdr = 0, phnum = 0, entry = 0;\n")
    m.append("    for (; aux[0]; aux += 2) {\n"
             "        if (aux[0] == AT_PHDR) phdr = aux[1];\n"
             "        if (aux[0] == AT_PHNUM) phnum = aux[1];\n"
             "        if (aux[0] == AT_ENTRY) entry = aux[1];\n    }\n")
    m.append("    dt_say(\"main auxv AT_ENTRY is _start=\", entry == (unsigned long)_start);\n")
    m.append("    dt_say(\"main auxv AT_PHDR is ours=\", phdr == (unsigned long)__ehdr_start + "
             "*(unsigned long *)(__ehdr_start + 32));\n")
    m.append("    dt_say(\"main auxv AT_PHNUM=\", (long)phnum);\n")
    m.append("    dt_rep_0(1);\n")
    m.append("    " + "    ".join(mutate))
    m.append("    tb_line(\"main phase 2\");\n")
    m.append("    dt_rep_0(2);\n")
    if spec["call_fini"]:
        m.append("    tb_line(\"main fini\");\n")
        m.append("    tb_exit_with_fini(%d);\n" % code)
    else:
        m.append("    tb_line(\"main return\");\n")
        m.append("    return %d;\n" % code)
    m.append("}\n")
    return "".join(m)


def tls_marker(seed, oi):
    return 0x6474000000000000 | ((seed & 0xffffffff) << 8) | oi


def version_script(spec, oi, old, future=False):
    v1, v2 = "D%d_1" % oi, "D%d_2" % oi
    s = "%s {\n  global: dt_*;\n  local: *;\n};\n" % v1
    if not old:
        s += "%s {\n} %s;\n" % (v2, v1)
    if future:
        s += "D%d_3 {\n} %s;\n" % (oi, v2)
    return s


def origin_path(spec, obj_dir, target_dir):
    if target_dir == "nonexistent":
        rel = "nonexistent"
    else:
        rel = os.path.relpath(target_dir, obj_dir)
    o = spec.get("origin_style", "$ORIGIN")
    return o if rel == "." else o + "/" + rel


class Support:
    """testbins/support compiled once per linker (mem.o, start.o and the
    stand-in libc.so.6), shared by every program built in this process."""

    def __init__(self, support):
        self.dir = os.path.abspath(support)
        self.tmp = tempfile.mkdtemp(prefix="difftest-support-")
        atexit.register(shutil.rmtree, self.tmp, True)
        self.built = {}
        self.lock = threading.Lock()

    def get(self, linker):
        with self.lock:
            if linker not in self.built:
                self.built[linker] = self._build(linker)
            return self.built[linker]

    def _build(self, linker):
        lk = LINKERS[linker]
        d = os.path.join(self.tmp, linker)
        os.makedirs(d)
        cc = [lk["cc"]] + CFLAGS + lk["cflags"] + ["-I" + self.dir]
        ld = [lk["cc"]] + LDFLAGS + lk["ldflags"]
        s = {"mem": os.path.join(d, "mem.o"), "start": os.path.join(d, "start.o"),
             "libc": os.path.join(d, "libc.so.6")}
        for argv in (
                cc + ["-fPIC", "-c", "-o", s["mem"], os.path.join(self.dir, "mem.c")],
                cc + ["-c", "-o", s["start"], os.path.join(self.dir, "start.S")],
                cc + ["-fPIC", "-c", "-o", s["libc"] + ".o", os.path.join(self.dir, "fakelibc.c")],
                cc + ["-fPIC", "-c", "-o", s["libc"] + ".m.o", os.path.join(self.dir, "tbmalloc.c")],
                ld + ["-shared", "-Wl,-soname,libc.so.6", "-o", s["libc"], s["libc"] + ".o",
                      s["libc"] + ".m.o", s["mem"],
                      "-Wl,--version-script," + os.path.join(self.dir, "fakelibc.map")]):
            subprocess.run(argv, check=True)
        return s


def build_steps(spec, linker, sup, srcdir, olddir, root):
    """[(argv, cwd)] in build order. Sources in SRCDIR (objects compiled
    there too), old-version stubs in OLDDIR, the program tree in ROOT."""
    lk = LINKERS[linker]
    objs = spec["objects"]
    steps = []
    lib_dirs = sorted({os.path.join(root, objs[i]["dir"]) for i in range(1, len(objs))} | {root})
    cc = [lk["cc"]] + LDFLAGS + lk["ldflags"]
    ccflags = [lk["cc"]] + CFLAGS + lk["cflags"] + ["-I" + sup.dir]

    # Compile: one driver call per set of flags (most of the cost is start-up).
    gnu2 = linker == "bfd"
    for dialect in (False, True):
        libs = ["obj%d.c" % i for i in range(1, len(objs)) if bool(objs[i].get("tls_gnu2") and gnu2) == dialect]
        if libs:
            steps.append((ccflags + ["-fPIC"] + (["-mtls-dialect=gnu2"] if dialect else []) + ["-c"] + libs,
                          srcdir))
    sh = spec.get("shadow")
    if sh:
        steps.append((ccflags + ["-fPIC", "-DDT_DECOY", "-c", "obj%d.c" % sh["lib"],
                      "-o", "obj%d.decoy.o" % sh["lib"]], srcdir))
    steps.append((ccflags + (["-fPIE"] if objs[0]["pie"] else ["-fno-pic"]) + ["-c", "obj0.c"], srcdir))
    err = spec.get("error") or {}
    for oi, o in enumerate(objs):
        if o.get("versioned"):
            steps.append((ccflags + ["-fPIC", "-DDT_OLD", "-c", "obj%d.c" % oi,
                                     "-o", "obj%d.old.o" % oi], srcdir))
        if err.get("kind") == "missing-version" and err["lib"] == oi:
            steps.append((ccflags + ["-fPIC", "-DDT_FUTURE", "-c", "obj%d.c" % oi,
                                     "-o", "obj%d.future.o" % oi], srcdir))
    # Stand-ins for the targets of back edges (built later): empty, same soname.
    for t in sorted({b for o in objs for b in o.get("back", [])}):
        stub = os.path.join(olddir, "back", objs[t]["name"])
        steps.append((["mkdir", "-p", os.path.dirname(stub)], srcdir))
        steps.append((cc + ["-shared", "-Wl,-soname," + objs[t]["name"], "-o", stub, sup["mem"]], srcdir))

    libpath = {}
    for oi in reversed(range(len(objs))):
        o = objs[oi]
        obj = os.path.join(srcdir, "obj%d.o" % oi)
        flags = []
        if o["exe"]:
            out = os.path.join(root, o["name"])
            flags += ["-pie"] if o["pie"] else ["-no-pie"]
            inputs = [obj, sup["mem"], sup["start"]]
            flags.append("-Wl,--allow-shlib-undefined")
            for s in spec["symbols"]:
                for d in s["defs"]:
                    if d["obj"] == 0 and d["vis"] == "default":
                        flags.append("-Wl,--export-dynamic-symbol=" + s["name"])
        else:
            out = os.path.join(root, o["dir"], o["name"])
            flags += ["-shared", "-Wl,-soname," + o["name"]]
            inputs = [obj, sup["mem"]]
            if o.get("bsymbolic") == "all":
                flags.append("-Wl,-Bsymbolic")
            elif o.get("bsymbolic") == "functions":
                flags.append("-Wl,-Bsymbolic-functions")
            if o.get("versioned"):
                flags.append("-Wl,--version-script," + os.path.join(srcdir, "obj%d.map" % oi))
        flags.append("-Wl,-z,lazy" if o["lazy"] else "-Wl,-z,now")
        flags.append("-Wl,--hash-style=" + o["hash"])
        flags.append("-Wl,-z,separate-code" if o["separate_code"] else "-Wl,-z,noseparate-code")
        if o.get("relr"):
            flags += lk["relr"]
        if o["dt_init"]:
            flags.append("-Wl,-init,dt_init_fn")
        if o["dt_fini"]:
            flags.append("-Wl,-fini,dt_fini_fn")
        p = o["paths"]
        if p["type"] and p["dirs"]:
            flags.append("-Wl,--disable-new-dtags" if p["type"] == "rpath" else "-Wl,--enable-new-dtags")
            flags.append("-Wl,-rpath," + ":".join(origin_path(spec, o["dir"], d) for d in p["dirs"]))
        needs = []
        for n in o["needs"]:
            if err.get("kind") == "missing-version" and err["obj"] == oi and err["lib"] == n:
                needs.append(os.path.join(olddir, "future", objs[n]["name"]))
            elif n in o["old_against"]:
                needs.append(os.path.join(olddir, objs[n]["name"]))
            else:
                needs.append(libpath[n])
        needs += [os.path.join(olddir, "back", objs[b]["name"]) for b in o.get("back", [])]
        if o["exe"] and spec["libc_mode"]:
            needs += [os.path.join(root, "libc.so.6"), GLIBC_LDSO]
        for d in lib_dirs:
            flags.append("-Wl,-rpath-link," + d)
        steps.append((cc + flags + ["-o", out] + inputs + needs, root))
        libpath[oi] = out
        if sh and sh["lib"] == oi:
            # The decoy: a leaf, so its own search paths do not matter.
            decoy = os.path.join(root, sh["dir"], o["name"])
            steps.append((cc + flags + ["-o", decoy, os.path.join(srcdir, "obj%d.decoy.o" % oi)]
                          + inputs[1:] + needs, root))
        if err.get("kind") == "missing-version" and err["lib"] == oi:
            fut = os.path.join(olddir, "future", o["name"])
            steps.append((["mkdir", "-p", os.path.dirname(fut)], srcdir))
            steps.append((cc + ["-shared", "-Wl,-soname," + o["name"],
                                "-Wl,--version-script," + os.path.join(srcdir, "obj%d.future.map" % oi),
                                "-o", fut, os.path.join(srcdir, "obj%d.future.o" % oi), sup["mem"]], root))
        if o.get("versioned"):
            old = os.path.join(olddir, o["name"])
            steps.append((cc + ["-shared", "-Wl,-soname," + o["name"],
                                "-Wl,--version-script," + os.path.join(srcdir, "obj%d.old.map" % oi),
                                "-o", old, os.path.join(srcdir, "obj%d.old.o" % oi), sup["mem"]], root))
    return steps


def write_sources(spec, srcdir):
    os.makedirs(srcdir, exist_ok=True)
    for oi, o in enumerate(spec["objects"]):
        with open(os.path.join(srcdir, "obj%d.c" % oi), "w") as f:
            f.write(render_object(spec, oi))
        if o.get("versioned"):
            with open(os.path.join(srcdir, "obj%d.map" % oi), "w") as f:
                f.write(version_script(spec, oi, old=False))
            with open(os.path.join(srcdir, "obj%d.old.map" % oi), "w") as f:
                f.write(version_script(spec, oi, old=True))
            with open(os.path.join(srcdir, "obj%d.future.map" % oi), "w") as f:
                f.write(version_script(spec, oi, old=False, future=True))


_SUPPORTS = {}


def support_for(path):
    path = os.path.abspath(path)
    if path not in _SUPPORTS:
        _SUPPORTS[path] = Support(path)
    return _SUPPORTS[path]


def build_spec(spec, linker, support, outdir):
    """Builds SPEC with LINKER into OUTDIR (the program tree: prog, libraries,
    meta.json, src/ with the sources). SUPPORT: testbins/support. Returns None,
    or the failing command and its output."""
    sup = support_for(support)
    files = sup.get(linker)
    outdir = os.path.abspath(outdir)
    os.makedirs(outdir, exist_ok=True)
    srcdir = os.path.join(outdir, "src")
    write_sources(spec, srcdir)
    for d in DIRS:
        os.makedirs(os.path.join(outdir, d), exist_ok=True)
    if spec["libc_mode"]:
        shutil.copy(files["libc"], os.path.join(outdir, "libc.so.6"))

    class S(dict):
        pass
    s = S(files)
    s.dir = sup.dir
    with tempfile.TemporaryDirectory(prefix="difftest-old-") as olddir:
        for argv, cwd in build_steps(spec, linker, s, srcdir, olddir, outdir):
            p = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if p.returncode != 0:
                return "%s\n%s" % (" ".join(argv), p.stdout)
    for f in os.listdir(srcdir):
        if f.endswith(".o"):
            os.unlink(os.path.join(srcdir, f))
    err = spec.get("error") or {}
    if err.get("kind") == "missing-lib":
        os.unlink(os.path.join(outdir, obj_path(spec["objects"][err["lib"]])))
    meta = {"seed": spec["seed"], "linker": linker, "features": features(spec, linker), "spec": spec,
            "run": run_info(spec), "names": name_sets(spec)}
    with open(os.path.join(outdir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    return None


def run_info(spec):
    """How to run the program: arguments and environment (relative to the root)."""
    objs = spec["objects"]
    env = {"DT_SEED": str(spec["seed"])}
    if spec["preload"]:
        env["LD_PRELOAD"] = " ".join("./" + obj_path(objs[p]) for p in spec["preload"])
    if spec["ld_library_path"]:
        env["LD_LIBRARY_PATH"] = ":".join(spec["ld_library_path"])
    if spec["bind_now_env"]:
        env["LD_BIND_NOW"] = "1"
    return {"argv": ["./prog"] + spec["args"], "env": env}


# ---------------------------------------------------------------------------
# Command line.

def _build_one(args):
    seed, linker, support, root = args
    d = os.path.join(root, "s%d-%s" % (seed, linker))
    try:
        spec = generate(seed)
        err = build_spec(spec, linker, support, d)
    except Exception as e:  # a generator bug: reported like a build failure
        err = "gen.py: %r" % e
    if err:
        # Recorded in the corpus, so the test (not the build) reports it.
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "BUILD-FAILED"), "w") as f:
            f.write(err)
    return seed, err


def build_batch(seeds, linker, support, root, jobs):
    failures = []
    with ThreadPoolExecutor(max_workers=jobs) as ex:
        for seed, err in ex.map(_build_one, [(s, linker, support, root) for s in seeds]):
            if err:
                failures.append((seed, err))
    return failures


def _tar(root, out):
    def norm(ti):
        ti.mtime = 0
        ti.uid = ti.gid = 0
        ti.uname = ti.gname = ""
        return ti
    with tarfile.open(out, "w") as t:
        for name in sorted(os.listdir(root)):
            t.add(os.path.join(root, name), arcname=name, filter=norm)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("spec")
    p.add_argument("seed", type=int)
    p = sub.add_parser("build")
    p.add_argument("--seeds", required=True, help="A:B (A inclusive, B exclusive)")
    p.add_argument("--linker", required=True, choices=sorted(LINKERS))
    p.add_argument("--support", required=True)
    p.add_argument("--out", required=True, help="a .tar, or a directory")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("--strict", action="store_true", help="exit 1 if a seed does not build")
    p = sub.add_parser("build-spec")
    p.add_argument("spec")
    p.add_argument("--linker", required=True, choices=sorted(LINKERS))
    p.add_argument("--support", required=True)
    p.add_argument("--outdir", required=True)
    a = ap.parse_args()
    if a.cmd == "spec":
        json.dump(generate(a.seed), sys.stdout, indent=1, sort_keys=True)
        print()
        return 0
    if a.cmd == "build-spec":
        with open(a.spec) as f:
            spec = normalize(json.load(f))
        err = build_spec(spec, a.linker, a.support, a.outdir)
        if err:
            print(err, file=sys.stderr)
            return 1
        return 0
    lo, hi = (int(x) for x in a.seeds.split(":"))
    if a.out.endswith(".tar"):
        with tempfile.TemporaryDirectory(prefix="difftest-batch-") as root:
            failures = build_batch(range(lo, hi), a.linker, a.support, root, a.jobs)
            _tar(root, a.out)
    else:
        failures = build_batch(range(lo, hi), a.linker, a.support, a.out, a.jobs)
    for seed, err in failures:
        print("gen.py: seed %d (%s) does not build:\n%s" % (seed, a.linker, err), file=sys.stderr)
    # A seed that does not build is in the output (BUILD-FAILED), for the
    # driver to report; --strict makes it fail here.
    return 1 if failures and a.strict else 0


if __name__ == "__main__":
    sys.exit(main())
