/* interp/stage1.c: dryad relocating itself (book: docs/03-entry.md).
 *
 * When _dryad_start calls dryad_stage1, nothing of dryad is relocated yet:
 * every pointer stored in its data still holds a file address. Code in this
 * file may therefore only call static functions of this file, read its
 * arguments and locals, and reach dryad's own symbols PC-relatively
 * (__ehdr_start, _DYNAMIC: hidden, resolved by the static linker). It must not
 * read a global that holds a pointer, call through the GOT or use a string
 * table of pointers. Once self_relocate() returns, dryad_main is reached through
 * a laundered function pointer, so the compiler cannot hoist any load of a
 * relocated value (a GOT entry, a pointer in .data) above the relocation.
 */
#include "arch/x86_64/syscall.h"
#include "arch/x86_64/touch.h"
#include "dryad.h"

extern const Elf64_Ehdr __ehdr_start DR_HIDDEN;
extern Elf64_Dyn _DYNAMIC[] DR_HIDDEN;

uint64_t dryad_main(uint64_t *sp, uint64_t **new_sp) DR_HIDDEN;
uint64_t dryad_stage1(uint64_t *sp, uint64_t **new_sp) DR_HIDDEN;

/* dryad is linked -z now, -Bsymbolic, with hidden visibility by default: its
 * relocations are RELATIVE (or RELR) plus GLOB_DAT/64/JUMP_SLOT against its
 * own defined exports, which need no lookup either. */
static void self_relocate(uint64_t base, const Elf64_Dyn *dyn) {
  const Elf64_Rela *rela = 0, *jmprel = 0;
  const uint64_t *relr = 0;
  const Elf64_Sym *symtab = 0;
  uint64_t relasz = 0, pltrelsz = 0, relrsz = 0;
  for (; dyn->d_tag != DT_NULL; dyn++) {
    switch (dyn->d_tag) {
      case DT_RELA: rela = (const Elf64_Rela *)(base + dyn->d_un.d_ptr); break;
      case DT_RELASZ: relasz = dyn->d_un.d_val; break;
      case DT_JMPREL: jmprel = (const Elf64_Rela *)(base + dyn->d_un.d_ptr); break;
      case DT_PLTRELSZ: pltrelsz = dyn->d_un.d_val; break;
      case DT_RELR: relr = (const uint64_t *)(base + dyn->d_un.d_ptr); break;
      case DT_RELRSZ: relrsz = dyn->d_un.d_val; break;
      case DT_SYMTAB: symtab = (const Elf64_Sym *)(base + dyn->d_un.d_ptr); break;
      default: break;
    }
  }
  for (int pass = 0; pass < 2; pass++) {
    const Elf64_Rela *r = pass ? jmprel : rela;
    uint64_t n = (pass ? pltrelsz : relasz) / sizeof(Elf64_Rela);
    for (uint64_t i = 0; r && i < n; i++) {
      uint64_t *where = (uint64_t *)(base + r[i].r_offset);
      uint32_t type = ELF64_R_TYPE(r[i].r_info);
      if (type == R_X86_64_RELATIVE)
        *where = base + (uint64_t)r[i].r_addend;
      else if (type == R_X86_64_GLOB_DAT || type == R_X86_64_JUMP_SLOT || type == R_X86_64_64)
        *where = base + symtab[ELF64_R_SYM(r[i].r_info)].st_value + (uint64_t)r[i].r_addend;
    }
  }
  uint64_t *where = 0;
  for (uint64_t i = 0; relr && i < relrsz / 8; i++) {
    if ((relr[i] & 1) == 0) {
      where = (uint64_t *)(base + relr[i]);
      *where++ += base;
    } else {
      for (uint64_t b = relr[i] >> 1; b; b &= b - 1) where[__builtin_ctzll(b)] += base;
      where += 63;
    }
  }
}

uint64_t dryad_stage1(uint64_t *sp, uint64_t **new_sp) {
  /* .dynamic shares its RELRO page with the data relocated below. */
  dr_touch_for_write(_DYNAMIC);
  self_relocate((uint64_t)&__ehdr_start, _DYNAMIC);
  uint64_t (*next)(uint64_t *, uint64_t **) = dryad_main;
  dr_launder(next);
  return next(sp, new_sp);
}
