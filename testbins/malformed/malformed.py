#!/usr/bin/env python3
"""malformed.py: the malformed-object test of dryad.so.1 (issue 5).

    malformed.py --dryad DRYAD --glibc LDSO --objects DIR --expected FILE
                 [--work DIR] [--jobs N] [--timeout S] [--probe PROBE.so]
                 [--only SUBSTRING] [--list] [--keep-failures DIR] [--no-glibc]

DIR holds prog and libmal.so as built (see main.c). Deterministically (fixed
seeds, no clock), a few hundred damaged copies of libmal.so and of prog are
written, one mutation class at a time:

  trunc     the file cut at many lengths (every header and table boundary, and
            evenly spread ones)
  ehdr      ELF header fields (e_ident bytes, e_type, e_machine, e_phoff, ...)
  phdr      program header fields (p_type, p_offset, p_vaddr, sizes, p_align)
  dynamic   dynamic entries: d_tag and d_val
  hash      words of .gnu.hash (header, Bloom filter, buckets, chains) and .hash
  symtab    .dynsym entries: st_name, st_info, st_other, st_shndx, st_value, st_size
  reloc     .rela.dyn/.rela.plt entries: r_offset, r_info (type, symbol), r_addend
  version   .gnu.version, .gnu.version_d, .gnu.version_r fields
  flip      random byte flips (fixed seed) in the loader's metadata: headers,
            dynamic section, symbol, string, hash, version and relocation tables

Each library variant runs in two roles, each program variant in two:

  needed    dryad.so.1 ./prog, the variant found first for its DT_NEEDED
            (LD_LIBRARY_PATH), the good library behind it (DT_RUNPATH)
  preload   dryad.so.1 ./prog with LD_PRELOAD=variant (the good library as DT_NEEDED)
  program   dryad.so.1 ./variant  (dryad maps the program itself)
  direct    ./variant with dryad as its PT_INTERP (the kernel maps the program;
            the interpreter path in the variant is rewritten in place to a short
            symlink to dryad)
  dlopen    dlopen_prog VARIANT GOOD under dryad.so.1: a program linked with glibc
            dlopens the variant, then the good library (dlopen_main.c); a failed
            dlopen must return an error and leave nothing behind

A dryad run passes if it is not killed by a signal, does not hang, and either
prints the original output with status 0 or fails cleanly: a non-zero status
with a message on stderr, status 127 with glibc's wording ("PROG: error while
loading shared libraries: OBJ: WHY", "PROG: symbol lookup error: ..."), and
nothing printed by the program before a status 127 (nothing half-done). Two
exceptions, each checked rather than assumed:

  - lazy binding: a PLT entry is bound at its first call, so an error found then
    (an undefined symbol, a target that is no code) ends a program that already
    printed, as with glibc. Such a run passes if the same variant with
    LD_BIND_NOW=1 is not half-done (the error then comes before the program
    runs, or the damaged entry is no longer used).
  - faults in the program's own code: a damaged symbol value, relocation addend
    or segment can make the program jump or read where the file says after a
    complete load; no loader can tell. A signal is therefore looked at with
    ptrace (crash_site): a fault at a PC inside dryad.so.1, or a jump to a bad
    address made by dryad (the return address on the stack is in dryad), fails;
    a fault in the program's or the library's code is counted apart as
    "program-fault". So is a clean run with another output ("other-output").
    In the direct role a program the kernel itself kills while loading it
    (e.g. .bss in a page past the end of a truncated file) is run again with
    probe.S as its interpreter: if that dies too, it is "kernel-kill".

Known dryad failures whose fix lies outside testbins/ (KNOWN below) are printed
and not counted.

The same variants then run under glibc's ld.so in the same roles; how many of
them end in a signal or a hang there (and where: in ld.so or in the program) is
printed for the record, never failed.
"""
import argparse
import collections
import concurrent.futures
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time

# ---------------------------------------------------------------- ELF layout

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
PHDR = struct.Struct("<IIQQQQQQ")
SHDR = struct.Struct("<IIQQQQIIQQ")
SYM = struct.Struct("<IBBHQQ")
RELA = struct.Struct("<QQq")
DYN = struct.Struct("<qQ")

EHDR_FIELDS = [  # name, offset, size
    ("e_type", 16, 2), ("e_machine", 18, 2), ("e_version", 20, 4), ("e_entry", 24, 8),
    ("e_phoff", 32, 8), ("e_shoff", 40, 8), ("e_flags", 48, 4), ("e_ehsize", 52, 2),
    ("e_phentsize", 54, 2), ("e_phnum", 56, 2), ("e_shentsize", 58, 2), ("e_shnum", 60, 2),
    ("e_shstrndx", 62, 2)]
PHDR_FIELDS = [("p_type", 0, 4), ("p_flags", 4, 4), ("p_offset", 8, 8), ("p_vaddr", 16, 8),
               ("p_paddr", 24, 8), ("p_filesz", 32, 8), ("p_memsz", 40, 8), ("p_align", 48, 8)]
SYM_FIELDS = [("st_name", 0, 4), ("st_info", 4, 1), ("st_other", 5, 1), ("st_shndx", 6, 2),
              ("st_value", 8, 8), ("st_size", 16, 8)]
PT = {0: "NULL", 1: "LOAD", 2: "DYNAMIC", 3: "INTERP", 4: "NOTE", 6: "PHDR", 7: "TLS",
      0x6474e550: "EH_FRAME", 0x6474e551: "STACK", 0x6474e552: "RELRO"}
DT = {0: "NULL", 1: "NEEDED", 2: "PLTRELSZ", 3: "PLTGOT", 4: "HASH", 5: "STRTAB", 6: "SYMTAB",
      7: "RELA", 8: "RELASZ", 9: "RELAENT", 10: "STRSZ", 11: "SYMENT", 12: "INIT", 13: "FINI",
      14: "SONAME", 15: "RPATH", 16: "SYMBOLIC", 20: "PLTREL", 21: "DEBUG", 23: "JMPREL",
      24: "BIND_NOW", 25: "INIT_ARRAY", 26: "FINI_ARRAY", 27: "INIT_ARRAYSZ",
      28: "FINI_ARRAYSZ", 29: "RUNPATH", 30: "FLAGS", 32: "PREINIT_ARRAY",
      33: "PREINIT_ARRAYSZ", 36: "RELR", 0x6ffffef5: "GNU_HASH", 0x6ffffff0: "VERSYM",
      0x6ffffff9: "RELACOUNT", 0x6ffffffb: "FLAGS_1", 0x6ffffffc: "VERDEF",
      0x6ffffffd: "VERDEFNUM", 0x6ffffffe: "VERNEED", 0x6fffffff: "VERNEEDNUM"}
M64 = (1 << 64) - 1


class Elf:
    def __init__(self, data):
        self.data = bytes(data)
        (_, self.e_type, _, _, self.e_entry, self.e_phoff, self.e_shoff, _, _, _, self.e_phnum,
         _, self.e_shnum, self.e_shstrndx) = EHDR.unpack_from(self.data, 0)
        self.phdrs = [PHDR.unpack_from(self.data, self.e_phoff + 56 * i)
                      for i in range(self.e_phnum)]
        shdrs = [SHDR.unpack_from(self.data, self.e_shoff + 64 * i) for i in range(self.e_shnum)]
        strtab = shdrs[self.e_shstrndx]
        self.sections = {}
        for s in shdrs:
            name = self.data[strtab[4] + s[0]:].split(b"\0", 1)[0].decode()
            if name and s[1] != 8:  # not NOBITS
                self.sections[name] = (s[4], s[5], s[9])  # offset, size, entsize

    def sec(self, name):
        return self.sections.get(name, (0, 0, 0))

    def phdr_off(self, i):
        return self.e_phoff + 56 * i

    def dynamic(self):
        off, size, _ = self.sec(".dynamic")
        out = []
        for k in range(size // 16):
            tag, val = DYN.unpack_from(self.data, off + 16 * k)
            out.append((off + 16 * k, tag, val))
            if tag == 0:
                break
        return out

    def metadata_ranges(self):
        """Byte ranges a loader reads as metadata (no code, no plain data)."""
        r = [(0, 64), (self.e_phoff, 56 * self.e_phnum)]
        for name in (".interp", ".hash", ".gnu.hash", ".dynsym", ".dynstr", ".gnu.version",
                     ".gnu.version_d", ".gnu.version_r", ".rela.dyn", ".rela.plt", ".dynamic",
                     ".init_array", ".tdata"):
            off, size, _ = self.sec(name)
            if size:
                r.append((off, size))
        return r


def put(data, off, size, value):
    """A copy of DATA with the SIZE-byte little-endian field at OFF set to VALUE."""
    b = bytearray(data)
    if off + size > len(b):
        return None
    b[off:off + size] = (value & ((1 << (8 * size)) - 1)).to_bytes(size, "little")
    return bytes(b)


def get(data, off, size):
    return int.from_bytes(data[off:off + size], "little")


def field_values(old, size, rng):
    """Interesting replacements for a SIZE-byte field holding OLD."""
    top = (1 << (8 * size)) - 1
    vals = [0, 1, old + 1, old - 1, old + 8, old + 0x1000, old ^ (1 << rng.randrange(8 * size)),
            top, top >> 1, 1 << (8 * size - 1)]
    if size >= 4:
        vals += [0xffffffff, 0x7fffffff, 0x10000]
    if size == 8:
        vals += [1 << 47, (1 << 64) - 0x1000, old + (1 << 32)]
    out = []
    for v in vals:
        v &= top
        if v != old and v not in out:
            out.append(v)
    return out


# ---------------------------------------------------------------- mutations

def sample(rng, items, n):
    items = list(items)
    if len(items) <= n:
        return items
    return rng.sample(items, n)


def gen_trunc(elf, rng):
    d = elf.data
    cuts = {0, 1, 4, 15, 16, 17, 52, 63, 64, 65, elf.e_phoff + 56 * elf.e_phnum - 1,
            elf.e_phoff + 56 * elf.e_phnum, len(d) - 1}
    for p in elf.phdrs:
        for c in (p[2], p[2] + 1, p[2] + p[5] - 1, p[2] + p[5] // 2):
            cuts.add(c)
    for name in elf.sections:
        off, size, _ = elf.sections[name]
        cuts.update((off, off + size // 2))
    cuts.update(len(d) * k // 24 for k in range(1, 24))
    for c in sorted(x for x in cuts if 0 <= x < len(d)):
        yield "trunc", "cut at %d of %d bytes" % (c, len(d)), d[:c]


def gen_ehdr(elf, rng):
    d = elf.data
    ident = [(4, "EI_CLASS", [0, 1, 3]), (5, "EI_DATA", [0, 2]), (6, "EI_VERSION", [0, 2]),
             (7, "EI_OSABI", [1, 3, 0xff]), (8, "EI_ABIVERSION", [1, 5]), (9, "EI_PAD", [1]),
             (0, "EI_MAG0", [0x7e]), (3, "EI_MAG3", [0])]
    for off, name, vals in ident:
        for v in vals:
            yield "ehdr", "%s=%d" % (name, v), put(d, off, 1, v)
    special = {"e_type": [0, 1, 2, 4, 0xfe00, 0xffff], "e_machine": [0, 3, 62 + 1, 183, 0xffff],
               "e_phentsize": [0, 32, 55, 57, 112, 0xffff],
               "e_phnum": [0, 1, 2, elf.e_phnum - 1, elf.e_phnum + 1, 0xffff, 0x100],
               "e_phoff": [0, 1, 8, 60, len(d) - 56, len(d), len(d) - 8, 1 << 63, M64 - 7],
               "e_entry": [0, 1, M64, 1 << 47, 0x3e30]}
    for name, off, size in EHDR_FIELDS:
        old = get(d, off, size)
        vals = special.get(name) or sample(rng, field_values(old, size, rng), 3)
        for v in vals:
            if v != old:
                yield "ehdr", "%s=%#x" % (name, v), put(d, off, size, v)


def gen_phdr(elf, rng):
    d = elf.data
    cands = []
    for i, p in enumerate(elf.phdrs):
        base = elf.phdr_off(i)
        kind = PT.get(p[0], "%#x" % p[0])
        for name, off, size in PHDR_FIELDS:
            old = get(d, base + off, size)
            if name == "p_type":
                vals = [0, 1, 2, 3, 6, 7, 0x6474e552, 0x12345678]
            elif name == "p_align":
                vals = [0, 1, 2, 3, 0x800, 0x2000, 1 << 21, 1 << 40, 1 << 63]
            elif name == "p_flags":
                vals = [0, 1, 2, 4, 7]
            else:
                vals = field_values(old, size, rng)
            for v in vals:
                if v != old:
                    cands.append(("phdr[%d] %s %s=%#x" % (i, kind, name, v), base + off, size, v))
    # Every segment gets a few; PT_LOAD, PT_DYNAMIC and PT_TLS more.
    by_seg = collections.defaultdict(list)
    for c in cands:
        by_seg[c[0].split()[0]].append(c)
    for seg in sorted(by_seg):
        n = 16 if any(k in by_seg[seg][0][0] for k in ("LOAD", "DYNAMIC", "TLS")) else 6
        for desc, off, size, v in sample(rng, by_seg[seg], n):
            yield "phdr", desc, put(d, off, size, v)


def gen_dynamic(elf, rng):
    d = elf.data
    strsz = dict((t, v) for _, t, v in elf.dynamic()).get(10, 0)
    for off, tag, val in elf.dynamic():
        name = DT.get(tag, "%#x" % tag)
        tags = [0, 1 if tag != 1 else 14, tag + 1, 0x7fffffff, -1, 5, 6, 36]
        for t in sample(rng, [t for t in tags if t != tag], 3):
            yield "dynamic", "DT_%s: d_tag=%#x" % (name, t & M64), put(d, off, 8, t)
        if tag == 0:
            continue
        vals = field_values(val, 8, rng) + [strsz, strsz - 1, val - 8, val + 3]
        vals = [v & M64 for v in vals if (v & M64) != val]
        for v in sample(rng, dict.fromkeys(vals), 6):
            yield "dynamic", "DT_%s: d_val=%#x" % (name, v), put(d, off + 8, 8, v)


def gen_hash(elf, rng):
    d = elf.data
    off, size, _ = elf.sec(".gnu.hash")
    if size:
        nb, symoff, bloom, shift = struct.unpack_from("<IIII", d, off)
        names = ["nbuckets", "symoffset", "bloom_size", "bloom_shift"]
        for k, name in enumerate(names):
            for v in [0, 1, 3, 31, 32, 64, 0xffff, 0x7fffffff, 0xffffffff]:
                if v != get(d, off + 4 * k, 4):
                    yield "hash", ".gnu.hash %s=%#x" % (name, v), put(d, off + 4 * k, 4, v)
        for k in range(bloom):
            for v in (0, M64):
                yield "hash", ".gnu.hash bloom[%d]=%#x" % (k, v), put(d, off + 16 + 8 * k, 8, v)
        bucket_at = off + 16 + 8 * bloom
        for k in range(nb):
            for v in (0, symoff - 1, symoff + 100, 0xffffffff):
                yield "hash", ".gnu.hash bucket[%d]=%#x" % (k, v & 0xffffffff), \
                    put(d, bucket_at + 4 * k, 4, v)
        chain_at = bucket_at + 4 * nb
        for k in range((off + size - chain_at) // 4):
            old = get(d, chain_at + 4 * k, 4)
            for v in (old ^ 1, 0, 0xffffffff):
                yield "hash", ".gnu.hash chain[%d]=%#x" % (k, v), put(d, chain_at + 4 * k, 4, v)
    off, size, _ = elf.sec(".hash")
    if size:
        nbucket, nchain = struct.unpack_from("<II", d, off)
        for k, name in enumerate(("nbucket", "nchain")):
            for v in (0, 1, nchain + 1, 0x10000, 0x3fffffff, 0xffffffff):
                yield "hash", ".hash %s=%#x" % (name, v), put(d, off + 4 * k, 4, v)
        words = size // 4
        for k in sample(rng, range(2, words), 10):
            slot = "bucket[%d]" % (k - 2) if k < 2 + nbucket else "chain[%d]" % (k - 2 - nbucket)
            for v in (k - 2 - nbucket, nchain, 0xffffffff):  # a self-loop, just past, huge
                yield "hash", ".hash %s=%#x" % (slot, v & 0xffffffff), \
                    put(d, off + 4 * k, 4, v & 0xffffffff)


def gen_symtab(elf, rng):
    d = elf.data
    off, size, _ = elf.sec(".dynsym")
    strsz = elf.sec(".dynstr")[1]
    cands = []
    for i in range(1, size // 24):
        base = off + 24 * i
        for name, foff, fsize in SYM_FIELDS:
            old = get(d, base + foff, fsize)
            if name == "st_name":
                vals = [0, strsz - 1, strsz, strsz + 1000, 0xffffffff]
            elif name == "st_info":
                vals = [(old & 0xf0) | t for t in (0, 1, 2, 5, 6, 10, 15)] + \
                       [(b << 4) | (old & 15) for b in (0, 2, 10, 15)]
            elif name == "st_other":
                vals = [1, 2, 3, 0xff]
            elif name == "st_shndx":
                vals = [0, 0xfff1, 0xfff2, 0xffff, 1000]
            else:
                vals = field_values(old, fsize, rng) + [1 << 63, 0x100000]
            for v in vals:
                if v != old:
                    cands.append(("dynsym[%d] %s=%#x" % (i, name, v), base + foff, fsize, v))
    for desc, o, s, v in sample(rng, cands, 60):
        yield "symtab", desc, put(d, o, s, v)


def gen_reloc(elf, rng):
    d = elf.data
    nsyms = elf.sec(".dynsym")[1] // 24
    cands = []
    for sec in (".rela.dyn", ".rela.plt"):
        off, size, _ = elf.sec(sec)
        for i in range(size // 24):
            base = off + 24 * i
            r_offset, r_info, r_addend = RELA.unpack_from(d, base)
            for v in (0, r_offset + 1, r_offset + 0x1000, r_offset - 8, 1 << 47, M64 - 7, 0x3e30):
                cands.append(("%s[%d] r_offset=%#x" % (sec, i, v & M64), base, 8, v))
            sym, typ = r_info >> 32, r_info & 0xffffffff
            for t in (0, 1, 2, 5, 6, 7, 8, 10, 16, 17, 18, 36, 37, 42, 0xff, 0xffffffff):
                if t != typ:
                    cands.append(("%s[%d] type=%d" % (sec, i, t), base + 8, 4, t))
            for s in (0, 1, nsyms - 1, nsyms, nsyms + 1, 0x7fffffff, 0xffffffff):
                if s != sym:
                    cands.append(("%s[%d] sym=%#x" % (sec, i, s), base + 12, 4, s))
            for a in (0, 1, -1, 1 << 62, -(1 << 63), 0x100000, r_addend + 0x1000):
                if a != r_addend:
                    cands.append(("%s[%d] r_addend=%#x" % (sec, i, a & M64), base + 16, 8, a))
    for desc, o, s, v in sample(rng, cands, 70):
        yield "reloc", desc, put(d, o, s, v)


def gen_version(elf, rng):
    d = elf.data
    off, size, _ = elf.sec(".gnu.version")
    for k in sample(rng, range(1, size // 2), 6):
        for v in (0, 1, 2, 3, 0x7fff, 0x8002, 0xffff):
            yield "version", "versym[%d]=%#x" % (k, v), put(d, off + 2 * k, 2, v)
    off, size, _ = elf.sec(".gnu.version_d")
    fields = [("vd_version", 0, 2), ("vd_flags", 2, 2), ("vd_ndx", 4, 2), ("vd_cnt", 6, 2),
              ("vd_hash", 8, 4), ("vd_aux", 12, 4), ("vd_next", 16, 4)]
    aux = [("vda_name", 0, 4), ("vda_next", 4, 4)]
    yield from gen_chain(d, off, size, "verdef", fields, (12, 16), aux, (8, 4), rng)
    off, size, _ = elf.sec(".gnu.version_r")
    fields = [("vn_version", 0, 2), ("vn_cnt", 2, 2), ("vn_file", 4, 4), ("vn_aux", 8, 4),
              ("vn_next", 12, 4)]
    aux = [("vna_hash", 0, 4), ("vna_flags", 4, 2), ("vna_other", 6, 2), ("vna_name", 8, 4),
           ("vna_next", 12, 4)]
    yield from gen_chain(d, off, size, "verneed", fields, (8, 12), aux, (16, 12), rng)


def gen_chain(d, off, size, what, fields, links, aux_fields, aux_links, rng):
    """Version definition or requirement chains: each entry and its aux entries.
    LINKS: offsets of the entry's aux and next fields; AUX_LINKS: the aux entry's
    size and the offset of its next field."""
    aux_field, next_field = links
    aux_size, aux_next = aux_links
    if not size:
        return
    v, n = off, 0
    while v < off + size and n < 8:
        for name, foff, fsize in fields:
            old = get(d, v + foff, fsize)
            vals = [0, 1, 2, old + 4, old + 2, 0x7fff, 0x8000, 0xffff if fsize == 2 else 0xfffffff0]
            for val in sample(rng, [x for x in vals if x != old], 3):
                yield "version", "%s[%d] %s=%#x" % (what, n, name, val), put(d, v + foff, fsize, val)
        a = v + get(d, v + aux_field, 4)
        for k in range(4):
            if a + aux_size > off + size:
                break
            for name, foff, fsize in aux_fields:
                old = get(d, a + foff, fsize)
                vals = [0, old + 1, old + 4, 0x8000 | old, 0xfffffff0 & ((1 << 8 * fsize) - 1)]
                for val in sample(rng, [x for x in vals if x != old], 2):
                    yield "version", "%s[%d].aux[%d] %s=%#x" % (what, n, k, name, val), \
                        put(d, a + foff, fsize, val)
            nxt = get(d, a + aux_next, 4)
            if not nxt:
                break
            a += nxt
        nxt = get(d, v + next_field, 4)
        if not nxt:
            break
        v += nxt
        n += 1


def gen_flip(elf, rng, count):
    ranges = elf.metadata_ranges()
    weights = [r[1] for r in ranges]
    for k in range(count):
        b = bytearray(elf.data)
        nflips = rng.choice((1, 1, 2, 3, 4, 8))
        where = []
        for _ in range(nflips):
            off, size = rng.choices(ranges, weights)[0]
            pos = off + rng.randrange(size)
            b[pos] ^= 1 << rng.randrange(8) if rng.random() < 0.6 else rng.randrange(1, 256)
            where.append(pos)
        yield "flip", "bytes at %s" % ",".join("%#x" % w for w in sorted(where)), bytes(b)


GENERATORS = [("trunc", gen_trunc), ("ehdr", gen_ehdr), ("phdr", gen_phdr),
              ("dynamic", gen_dynamic), ("hash", gen_hash), ("symtab", gen_symtab),
              ("reloc", gen_reloc), ("version", gen_version)]


def variants(data, seed, nflips):
    """[(class, description, bytes)], deterministic for DATA and SEED; duplicates and
    no-op mutations dropped."""
    elf = Elf(data)
    out, seen = [], {bytes(data)}
    for name, gen in GENERATORS:
        rng = random.Random("%s/%s" % (seed, name))
        for cls, desc, b in gen(elf, rng):
            if b is not None and b not in seen:
                seen.add(b)
                out.append((cls, desc, b))
    rng = random.Random("%s/flip" % seed)
    for cls, desc, b in gen_flip(elf, rng, nflips):
        if b not in seen:
            seen.add(b)
            out.append((cls, desc, b))
    return out


# ---------------------------------------------------------------- running

GLIBC_STYLE = [
    re.compile(r"^.+: error while loading shared libraries: .*: .+$"),
    re.compile(r"^.+: symbol lookup error: .+: undefined symbol: .+$"),
    re.compile(r"^.+: .+: version `.+' not found \(required by .+\)$"),
]
PRELOAD_IGNORED = re.compile(
    r"^ERROR: ld\.so: object '.+' from LD_PRELOAD cannot be preloaded \(.+\): ignored\.$")


class Run:
    __slots__ = ("variant", "role", "loader", "cmd", "env", "cwd", "rc", "out", "err",
                 "outcome", "detail")

    def __init__(self, variant, role, loader, cmd, env, cwd):
        self.variant, self.role, self.loader = variant, role, loader
        self.cmd, self.env, self.cwd = cmd, env, cwd
        self.rc, self.out, self.err, self.outcome, self.detail = None, b"", b"", None, ""


def execute(run, timeout):
    env = {"PATH": "/usr/bin:/bin"}
    env.update(run.env)
    try:
        p = subprocess.run(run.cmd, env=env, cwd=run.cwd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        run.rc, run.out, run.err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        run.rc, run.out, run.err = "timeout", e.stdout or b"", e.stderr or b""
    except OSError as e:
        run.rc, run.err = "exec", str(e).encode()
    return run


DLOPEN_OK = b"variant: lib_fn=11\ngood: lib_fn=11\n"
DLOPEN_FAILED = b"variant: dlopen failed\ngood: lib_fn=11\n"


def judge(run, expected_out):
    """Sets run.outcome: ok, other-output, clean-error, and the failures
    signal, hang, silent, not-glibc-style, half-done; exec-refused (the kernel)."""
    err_lines = [l for l in run.err.decode("utf-8", "replace").splitlines() if l.strip()]
    if run.role == "dlopen" and run.rc in (0, 3):
        # dlopen reports its errors to the caller (dlerror); the good library must
        # then still load and work.
        if run.rc == 0 and run.out == DLOPEN_OK:
            run.outcome = "ok"
        elif run.rc == 0 and run.out == DLOPEN_FAILED:
            run.outcome = "clean-error" if any(l.startswith("variant: ") for l in err_lines) \
                else "silent"
        elif run.rc == 0:
            run.outcome = "other-output"
        else:
            run.outcome = "half-done"
            run.detail = "the good library failed to load after the variant"
        return run
    if run.role == "dlopen" and run.rc == 127:
        # The loader ended the process instead of failing the dlopen call: reported.
        run.outcome = "dlopen-fatal" if err_lines else "silent"
        return run
    if run.rc == "timeout":
        run.outcome = "hang"
    elif run.rc == "exec":
        run.outcome = "exec-refused"
    elif run.rc < 0:
        run.outcome = "signal"
        run.detail = "signal %d" % -run.rc
    elif run.rc == 0:
        run.outcome = "ok" if run.out == expected_out else "other-output"
        # The only stderr a clean run may have: a preload that was skipped.
        if any(not PRELOAD_IGNORED.match(l) for l in err_lines):
            run.outcome = "ok-with-stderr"
    elif not err_lines:
        run.outcome = "silent"
    elif run.rc == 127 and not any(r.match(err_lines[-1]) for r in GLIBC_STYLE):
        run.outcome = "not-glibc-style"
    elif run.rc == 127 and run.out:
        run.outcome = "half-done"
    elif run.rc > 128:
        run.outcome = "signal"
        run.detail = "status %d" % run.rc
    else:
        run.outcome = "clean-error"
    return run


# Known dryad failures, each waiting for a fix outside this test's reach (interp/
# startup.c): (object, mutation, role) -> why. Reported, not failed; an entry that
# stops failing is reported too, to be removed.
KNOWN = {
    # Empty: the kernel-mapped program's AT_PHDR (unmapped, PROT_NONE, moved) and a
    # PIE without PT_PHDR once crashed dr_setup_main_object; interp/program.c now
    # reads the table through the kernel and finds the bias from the ELF header.
}

DRYAD_FAILURES = {"hang", "silent", "not-glibc-style", "half-done", "loader-fault",
                  "loader-bad-jump", "signal"}


# Where a crash happened, asked of the kernel with ptrace (gdb cannot even open a
# truncated program): the crashing PC, the faulting address and the mappings.
PTRACE_TRACEME, PTRACE_CONT, PTRACE_GETREGS, PTRACE_GETSIGINFO = 0, 7, 12, 0x4202
_libc = None


def _ptrace(req, pid, addr, data):
    global _libc
    if _libc is None:
        import ctypes
        _libc = ctypes.CDLL(None, use_errno=True)
        _libc.ptrace.restype = ctypes.c_long
        _libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
    return _libc.ptrace(req, pid, addr, data)


def crash_site(run, timeout):
    """Reruns RUN under ptrace; returns (signal, pc, fault address, [sp] word,
    mappings [(start, end, perms, path)]) at its first fatal signal, or None."""
    import ctypes
    import signal as sig
    env = {"PATH": "/usr/bin:/bin"}
    env.update(run.env)
    p = subprocess.Popen(run.cmd, env=env, cwd=run.cwd, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         preexec_fn=lambda: _ptrace(PTRACE_TRACEME, 0, None, None))
    pid, fatal = p.pid, (sig.SIGSEGV, sig.SIGBUS, sig.SIGILL, sig.SIGFPE, sig.SIGABRT, sig.SIGSYS)
    result, deliver = None, 0
    timer = threading.Timer(timeout, lambda: os.kill(pid, sig.SIGKILL))
    timer.start()
    try:
        while True:
            _, status = os.waitpid(pid, 0)
            if not os.WIFSTOPPED(status):
                return None
            s = os.WSTOPSIG(status)
            if s in fatal:
                regs = (ctypes.c_ulong * 27)()
                info = (ctypes.c_ubyte * 128)()
                _ptrace(PTRACE_GETREGS, pid, None, ctypes.addressof(regs))
                _ptrace(PTRACE_GETSIGINFO, pid, None, ctypes.addressof(info))
                pc, sp = regs[16], regs[19]
                addr = int.from_bytes(bytes(info[16:24]), "little")
                maps = []
                for line in open("/proc/%d/maps" % pid):
                    f = line.split()
                    lo, hi = (int(x, 16) for x in f[0].split("-"))
                    maps.append((lo, hi, f[1], f[5] if len(f) > 5 else "", int(f[2], 16)))
                try:
                    with open("/proc/%d/mem" % pid, "rb") as m:
                        m.seek(sp)
                        top = int.from_bytes(m.read(8), "little")
                except (OSError, ValueError, OverflowError):
                    top = None
                result = (s, pc, addr, top, maps)
                break
            deliver = s if s != sig.SIGTRAP else 0  # the SIGTRAP of execve is ptrace's
            _ptrace(PTRACE_CONT, pid, None, deliver)
    finally:
        timer.cancel()
        try:
            os.kill(pid, sig.SIGKILL)
        except OSError:
            pass
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        p.returncode = -9
    return result


def where(run, loader_path, timeout):
    """Classifies a run that died by a signal: the loader's fault (PC inside the
    loader), the loader's bad jump (PC at a bad address, reached by a call from the
    loader: the return address on the stack is in the loader), or a fault in the
    program's own code after the handover."""
    site = crash_site(run, timeout)
    if site is None:
        return "signal", "did not crash again under ptrace"
    signo, pc, addr, top, maps = site

    def owner(a):
        for lo, hi, perms, path, off in maps:
            if a is not None and lo <= a < hi:
                return path or "[anon]", perms, a - lo + off
        return "unmapped", "", 0

    ldname = os.path.basename(loader_path)
    pcm, perms, pcoff = owner(pc)
    topm, _, topoff = owner(top)
    text = "signal %d at pc %#x (%s+%#x %s), fault address %#x, [sp] %s (%s+%#x)" % (
        signo, pc, os.path.basename(pcm), pcoff, perms, addr,
        "%#x" % top if top is not None else "?", os.path.basename(topm), topoff)
    if os.path.basename(pcm) == ldname and "x" in perms:
        return "loader-fault", text
    if (pc == addr or "x" not in perms) and os.path.basename(topm) == ldname:
        return "loader-bad-jump", text
    return "program-fault", text


def short_dir():
    """A directory with a short absolute path, for a PT_INTERP rewritten in place."""
    for base in ("/tmp", "/dev/shm"):
        try:
            d = tempfile.mkdtemp(prefix="dr", dir=base)
            if len(d) + 3 <= 27:
                return d
            shutil.rmtree(d)
        except OSError:
            pass
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dryad", required=True)
    ap.add_argument("--glibc", default="/lib64/ld-linux-x86-64.so.2")
    ap.add_argument("--objects", required=True)
    ap.add_argument("--expected", required=True)
    ap.add_argument("--work")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=float, default=10)
    ap.add_argument("--flips", type=int, default=40)
    ap.add_argument("--only", help="only variants whose class or description contains this")
    ap.add_argument("--list", action="store_true", help="list the variants and exit")
    ap.add_argument("--keep-failures", help="copy failing variants into this directory")
    ap.add_argument("--no-glibc", action="store_true")
    ap.add_argument("--probe", help="an interpreter that exits at once (probe.S)")
    ap.add_argument("--dlopen-prog", help="dlopen_main.c built with glibc: the dlopen role")
    a = ap.parse_args()

    dryad = os.path.realpath(a.dryad)
    glibc = os.path.realpath(a.glibc)
    expected = open(a.expected, "rb").read()
    expected_out = expected[:expected.rindex(b"--- exit 0")]
    work = os.path.realpath(a.work or os.environ.get("TEST_TMPDIR") or tempfile.mkdtemp())
    base = os.path.join(work, "base")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    for f in ("prog", "libmal.so"):
        shutil.copy(os.path.join(a.objects, f), base)
        os.chmod(os.path.join(base, f), 0o755)
    lib = open(os.path.join(base, "libmal.so"), "rb").read()
    dlprog = os.path.realpath(a.dlopen_prog) if a.dlopen_prog else None
    prog = open(os.path.join(base, "prog"), "rb").read()

    libv = [("lib",) + v for v in variants(lib, "libmal.so", a.flips)]
    progv = [("prog",) + v for v in variants(prog, "prog", a.flips)]
    allv = [v for v in libv + progv if not a.only or a.only in v[1] or a.only in v[2]]
    if a.list:
        for i, (obj, cls, desc, b) in enumerate(allv):
            print("%4d %-4s %-8s %s (%d bytes)" % (i, obj, cls, desc, len(b)))
        return 0

    # The direct role needs dryad at a path no longer than glibc's PT_INTERP.
    old_interp = b"/lib64/ld-linux-x86-64.so.2"
    sd = short_dir()
    new_interp = probe_interp = None
    if sd:
        import atexit
        atexit.register(shutil.rmtree, sd, True)
        os.symlink(dryad, os.path.join(sd, "ld"))
        new_interp = (sd + "/ld").encode()
        new_interp += b"\0" * (len(old_interp) - len(new_interp))
        if a.probe:
            os.symlink(os.path.realpath(a.probe), os.path.join(sd, "pr"))
            probe_interp = (sd + "/pr").encode()
            probe_interp += b"\0" * (len(old_interp) - len(probe_interp))

    runs = []
    vroot = os.path.join(work, "v")
    shutil.rmtree(vroot, ignore_errors=True)
    for i, (obj, cls, desc, b) in enumerate(allv):
        d = os.path.join(vroot, "%04d" % i)
        os.makedirs(d)
        vid = (i, obj, cls, desc)
        if obj == "lib":
            path = os.path.join(d, "libmal.so")
            open(path, "wb").write(b)
            for loader, ld in (("dryad", dryad), ("glibc", glibc)):
                runs.append(Run(vid, "needed", loader, [ld, base + "/prog"],
                                {"LD_LIBRARY_PATH": d}, base))
                runs.append(Run(vid, "preload", loader, [ld, base + "/prog"],
                                {"LD_PRELOAD": path}, base))
                if dlprog:
                    runs.append(Run(vid, "dlopen", loader, [ld, dlprog, path,
                                                            base + "/libmal.so"], {}, base))
        else:
            path = os.path.join(d, "prog")
            open(path, "wb").write(b)
            os.chmod(path, 0o755)
            os.symlink(base + "/libmal.so", os.path.join(d, "libmal.so"))
            for loader, ld in (("dryad", dryad), ("glibc", glibc)):
                runs.append(Run(vid, "program", loader, [ld, "./prog"], {}, d))
            runs.append(Run(vid, "direct", "glibc", ["./prog"], {}, d))
            if new_interp and old_interp in b:
                dd = os.path.join(d, "dryad")
                os.makedirs(dd)
                os.symlink(base + "/libmal.so", os.path.join(dd, "libmal.so"))
                bd = b.replace(old_interp, new_interp)
                open(os.path.join(dd, "prog"), "wb").write(bd)
                os.chmod(os.path.join(dd, "prog"), 0o755)
                runs.append(Run(vid, "direct", "dryad", ["./prog"], {}, dd))
    if a.no_glibc:
        runs = [r for r in runs if r.loader == "dryad"]

    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(max(1, a.jobs)) as ex:
        list(ex.map(lambda r: judge(execute(r, a.timeout), expected_out), runs))
    t1 = time.time()

    # A program that dies by a signal when run directly: the kernel may have killed
    # it while loading it. Run it with an interpreter that exits at once to know.
    if probe_interp:
        for r in runs:
            if r.role == "direct" and r.outcome == "signal":
                b = open(os.path.join(r.cwd, "prog"), "rb").read()
                pd = os.path.join(r.cwd, "probe")
                os.makedirs(pd, exist_ok=True)
                interp = new_interp if r.loader == "dryad" else old_interp
                open(os.path.join(pd, "prog"), "wb").write(b.replace(interp, probe_interp))
                os.chmod(os.path.join(pd, "prog"), 0o755)
                again = execute(Run(r.variant, r.role, r.loader, ["./prog"], {}, pd), a.timeout)
                if again.rc != 0:
                    r.outcome, r.detail = "kernel-kill", "also with an interpreter that exits at once"

    for r in runs:
        if r.outcome == "signal":
            r.outcome, r.detail = where(r, dryad if r.loader == "dryad" else glibc, a.timeout)

    # A status 127 after the program printed: under lazy binding a PLT entry is bound
    # at its first call, and an error found then (an undefined symbol, a target that
    # is no code) ends the program then, as with glibc. Bound at start-up
    # (LD_BIND_NOW=1) the same variant must not be half-done: whatever is wrong is
    # then reported before the program runs, or is no longer reached.
    for r in runs:
        if r.outcome == "half-done" and r.role != "dlopen":
            again = execute(Run(r.variant, r.role, r.loader, r.cmd,
                                dict(r.env, LD_BIND_NOW="1"), r.cwd), a.timeout)
            judge(again, expected_out)
            if again.outcome == "signal":
                again.outcome, again.detail = where(again, dryad if r.loader == "dryad"
                                                    else glibc, a.timeout)
            r.detail = "with LD_BIND_NOW=1: %s %s" % (again.outcome, again.detail)
            if again.outcome in ("clean-error", "ok", "other-output", "ok-with-stderr",
                                 "program-fault"):
                r.outcome = "lazy-binding-error"

    t2 = time.time()
    # ---- report
    roles = ["needed", "preload", "dlopen", "program", "direct"]
    print("malformed-object test: %d library variants, %d program variants, %d runs" %
          (sum(1 for v in allv if v[0] == "lib"), sum(1 for v in allv if v[0] == "prog"),
           len(runs)))
    if not dlprog:
        print("dlopen role: not run (no --dlopen-prog)")
    print("time: %.1fs running, %.1fs looking at crashes" % (t1 - t0, t2 - t1))
    if not new_interp:
        print("direct role under dryad: skipped (no short directory for PT_INTERP)")
    for loader in ("dryad", "glibc"):
        rs = [r for r in runs if r.loader == loader]
        if not rs:
            continue
        print("\n== %s: outcome per role" % loader)
        outcomes = sorted({r.outcome for r in rs})
        print("   %-16s" % "" + "".join("%9s" % x for x in roles))
        for o in outcomes:
            print("   %-16s" % o + "".join(
                "%9d" % sum(1 for r in rs if r.outcome == o and r.role == x) for x in roles))
        bad = [r for r in rs if r.outcome in ("signal", "hang", "loader-fault", "loader-bad-jump",
                                               "program-fault")]
        print("   killed by a signal or hung: %d of %d runs (%d variants)" %
              (len(bad), len(rs), len({r.variant[0] for r in bad})))
        classes = sorted({r.variant[2] for r in rs})
        print("   by mutation class: " + ", ".join(
            "%s %d/%d" % (c, sum(1 for r in bad if r.variant[2] == c),
                          sum(1 for r in rs if r.variant[2] == c)) for c in classes))

    failures = [r for r in runs if r.loader == "dryad" and r.outcome in DRYAD_FAILURES]
    known = [r for r in failures if (r.variant[1], r.variant[3], r.role) in KNOWN]
    failures = [r for r in failures if r not in known]
    stale = set(KNOWN) - {(r.variant[1], r.variant[3], r.role) for r in known}
    print("\n== dryad by mutation class and role (failures/runs)")
    for c in [g[0] for g in GENERATORS] + ["flip"]:
        cells = []
        for x in roles:
            rs = [r for r in runs if r.loader == "dryad" and r.variant[2] == c and r.role == x]
            if rs:
                cells.append("%s %d/%d" % (x, sum(1 for r in rs if r in failures), len(rs)))
        if cells:
            print("   %-8s %s" % (c, ", ".join(cells)))
    pf = [r for r in runs if r.loader == "dryad" and r.outcome == "program-fault"]
    if pf:
        print("\n== dryad: faults in the program's own code after a complete load (%d)" % len(pf))
        for r in pf[:12]:
            print("   %s %s [%s] %s: %s" % (r.variant[1], r.variant[2], r.variant[3], r.role,
                                          r.detail[:160]))
    # Where dryad refuses a variant that glibc runs to the original output: stricter
    # checks (informational; each is a damaged file, but glibc happens to cope).
    by_key = {(r.variant[0], r.role, r.loader): r for r in runs}
    stricter = [r for r in runs if r.loader == "dryad" and r.outcome == "clean-error" and
                getattr(by_key.get((r.variant[0], r.role, "glibc")), "outcome", "") == "ok"]
    if stricter:
        why = collections.Counter(r.err.decode("utf-8", "replace").strip().splitlines()[-1]
                                  .split(": ")[-1] for r in stricter)
        print("\n== dryad refuses, glibc runs to the original output: %d runs (%d variants)" %
              (len(stricter), len({r.variant[0] for r in stricter})))
        for w, n in why.most_common(12):
            print("   %4d  %s" % (n, w))
    print("\n== for the record: signals and hangs, per loader (variants / runs)")
    for loader, path in (("dryad", dryad), ("glibc", glibc)):
        rs = [r for r in runs if r.loader == loader]
        if not rs:
            continue
        def count(outcomes):
            sel = [r for r in rs if r.outcome in outcomes]
            return "%d/%d" % (len({r.variant[0] for r in sel}), len(sel))
        print("   %-5s (%s): in the loader %s, loader jumped to a bad address %s, "
              "in the program's code %s, unclassified %s, hung %s; killed by the kernel "
              "before any loader ran %s" % (
                  loader, path, count(("loader-fault",)), count(("loader-bad-jump",)),
                  count(("program-fault",)), count(("signal",)), count(("hang",)),
                  count(("kernel-kill",))))
    if known:
        print("\n== known dryad failures, not counted (%d): fixes belong outside this test" %
              len(known))
        for r in known:
            print("KNOWN %s#%d %s [%s] role %s: %s: %s" % (
                r.variant[1], r.variant[0], r.variant[2], r.variant[3], r.role,
                KNOWN[(r.variant[1], r.variant[3], r.role)], r.detail))
    for k in sorted(stale):
        if not a.only:
            print("KNOWN entry %s no longer fails: remove it from KNOWN" % (k,))
    if failures:
        print("\n== FAILURES (%d)" % len(failures))
        for r in failures:
            print("FAIL %s#%d %s [%s] role %s: %s rc=%s %s" % (
                r.variant[1], r.variant[0], r.variant[2], r.variant[3], r.role, r.outcome, r.rc,
                r.detail))
            for l in r.err.decode("utf-8", "replace").splitlines()[-3:]:
                print("     stderr| " + l)
            if a.keep_failures:
                os.makedirs(a.keep_failures, exist_ok=True)
                src = os.path.join(vroot, "%04d" % r.variant[0],
                                   "libmal.so" if r.variant[1] == "lib" else "prog")
                shutil.copy(src, os.path.join(a.keep_failures, "%s-%04d-%s" % (
                    r.variant[1], r.variant[0], r.variant[2])))
        print("%d dryad failures" % len(failures))
        return 1
    print("\nno dryad failures: no signal in dryad, no hang, every error clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
