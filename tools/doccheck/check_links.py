#!/usr/bin/env python3
"""Checks the book in docs/ against the tree it documents (run by //docs:links).

What is checked (docs/02-design.md, "The documentation checks"):

 1. Links. Every relative link or image in docs/*.md must point to an existing
    file or directory. An #anchor into a chapter must match one of that
    chapter's headings (GitHub's anchor rules).
 2. Names. A link whose text is a code span naming an identifier, such as
    [`dr_map_object`](../interp/load.c), must point to a file that contains
    that identifier. A code span written `path/file.c:name` must name an
    existing file that contains `name`. Every identifier of dryad's own
    (dr_..., dryad_..., DR_..., _dryad_...) that appears in a code span or a
    code block of the book must exist somewhere in core/ or interp/.
 3. Chapter references in the sources. Every `docs/NN-name.md` in a file of
    core/ or interp/, and every `(NN-name)` step comment such as those in
    interp/main.c, must name an existing chapter. Every chapter must be
    linked from docs/README.md.
 4. Diagrams. Every docs/diagrams/NAME.dot must have NAME.svg next to it,
    generated from it (the SVG's <title> is the graph's name).

Where files come from. Under Bazel the test runs in its runfiles tree, and the
files it reads are declared as data in docs/BUILD: the chapters and diagrams,
//core:srcs, //interp:srcs and a few exported files. Some files the book links
to cannot be named as data from another package, such as WORKSPACE or .bzl
files. For those, the checker follows the runfiles symlink of
docs/README.md back to the source tree and looks there. Run by hand, it
checks the working tree directly: tools/doccheck/check_links.sh.

Exit status: 0 if everything holds, 1 otherwise (one line per problem).
"""
import os
import re
import sys

SOURCE_EXTS = (".c", ".h", ".S", ".cc", ".map", ".bzl", ".py", ".sh", ".dot", ".BUILD")
DRYAD_IDENT = re.compile(r"(?<![A-Za-z0-9_])(?:dr_|dryad_|DR_|_dryad_)[A-Za-z0-9_]+")
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Checker:
    def __init__(self, root):
        self.root = root
        self.problems = []
        readme = os.path.join(root, "docs", "README.md")
        real = os.path.realpath(readme)
        self.src_root = os.path.dirname(os.path.dirname(real)) if os.path.exists(real) else root
        self.fallbacks = 0

    def problem(self, where, msg):
        self.problems.append("%s: %s" % (where, msg))

    # Files: the runfiles (declared data) first, then the source tree.
    def find(self, rel):
        for base in (self.root, self.src_root):
            p = os.path.join(base, rel)
            if os.path.exists(p):
                if base != self.root:
                    self.fallbacks += 1
                return p
        return None

    def read(self, rel):
        p = self.find(rel)
        if p is None or os.path.isdir(p):
            return None
        with open(p, encoding="utf-8", errors="replace") as f:
            return f.read()

    def list_dir(self, rel, suffixes):
        d = os.path.join(self.root, rel)
        if not os.path.isdir(d):
            return []
        return sorted(os.path.join(rel, n) for n in os.listdir(d)
                      if n.endswith(suffixes) and os.path.isfile(os.path.join(d, n)))

    def sources(self):
        """core/ and interp/ files as declared (//core:srcs, //interp:srcs), plus
        the other files of those packages that carry chapter references."""
        out = []
        for top in ("core", "interp"):
            base = os.path.join(self.root, top)
            for dirpath, dirnames, filenames in os.walk(base):
                dirnames[:] = sorted(d for d in dirnames if d != "tests")
                rel = os.path.relpath(dirpath, self.root)
                out += sorted(os.path.join(rel, n) for n in filenames if n.endswith((".c", ".h", ".S")))
        for extra in ("interp/dryad.map", "interp/BUILD", "core/BUILD"):
            if self.find(extra):
                out.append(extra)
        return out


def slugify(heading):
    """GitHub's anchor for a Markdown heading."""
    s = heading.strip().lower()
    s = re.sub(r"`", "", s)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


def strip_fences(text):
    """Returns (prose, code): the text with fenced blocks blanked out (line
    numbers kept), and the fenced blocks' contents with prose blanked out."""
    prose, code = [], []
    fence = None
    for line in text.split("\n"):
        m = re.match(r"^\s*(```+|~~~+)", line)
        if fence is None and m:
            fence = m.group(1)
            prose.append("")
            code.append("")
        elif fence is not None and line.strip().startswith(fence):
            fence = None
            prose.append("")
            code.append("")
        elif fence is not None:
            prose.append("")
            code.append(line)
        else:
            prose.append(line)
            code.append("")
    return "\n".join(prose), "\n".join(code)


def line_of(text, pos):
    return text.count("\n", 0, pos) + 1


def headings(text):
    prose, _ = strip_fences(text)
    slugs = set()
    counts = {}
    for line in prose.split("\n"):
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if m:
            base = slugify(m.group(1))
            n = counts.get(base, 0)
            slugs.add(base if n == 0 else "%s-%d" % (base, n))
            counts[base] = n + 1
    return slugs


def contains_word(text, word):
    return re.search(r"(?<![A-Za-z0-9_])" + re.escape(word) + r"(?![A-Za-z0-9_])", text) is not None


LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\(([^)\s]+)\)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def check_chapter(c, rel, all_source_text):
    text = c.read(rel)
    prose, code = strip_fences(text)
    docdir = os.path.dirname(rel)

    # 1 and 2: links, and names given as link text.
    for m in LINK.finditer(prose):
        label, target = m.group(1), m.group(2)
        where = "%s:%d" % (rel, line_of(prose, m.start()))
        if re.match(r"^[a-z]+:", target):  # http:, https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        if path:
            resolved = os.path.normpath(os.path.join(docdir, path))
            if resolved.startswith(".."):
                c.problem(where, "link %s leaves the repository" % target)
                continue
        else:
            resolved = rel
        found = c.find(resolved)
        if found is None:
            c.problem(where, "link %s: no such file %s" % (target, resolved))
            continue
        if anchor and resolved.endswith(".md"):
            if anchor not in headings(c.read(resolved)):
                c.problem(where, "link %s: %s has no heading with anchor #%s" % (target, resolved, anchor))
        span = re.fullmatch(r"\s*`([^`]+)`\s*", label)
        if span and not os.path.isdir(found):
            name = span.group(1).strip()
            name = re.sub(r"\(.*\)$", "", name)           # dr_foo() -> dr_foo
            name = re.sub(r"^(struct|enum|union)\s+", "", name)
            if IDENT.match(name):
                body = c.read(resolved) or ""
                if not contains_word(body, name):
                    c.problem(where, "`%s` is cited in %s, which does not contain it" % (name, resolved))

    # 2: `path/file.ext:name` spans, and dryad identifiers anywhere in code.
    for m in CODE_SPAN.finditer(prose):
        span = m.group(2).strip()
        where = "%s:%d" % (rel, line_of(prose, m.start()))
        pm = re.fullmatch(r"([A-Za-z0-9_./-]+/[A-Za-z0-9_.-]+):([A-Za-z_][A-Za-z0-9_]*)(\(\))?", span)
        if pm and pm.group(1).endswith(SOURCE_EXTS) and not pm.group(1).startswith("path/"):
            body = c.read(pm.group(1))
            if body is None:
                c.problem(where, "`%s`: no such file %s" % (span, pm.group(1)))
            elif not contains_word(body, pm.group(2)):
                c.problem(where, "`%s`: %s does not contain %s" % (span, pm.group(1), pm.group(2)))
        for ident in DRYAD_IDENT.findall(span):
            if ident not in all_source_text:
                c.problem(where, "`%s` names %s, which is not in core/ or interp/" % (span, ident))
    for m in DRYAD_IDENT.finditer(code):
        if m.group(0) not in all_source_text:
            c.problem("%s:%d" % (rel, line_of(code, m.start())),
                      "code block names %s, which is not in core/ or interp/" % m.group(0))


def main():
    root = os.getcwd()
    c = Checker(root)
    chapters = c.list_dir("docs", (".md",))
    if not chapters:
        print("check_links: no docs/*.md found under %s" % root)
        return 1

    sources = c.sources()
    if not any(s.startswith("core/") for s in sources) or not any(s.startswith("interp/") for s in sources):
        print("check_links: core/ or interp/ sources are missing (data of //docs:links?)")
        return 1
    idents = set()
    for s in sources:
        idents.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", c.read(s) or ""))

    for rel in chapters:
        check_chapter(c, rel, idents)

    # 3: chapter references in the sources, and the table of contents.
    chapter_names = {os.path.basename(p) for p in chapters}
    for s in sources:
        body = c.read(s) or ""
        for m in re.finditer(r"docs/(\d\d-[A-Za-z0-9_.-]+?\.md)", body):
            if m.group(1) not in chapter_names:
                c.problem("%s:%d" % (s, line_of(body, m.start())), "names docs/%s, which does not exist" % m.group(1))
        for m in re.finditer(r"\(\s*(\d\d-[a-z][a-z0-9-]*)\s*\)", body):
            if m.group(1) + ".md" not in chapter_names:
                c.problem("%s:%d" % (s, line_of(body, m.start())), "names chapter (%s), which does not exist" % m.group(1))
    readme = c.read("docs/README.md") or ""
    for name in sorted(chapter_names):
        if re.match(r"\d\d-", name) and "(%s)" % name not in readme and "(%s#" % name not in readme:
            c.problem("docs/README.md", "the table of contents does not link %s" % name)

    # 4: diagrams.
    for dot in c.list_dir("docs/diagrams", (".dot",)):
        svg = dot[:-4] + ".svg"
        m = re.search(r"\b(?:di)?graph\s+([A-Za-z_][A-Za-z0-9_]*)", c.read(dot) or "")
        body = c.read(svg)
        if body is None:
            c.problem(dot, "has no %s (run tools/doccheck/gen_diagrams.sh)" % svg)
        elif m and "<title>%s</title>" % m.group(1) not in body:
            c.problem(svg, "was not generated from %s (graph %s); run tools/doccheck/gen_diagrams.sh" % (dot, m.group(1)))

    for p in c.problems:
        print(p)
    print("check_links: %d Markdown files, %d source files, %d problems%s" % (
        len(chapters), len(sources), len(c.problems),
        " (%d files read from the source tree)" % c.fallbacks if c.fallbacks else ""))
    return 1 if c.problems else 0


if __name__ == "__main__":
    sys.exit(main())
