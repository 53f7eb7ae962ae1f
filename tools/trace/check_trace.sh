#!/usr/bin/env bash
# tools/trace/check_trace.sh DRYAD: DRYAD_TRACE on real programs gives valid
# Chrome/Perfetto JSON with events for every phase, and the timeline renders.
set -euo pipefail
dryad=$(realpath "$1")
tmp=${TEST_TMPDIR:-$(mktemp -d)}
for prog in "/usr/bin/python3 -c pass" "/bin/ls /"; do
  rm -f "$tmp/t.json"
  DRYAD_TRACE="$tmp/t.json" "$dryad" $prog > /dev/null
  python3 - "$tmp/t.json" "$prog" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ev = [e for e in d["traceEvents"] if e.get("ph") == "X"]
cats = {e["cat"] for e in ev}
need = {"load", "relocate", "tls", "init", "dryad"}
assert need <= cats, f"{sys.argv[2]}: missing phases {need - cats}"
names = {e["name"] for e in ev}
assert any("libc.so.6" in n for n in names if n.startswith("map ")), "no map event for libc.so.6"
assert any("libc.so.6" in n for n in names if n.startswith("relocate ")), "no relocate event for libc.so.6"
for e in ev:
    assert e["dur"] >= 0 and e["ts"] > 0, e
startup = [e for e in ev if e["cat"] == "dryad"][0]
for e in ev:
    assert startup["ts"] <= e["ts"] + 1 and e["ts"] + e["dur"] <= startup["ts"] + startup["dur"] + 2, f"{e} outside startup"
print(f"ok {sys.argv[2]}: {len(ev)} events, phases {sorted(cats)}")
PY
done
python3 "$(dirname "$0")/trace2svg.py" "$tmp/t.json" "$tmp/t.svg"
grep -q "<svg" "$tmp/t.svg"
echo "1 passed, 0 failed"
