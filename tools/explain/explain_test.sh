#!/usr/bin/env bash
# tools/explain/explain_test.sh DRYAD: `dryad.so.1 --explain` on real programs
# gives one valid JSON document: every object --list shows, with the search
# list that found it; a binding for each symbol the relocations name, agreeing
# with what the program really binds (LD_DEBUG=bindings of a run); and, for a
# program whose library is missing, that problem.
set -euo pipefail
dryad=$(realpath "$1")
tmp=${TEST_TMPDIR:-$(mktemp -d)}
"$dryad" --explain /usr/bin/python3 > "$tmp/py.json"
"$dryad" --list /usr/bin/python3 > "$tmp/py.list"
LD_DEBUG=bindings "$dryad" /usr/bin/python3 -c pass 2> "$tmp/py.bind" > /dev/null
python3 - "$tmp/py.json" "$tmp/py.list" "$tmp/py.bind" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
names = {o["name"] for o in d["objects"]}
for line in open(sys.argv[2]):
    n = line.split()[0]
    assert n in names or any(o["path"] == n for o in d["objects"]), f"--list shows {n}, --explain does not"
libc = [o for o in d["objects"] if o["name"] == "libc.so.6"][0]
assert libc["found_via"] == "/etc/ld.so.cache", libc
assert not d["problems"], d["problems"]
bound = {(b["object"], b["symbol"]): b["bound_to"] for b in d["bindings"]}
checked = 0
for line in open(sys.argv[3]):
    m = re.search(r"binding file (\S+) \[0\] to (\S+) \[0\]: normal symbol `([^']+)'", line)
    if m and (m[1], m[3]) in bound:
        assert bound[(m[1], m[3])] == m[2], f"{m[3]} from {m[1]}: run binds to {m[2]}, --explain says {bound[(m[1], m[3])]}"
        checked += 1
assert checked > 100, f"only {checked} bindings compared"
print(f"ok python3: {len(d['objects'])} objects, {len(d['bindings'])} bindings, {checked} agree with a run")
PY
# A program whose library is missing: reported, not fatal.
mkdir -p "$tmp/miss" && cd "$tmp/miss"
printf 'int f(void){return 1;}\n' > l.c
printf 'int f(void); int main(void){return f();}\n' > m.c
gcc -shared -fPIC -o libgone.so l.c -Wl,-soname,libgone.so
gcc -o m m.c -L. -lgone
rm libgone.so
"$dryad" --explain ./m > miss.json
python3 - miss.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
kinds = [(p["kind"], p["detail"]) for p in d["problems"]]
assert ("library not found", "libgone.so: cannot open shared object file: No such file or directory") in kinds, kinds
assert any(k == "undefined symbol" and "f" in det for k, det in kinds), kinds
print("ok missing library:", kinds)
PY
echo "2 passed, 0 failed"
