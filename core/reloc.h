/* core/reloc.h: the x86-64 relocation engine.
 *
 * It applies RELA and RELR relocations to an image, asking the caller (interp/)
 * for what only the running process knows: where a symbol is defined, the TLS
 * module and offset of an object, the result of an IFUNC resolver. Every target
 * address, symbol index, type and size is checked first; a relocation that would
 * write outside a writable loaded segment is an error, never a write.
 * Book: docs/07-relocations.md.
 */
#ifndef DRYAD_CORE_RELOC_H
#define DRYAD_CORE_RELOC_H

#include "dynamic.h"

/* What the caller found for a relocation's symbol. */
struct dr_symval {
  bool found;             /* false: undefined (an error unless the reference is weak) */
  uint64_t addr;          /* run-time address of the definition (bias + st_value) */
  uint64_t size;          /* st_size of the definition (COPY) */
  bool ifunc;             /* STT_GNU_IFUNC definition: addr is its resolver */
  uint64_t tls_modid;     /* the defining object's TLS module id (TLS types) */
  int64_t tls_tpoff;      /* its block's offset from the thread pointer, if static */
  uint64_t st_value;      /* raw st_value (TLS types: offset inside the block) */
  bool tls_dynamic;       /* the block is allocated per thread on first use (dlopen) */
};

struct dr_reloc_ops {
  void *arg;
  /* Resolves symbol SYMIDX of this object for relocation TYPE. Returns NULL or an error. */
  const char *(*resolve)(void *arg, uint32_t symidx, uint32_t type, struct dr_symval *out);
  /* Calls an IFUNC resolver at ADDR and returns the function it picks. */
  uint64_t (*call_ifunc)(void *arg, uint64_t resolver);
  /* The address TLSDESC slots point to for a static-TLS definition. */
  uint64_t tlsdesc_static;
  /* For a dynamic-TLS definition: the entry point, and the descriptor argument
   * ({module, offset}, kept by the caller) for MODID and OFFSET. */
  uint64_t tlsdesc_dynamic;
  uint64_t (*tlsdesc_arg)(void *arg, uint64_t modid, uint64_t offset);
  /* Entries applied already (by worker threads ahead of the serial pass): bit i
   * of DONE stands for DONE_BASE[i], i < DONE_N. NULL: none. */
  const uint64_t *done;
  const Elf64_Rela *done_base;
  uint64_t done_n;
};

/* The word a GLOB_DAT, JUMP_SLOT or R_X86_64_64 entry stores for the definition
 * S found (an IFUNC's choice already made; undefined weak: S found false) and
 * addend A. GLOB_DAT and JUMP_SLOT: S alone, the psABI has no addend there and
 * glibc ignores r_addend. Shared by core/reloc.c's passes and parallel.c's
 * replay ahead of them. */
static inline uint64_t dr_reloc_word(uint32_t type, const struct dr_symval *s, uint64_t S, uint64_t A) {
  return type == R_X86_64_64 ? (s->found ? S + A : A) : (s->found ? S : 0);
}

/* The same for the static-TLS types DTPMOD64, DTPOFF64 and TPOFF64. */
static inline uint64_t dr_reloc_tls_word(uint32_t type, const struct dr_symval *s, uint64_t A) {
  if (type == R_X86_64_DTPMOD64) return s->found ? s->tls_modid : 0;
  return s->st_value + A + (type == R_X86_64_TPOFF64 ? (uint64_t)s->tls_tpoff : 0);
}

/* Applies N RELA entries, IRELATIVE ones last. Returns NULL or an error; *bad (may be
 * NULL) gets the index of the failing entry. JUMP_SLOT is bound here too (the eager path). */
const char *dr_apply_rela(struct dr_image *im, const struct dr_dynamic *d,
                          const Elf64_Rela *rela, uint64_t n, const struct dr_reloc_ops *ops,
                          uint64_t *bad);

/* Lazy path for DT_JMPREL: each JUMP_SLOT gets the bias added to its PLT
 * address; IRELATIVE (last) and TLSDESC entries are applied now, as glibc does. */
const char *dr_apply_jmprel_lazy(struct dr_image *im, const struct dr_dynamic *d,
                                 const Elf64_Rela *rela, uint64_t n,
                                 const struct dr_reloc_ops *ops);

/* How many DT_RELA entries are DT_RELA's own: a DT_RELA that ends with DT_JMPREL
 * (some linkers cover both) is cut short there, as glibc cuts it. */
uint64_t dr_rela_own(const struct dr_dynamic *d);

/* Applies the R_X86_64_RELATIVE entries at the start of RELA[0..n) and sets *done to
 * how many; stops at the first entry of another type (parallel.c's fast path). */
const char *dr_apply_relative(struct dr_image *im, const Elf64_Rela *rela, uint64_t n,
                              uint64_t *done);

/* The same for entries DT_RELACOUNT says are RELATIVE, without looking at their
 * types, as glibc does: a wrong count makes dryad write bias + addend where
 * another type was meant, a value a RELATIVE entry could have written there
 * too. Each target is checked all the same. */
const char *dr_apply_relative_counted(struct dr_image *im, const Elf64_Rela *rela, uint64_t n,
                                      uint64_t *done);

/* Applies DT_RELR: every listed word gets the load bias added. */
const char *dr_apply_relr(struct dr_image *im, const uint64_t *relr, uint64_t n);

/* Number of RELATIVE-like relocations (RELATIVE + RELR words) and the rest,
 * for statistics and the decision to go parallel. */
void dr_count_relocs(const struct dr_dynamic *d, uint64_t *relative, uint64_t *symbolic);

/* Name of relocation type T, for messages ("R_X86_64_64"), or NULL. */
const char *dr_reloc_name(uint32_t t);

#endif
