#!/usr/bin/env python3
"""Checks that every command and output shown in the book is what it claims to
be (run by //docs:examples_test; docs/02-design.md, "The documentation checks").

A shown example in docs/*.md is a fenced block directly preceded by a marker:

    <!-- example: NAME -->
    ```
    $ readelf -d /usr/bin/ls | grep NEEDED
    ...
    ```

docs/examples/NAME.sh produces that block: it is run with sh in an empty
temporary directory, with DRYAD (a built dryad.so.1), ROOT (the repository
root, or the runfiles tree under Bazel) and EXAMPLES (docs/examples)
in its environment, and whatever it prints on stdout must equal the block.
The scripts source docs/examples/lib.sh, whose `run` prints "$ COMMAND" and
then what COMMAND prints; any trimming (head, sed, grep) is part of the
command and so is shown too.

The script's temporary directory is written /tmp/book in its output.
Before comparing, both sides are normalised for what legitimately varies from
run to run and machine to machine, and nothing else:
  - run-time addresses: a hexadecimal number of 12 or more digits whose value
    is at least 2^40 (mmap and PIE addresses under ASLR) becomes 0x<addr>;
  - process ids: the "  1234:" prefix of LD_DEBUG lines becomes "PID:";
  - whatever a script declares itself in a line "# normalise: REGEX" (a
    Python regular expression; each match becomes <varies>), for values that
    depend on the CPU or the kernel, each with its reason beside it.

Also checked:
  - every fenced block is either an example or says what else it is with its
    info string: ```c and ```asm for code, ```pseudo for pseudo-code, layouts
    and hand-drawn diagrams. A block without an info string, or with any
    other, must be an example; so must any block with a line that starts
    with "$ ".
  - every docs/examples/*.sh (except lib.sh and *-setup.sh) is shown
    somewhere, and every marker names an existing script.

Usage:
  examples.py [--dryad PATH] [--only NAME]...        check (exit status 1 on any drift)
  examples.py --update [--dryad PATH] [--only NAME]  rewrite the blocks that drifted, from the scripts
Under `bazel run //docs:examples_update` the sources rewritten are those of
the workspace the command was run in (BUILD_WORKSPACE_DIRECTORY).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

MARKER = re.compile(r"^<!-- example: ([A-Za-z0-9_.-]+) -->\s*$")
FENCE = re.compile(r"^(\s*)(```+)(.*)$")
UNMARKED_OK = {"c", "asm", "pseudo"}
ADDR = re.compile(r"\b0x([0-9a-fA-F]{12,16})\b")
TMP_SHOWN = "/tmp/book"  # the scripts' temporary directory, as the book shows it
PID = re.compile(r"^ *\d+:(?=\t|$)", re.M)


def blocks(text):
    """Yields (marker name or None, info string, first line index, end line
    index, indent, body lines) for every fenced block of a Markdown text."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = m.group(1), m.group(2), m.group(3).strip()
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            j += 1
        marker = None
        if i > 0:
            mm = MARKER.match(lines[i - 1].strip())
            marker = mm.group(1) if mm else None
        body = [l[len(indent):] if l.startswith(indent) else l.lstrip() for l in lines[i + 1:j]]
        yield marker, info, i, j, indent, body
        i = j + 1


def normalise(text, extra):
    def addr(m):
        return "0x<addr>" if int(m.group(1), 16) >= 1 << 40 else m.group(0)
    text = ADDR.sub(addr, text)
    text = PID.sub("PID:", text)
    for pat in extra:
        text = re.sub(pat, "<varies>", text, flags=re.M)
    return "\n".join(l.rstrip() for l in text.split("\n")).strip("\n")


def script_patterns(path):
    pats = []
    with open(path) as f:
        for line in f:
            m = re.match(r"^# normalise: (.*?)\s*$", line)
            if m:
                pats.append(m.group(1))
    return pats


def run_script(path, root, dryad, cache):
    if path in cache:
        return cache[path]
    env = dict(os.environ)
    env["PATH"] = env.get("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin"
    env.update({"DRYAD": dryad, "ROOT": root, "EXAMPLES": os.path.dirname(path),
                "LC_ALL": "C", "LANG": "C", "TERM": "dumb", "COLUMNS": "80"})
    for k in [k for k in env if k.startswith("LD_") or k.startswith("DRYAD_")]:
        del env[k]
    with tempfile.TemporaryDirectory(prefix="example-") as tmp:
        env["HOME"] = tmp  # a fresh home: gdb and others keep caches there
        r = subprocess.run(["sh", path], cwd=tmp, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=300)
        out = r.stdout.decode("utf-8", "replace")
        for t in sorted({tmp, os.path.realpath(tmp)}, key=len, reverse=True):
            out = out.replace(t, TMP_SHOWN)
    err = None
    if r.returncode != 0:
        err = "exit status %d; stderr:\n%s" % (r.returncode, r.stderr.decode("utf-8", "replace")[-2000:])
    cache[path] = (out, err)
    return cache[path]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--dryad")
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--root", default=os.getcwd(), help="where docs/ and the scripts are read")
    ap.add_argument("--write-root", help="where docs/*.md are rewritten (--update); default --root")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    dryad = os.path.abspath(a.dryad or os.path.join(root, "bazel-bin/interp/dryad.so.1"))
    write_root = os.path.abspath(a.write_root or root)
    exdir = os.path.join(root, "docs", "examples")
    if not os.path.exists(dryad):
        print("examples: no dryad.so.1 at %s (bazel build //interp:dryad.so.1, or --dryad)" % dryad)
        return 1

    problems, cache, shown, checked, rewritten = [], {}, set(), 0, 0
    chapters = sorted(f for f in os.listdir(os.path.join(root, "docs")) if f.endswith(".md"))
    for ch in chapters:
        rel = "docs/" + ch
        with open(os.path.join(root, rel)) as f:
            text = f.read()
        lines = text.split("\n")
        edits = []
        for marker, info, start, end, indent, body in blocks(text):
            where = "%s:%d" % (rel, start + 1)
            if marker is None:
                if info not in UNMARKED_OK or any(l.startswith("$ ") for l in body):
                    problems.append("%s: a fenced block with info string %r and no <!-- example: NAME --> "
                                    "marker (examples must be generated; code is ```c/```asm, "
                                    "pseudo-code and hand-drawn layouts ```pseudo)" % (where, info))
                continue
            shown.add(marker)
            if a.only and marker not in a.only:
                continue
            script = os.path.join(exdir, marker + ".sh")
            if not os.path.exists(script):
                problems.append("%s: example %s has no script docs/examples/%s.sh" % (where, marker, marker))
                continue
            out, err = run_script(script, root, dryad, cache)
            checked += 1
            if err:
                problems.append("%s: docs/examples/%s.sh failed: %s" % (where, marker, err))
                continue
            pats = script_patterns(script)
            want, got = normalise("\n".join(body), pats), normalise(out, pats)
            if a.update:
                # Only blocks that drifted: new addresses alone are no change.
                if want != got:
                    new = [(indent + l).rstrip() if l else "" for l in out.rstrip("\n").split("\n")]
                    edits.append((start + 1, end, new))
                    rewritten += 1
                continue
            if want != got:
                import difflib
                diff = "\n".join(difflib.unified_diff(want.split("\n"), got.split("\n"),
                                                      "shown in the book", "printed by the script", lineterm=""))
                problems.append("%s: example %s drifted from docs/examples/%s.sh (after normalising; "
                                "`bazel run //docs:examples_update` rewrites it):\n%s" % (where, marker, marker, diff))
        if edits:
            for s, e, new in reversed(edits):
                lines[s:e] = new
            new_text = "\n".join(lines)
            if new_text != text:
                with open(os.path.join(write_root, rel), "w") as f:
                    f.write(new_text)
                print("examples: rewrote %s" % rel)

    for f in sorted(os.listdir(exdir)):
        name = f[:-3]
        if f.endswith(".sh") and f != "lib.sh" and not f.endswith("-setup.sh") and name not in shown:
            problems.append("docs/examples/%s: not shown in any chapter (no <!-- example: %s -->)" % (f, name))

    for p in problems:
        print(p)
    print("examples: %d examples checked, %s%d problems" % (
        checked, "%d rewritten, " % rewritten if a.update else "", len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
