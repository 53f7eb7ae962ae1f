"""Building dryad.so.1: core/ and interp/ compiled freestanding, linked with no libc.

Bazel's cc_binary would add -lstdc++, its own linker choice and startup files,
none of which an interpreter may have, so this is a genrule with exact flags.
"""

COPTS = [
    "-std=c11",
    "-D_GNU_SOURCE",
    "-O2",
    "-g",
    "-fPIC",
    "-ffreestanding",
    "-fvisibility=hidden",
    "-fno-stack-protector",
    "-fno-plt",
    "-fcf-protection=none",
    "-Wall",
    "-Wextra",
    "-Werror",
    "-Wno-unused-parameter",
]

LINKOPTS = [
    "-nostdlib",
    "-shared",
    "-Wl,-soname,ld-linux-x86-64.so.2",
    "-Wl,-e,_dryad_start",
    "-Wl,-Bsymbolic",
    "-Wl,-z,now",
    "-Wl,-z,relro",
    "-Wl,-z,noexecstack",
    "-Wl,--hash-style=both",
    "-Wl,--no-undefined",
    # .bss, .bss.arena, .bss.zbuffers: the small variables, then the allocator's first
    # chunk (interp/alloc.c), then the big static buffers (DR_BUFFER).
    "-Wl,--sort-section=name",
    # The binding cache's key names dryad's own build by this (interp/bindcache.c).
    "-Wl,--build-id=sha1",
]

# dryad's own RELATIVE relocations packed as DT_RELR (stage1.c applies them):
# a few words instead of 131 entries of 24 bytes. Each linker spells it its way.
TOOLCHAINS = {
    # GNU ld (bfd), with gcc.
    "bfd": "gcc -fuse-ld=bfd -fno-tree-loop-distribute-patterns -Wl,-z,pack-relative-relocs",
    # LLVM lld, with clang.
    "lld": "clang-14 -fuse-ld=lld -Wl,--pack-dyn-relocs=relr",
}

def dryad_interpreter(name, out, linker, srcs, version_script):
    native.genrule(
        name = name,
        srcs = srcs + [version_script],
        outs = [out],
        cmd = " ".join([
            TOOLCHAINS[linker],
            " ".join(COPTS + LINKOPTS),
            "-Wl,--version-script=$(location %s)" % version_script,
            "-o $@",
            "$$(for f in $(SRCS); do case $$f in *.c|*.S) echo $$f;; esac; done)",
            "-lgcc",
        ]),
        visibility = ["//visibility:public"],
    )
