#!/usr/bin/env python3
"""elfpatch.py: edit entries of an ELF64 little-endian file's dynamic section in place.

Some loader rules can only be reached with dynamic entries no linker writes on its
own (DF_1_NOW without DF_BIND_NOW, DT_SYMBOLIC without link-time binding, DT_RPATH
and DT_RUNPATH with different values, two DT_NEEDED of one name). The scenarios
link with a stand-in entry and rewrite it here. Operations, applied in order:

  --retag FROM TO        the first entry tagged FROM gets tag TO
  --set-bits TAG MASK    d_val |= MASK in the first entry tagged TAG
  --clear-bits TAG MASK  d_val &= ~MASK in the first entry tagged TAG
  --add TAG DELTA        d_val += DELTA in the first entry tagged TAG

TAG is a number or a name from the table below; MASK and DELTA are numbers.
Fails (exit 1) when an entry is missing, so a scenario cannot silently lose its point.
"""
import struct
import sys

TAGS = {
    "DT_NULL": 0, "DT_NEEDED": 1, "DT_DEBUG": 21, "DT_SONAME": 14, "DT_RPATH": 15,
    "DT_SYMBOLIC": 16, "DT_BIND_NOW": 24, "DT_FLAGS": 30, "DT_RUNPATH": 29,
    "DT_FLAGS_1": 0x6FFFFFFB,
}


def tag(s):
    return TAGS[s] if s in TAGS else int(s, 0)


def dynamic_entries(data):
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit("elfpatch: not an ELF64 little-endian file")
    e_phoff, = struct.unpack_from("<Q", data, 0x20)
    e_phentsize, e_phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(e_phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from(
            "<IIQQQQ", data, e_phoff + i * e_phentsize)
        if p_type == 2:  # PT_DYNAMIC
            return [p_offset + 16 * k for k in range(p_filesz // 16)]
    sys.exit("elfpatch: no PT_DYNAMIC")


def main(argv):
    path, ops = argv[1], argv[2:]
    with open(path, "rb") as f:
        data = bytearray(f.read())
    entries = dynamic_entries(data)

    def find(t):
        for off in entries:
            d_tag, = struct.unpack_from("<q", data, off)
            if d_tag == t:
                return off
            if d_tag == 0:
                break
        sys.exit("elfpatch: %s: no dynamic entry with tag %#x" % (path, t))

    while ops:
        op, a, b = ops[0], tag(ops[1]), int(ops[2], 0) if ops[0] != "--retag" else tag(ops[2])
        ops = ops[3:]
        off = find(a)
        d_val, = struct.unpack_from("<Q", data, off + 8)
        if op == "--retag":
            struct.pack_into("<q", data, off, b)
        elif op == "--set-bits":
            struct.pack_into("<Q", data, off + 8, d_val | b)
        elif op == "--clear-bits":
            struct.pack_into("<Q", data, off + 8, d_val & ~b)
        elif op == "--add":
            struct.pack_into("<Q", data, off + 8, (d_val + b) & (2**64 - 1))
        else:
            sys.exit("elfpatch: unknown operation " + op)
    with open(path, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main(sys.argv)
