#!/usr/bin/env python3
"""Walks through a GNU hash table (DT_GNU_HASH) the way a dynamic linker uses it.

Used to produce the worked example of docs/06-symbols.md. With no argument it
builds a small library exporting regcomp, regexec, regerror and regfree (the
four functions of libpcreposix.so.3) with gcc and GNU ld; with a path it reads
that ELF file instead. Then it prints the table's header, Bloom filter words,
buckets and chain words, and traces the lookup of each name given with -l
(default: the four exports and two names that are not there, one of which
the Bloom filter lets through).

Only the program headers and the dynamic section are read, as a loader would:
section headers are ignored.
"""
import os
import struct
import subprocess
import sys
import tempfile

LIB_SRC = """
int regcomp(void *r, const char *p, int f) { return 0; }
int regexec(const void *r, const char *s, unsigned long n, void *m, int f) { return 1; }
unsigned long regerror(int e, const void *r, char *b, unsigned long n) { return 0; }
void regfree(void *r) { }
"""


def gnu_hash(name):
    h = 5381
    for c in name.encode():
        h = (h * 33 + c) & 0xffffffff
    return h


class Elf:
    def __init__(self, data):
        self.d = data
        (phoff,) = struct.unpack_from("<Q", data, 32)
        (phentsize, phnum) = struct.unpack_from("<HH", data, 54)
        self.loads = []
        self.dynamic = None
        for i in range(phnum):
            p_type, p_flags, p_offset, p_vaddr, _, p_filesz, p_memsz, _ = struct.unpack_from(
                "<IIQQQQQQ", data, phoff + i * phentsize)
            if p_type == 1:
                self.loads.append((p_vaddr, p_offset, p_filesz))
            elif p_type == 2:
                self.dynamic = (p_offset, p_filesz)
        self.dyn = {}
        off, size = self.dynamic
        for k in range(size // 16):
            tag, val = struct.unpack_from("<qQ", data, off + 16 * k)
            if tag == 0:
                break
            self.dyn.setdefault(tag, val)

    def off(self, vaddr):
        for v, o, fs in self.loads:
            if v <= vaddr < v + fs:
                return o + (vaddr - v)
        raise ValueError("address %#x not in the file" % vaddr)

    def u32(self, vaddr):
        return struct.unpack_from("<I", self.d, self.off(vaddr))[0]

    def u64(self, vaddr):
        return struct.unpack_from("<Q", self.d, self.off(vaddr))[0]

    def sym_name(self, i):
        st_name = struct.unpack_from("<I", self.d, self.off(self.dyn[6] + 24 * i))[0]
        s = self.off(self.dyn[5] + st_name)
        return self.d[s:self.d.index(b"\0", s)].decode()


def main(argv):
    names = []
    path = None
    args = list(argv[1:])
    while args:
        a = args.pop(0)
        if a == "-l":
            names.append(args.pop(0))
        else:
            path = a
    tmp = None
    if path is None:
        tmp = tempfile.mkdtemp()
        src = os.path.join(tmp, "posix.c")
        path = os.path.join(tmp, "libposix.so")
        with open(src, "w") as f:
            f.write(LIB_SRC)
        subprocess.check_call(["gcc", "-O2", "-fPIC", "-shared", "-nostdlib", "-fuse-ld=bfd",
                               "-Wl,--hash-style=gnu", "-o", path, src])
        print("built %s with gcc and GNU ld (%s)" % (
            os.path.basename(path),
            subprocess.check_output(["ld", "--version"]).decode().splitlines()[0]))
    if not names:
        names = ["regcomp", "regexec", "regerror", "regfree", "regmatch", "perror"]
    e = Elf(open(path, "rb").read())
    DT_GNU_HASH = 0x6ffffef5
    base = e.dyn[DT_GNU_HASH]
    nbuckets, symoffset, bloom_size, bloom_shift = (e.u32(base + 4 * k) for k in range(4))
    print("header: nbuckets=%d symoffset=%d bloom_size=%d bloom_shift=%d" %
          (nbuckets, symoffset, bloom_size, bloom_shift))
    bloom = [e.u64(base + 16 + 8 * k) for k in range(bloom_size)]
    for k, w in enumerate(bloom):
        bits = [b for b in range(64) if (w >> b) & 1]
        print("bloom[%d] = %#018x  (bits set: %s)" % (k, w, bits))
    bat = base + 16 + 8 * bloom_size
    buckets = [e.u32(bat + 4 * k) for k in range(nbuckets)]
    print("buckets = %s" % buckets)
    cat = bat + 4 * nbuckets
    last = max(buckets)
    i = last
    while not e.u32(cat + 4 * (i - symoffset)) & 1:
        i += 1
    nsyms = i + 1
    print("symbols %d..%d are hashed (the chain of bucket %d ends at %d)" %
          (symoffset, nsyms - 1, buckets.index(last), i))
    for s in range(symoffset, nsyms):
        c = e.u32(cat + 4 * (s - symoffset))
        print("  chain[%d] (symbol %d %-10s) = %#010x  hash %#010x, end=%d" %
              (s - symoffset, s, e.sym_name(s), c, gnu_hash(e.sym_name(s)), c & 1))
    for name in names:
        h = gnu_hash(name)
        word = (h // 64) % bloom_size
        b1, b2 = h % 64, (h >> bloom_shift) % 64
        w = bloom[word]
        print("\nlookup %s: hash = %#010x = %d" % (name, h, h))
        print("  Bloom word (h / 64) mod %d = %d; bits h mod 64 = %d and (h >> %d) mod 64 = %d"
              % (bloom_size, word, b1, bloom_shift, b2))
        print("  bit %d is %d, bit %d is %d" % (b1, (w >> b1) & 1, b2, (w >> b2) & 1))
        if not ((w >> b1) & (w >> b2) & 1):
            print("  -> rejected by the Bloom filter: not defined here")
            continue
        bk = h % nbuckets
        s = buckets[bk]
        print("  bucket h mod %d = %d -> first symbol %d" % (nbuckets, bk, s))
        if s == 0:
            print("  -> empty bucket: not defined here")
            continue
        while True:
            c = e.u32(cat + 4 * (s - symoffset))
            same = (c | 1) == (h | 1)
            print("  symbol %d: chain word %#010x, hash %s" % (s, c, "matches" if same else "differs"))
            if same and e.sym_name(s) == name:
                print("  -> found: symbol %d, name compared equal" % s)
                break
            if c & 1:
                print("  -> end of chain: not defined here")
                break
            s += 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
