# A program whose first PT_LOAD lost its flags (mapped PROT_NONE) run under each
# loader as its PT_INTERP: docs/05-mapping.md, "The program the kernel mapped".
. "$EXAMPLES/lib.sh"
cc prog hello.c
python3 - <<'PY'
import struct
b = bytearray(open("prog", "rb").read())
phoff, = struct.unpack_from("<Q", b, 32)
phnum, = struct.unpack_from("<H", b, 56)
for i in range(phnum):
    if struct.unpack_from("<I", b, phoff + 56 * i)[0] == 1:  # the first PT_LOAD
        struct.pack_into("<I", b, phoff + 56 * i + 4, 0)      # p_flags = 0
        break
open("prog", "wb").write(b)
PY
cp prog prog-glibc
patchelf --set-interpreter "$PWD/bazel-bin/interp/dryad.so.1" prog
run './prog; echo "exit status $?"'
run 'sh -c ./prog-glibc; echo "exit status $?"'
