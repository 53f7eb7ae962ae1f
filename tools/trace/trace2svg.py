#!/usr/bin/env python3
"""tools/trace/trace2svg.py TRACE.json OUT.svg: a timeline of a DRYAD_TRACE file.

One row per thread, one bar per event, coloured by category (load, relocate,
tls, init), labelled with the object when it fits. For a quick look without a
trace viewer; chrome://tracing or Perfetto's UI open the JSON itself.
"""
import json
import sys
from html import escape

COLOURS = {"load": "#4e79a7", "relocate": "#f28e2b", "tls": "#59a14f", "init": "#e15759", "dryad": "#bab0ac"}


def main(src, dst):
    events = [e for e in json.load(open(src))["traceEvents"] if e.get("ph") == "X"]
    if not events:
        sys.exit("no events")
    t0 = min(e["ts"] for e in events)
    t1 = max(e["ts"] + e["dur"] for e in events)
    tids = sorted({e["tid"] for e in events}, key=lambda t: (t != events[0]["pid"], t))
    width, left, row = 1200, 150, 26
    scale = (width - left - 20) / max(1, t1 - t0)
    # "startup" spans everything: its own row on top.
    rows = ["startup"] + [f"thread {t}" for t in tids]
    height = 60 + row * (len(rows) + 1) + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="10" y="20" font-size="14">dryad startup timeline ({escape(src.split("/")[-1])}), {t1 - t0} µs</text>']
    for i, name in enumerate(rows):
        y = 40 + i * row
        out.append(f'<text x="10" y="{y + 16}">{escape(name)}</text>')
    for e in events:
        i = 0 if e["cat"] == "dryad" else 1 + tids.index(e["tid"])
        x = left + (e["ts"] - t0) * scale
        w = max(1.0, e["dur"] * scale)
        y = 40 + i * row
        label = e["name"].split("/")[-1]
        out.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{COLOURS.get(e["cat"], "#999")}" stroke="white" stroke-width="0.5"><title>{escape(e["name"])}: {e["dur"]} µs</title></rect>')
        if w > 7 * len(label):
            out.append(f'<text x="{x + 3:.1f}" y="{y + 17}" fill="white">{escape(label)}</text>')
    y = 40 + len(rows) * row + 10
    for k, (cat, colour) in enumerate(COLOURS.items()):
        out.append(f'<rect x="{left + k * 120}" y="{y}" width="14" height="14" fill="{colour}"/><text x="{left + k * 120 + 20}" y="{y + 12}">{cat}</text>')
    for k in range(6):
        x = left + (width - left - 20) * k / 5
        out.append(f'<text x="{x:.0f}" y="{y + 36}" fill="#555">{(t1 - t0) * k // 5} µs</text>')
    out.append("</svg>")
    open(dst, "w").write("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
