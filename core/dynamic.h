/* core/dynamic.h: the dynamic section, read once and checked against the image.
 *
 * Every table the dynamic section points at (strings, symbols, hash tables,
 * versions, relocations, init/fini arrays) is located and bounds-checked here,
 * so the rest of the linker works on pointers known to be inside the object.
 * Book: docs/06-symbols.md and docs/07-relocations.md.
 */
#ifndef DRYAD_CORE_DYNAMIC_H
#define DRYAD_CORE_DYNAMIC_H

#include "image.h"

/* DT_RELR and friends are newer than some <elf.h> copies. */
#ifndef DT_RELR
#define DT_RELRSZ 35
#define DT_RELR 36
#define DT_RELRENT 37
#endif

struct dr_gnu_hash {
  uint32_t nbuckets, symoffset, bloom_size, bloom_shift;
  const uint64_t *bloom;
  const uint32_t *buckets;
  const uint32_t *chains;   /* chains[i] describes symbol symoffset + i */
};

struct dr_sysv_hash {
  uint32_t nbucket, nchain;
  const uint32_t *buckets;
  const uint32_t *chains;
};

struct dr_dynamic {
  const Elf64_Dyn *dyn;
  size_t ndyn;                 /* entries before DT_NULL */
  const char *strtab;
  uint64_t strsz;
  const Elf64_Sym *symtab;
  uint32_t nsyms;              /* derived from the hash tables: what lookups may visit */
  uint32_t nsymtab;            /* entries a relocation may name: >= nsyms, bounded by the
                                  segment (and by DT_STRTAB when it follows DT_SYMTAB) */
  uint32_t nversym;            /* DT_VERSYM entries readable, <= nsymtab */
  struct dr_gnu_hash gnu;      /* nbuckets == 0 if absent */
  struct dr_sysv_hash sysv;    /* nbucket == 0 if absent */
  const Elf64_Half *versym;    /* NULL if absent; nversym entries */
  const Elf64_Verdef *verdef;
  uint64_t verdefnum;
  const Elf64_Verneed *verneed;
  uint64_t verneednum;
  uint64_t verdef_vaddr, verneed_vaddr;
  const Elf64_Rela *rela;
  uint64_t nrela;
  uint64_t relacount;          /* DT_RELACOUNT, <= nrela (0 if absent): a hint, how many
                                  leading entries are R_X86_64_RELATIVE; checked as used */
  const Elf64_Rela *jmprel;
  uint64_t njmprel;
  const uint64_t *relr;
  uint64_t nrelr;
  uint64_t pltgot;             /* file address of the GOT.PLT, 0 if none */
  uint64_t init, fini;         /* file addresses, 0 if none */
  const uint64_t *init_array, *fini_array, *preinit_array;
  uint64_t ninit_array, nfini_array, npreinit_array;
  uint64_t soname, rpath, runpath; /* strtab offsets, UINT64_MAX if absent */
  uint64_t flags, flags_1;
  bool symbolic, textrel, bind_now;
  uint64_t debug_index;        /* index of the DT_DEBUG entry, UINT64_MAX if none */
};

/* Parses the dynamic section at file address [vaddr, vaddr+size). Returns NULL
 * on success or an error message. */
const char *dr_dynamic_parse(struct dr_image *im, uint64_t vaddr, uint64_t size,
                             struct dr_dynamic *out);

/* The NUL-terminated string at OFF in DT_STRTAB, or NULL if it does not end inside it. */
static inline const char *dr_dyn_str(const struct dr_dynamic *d, uint64_t off) {
  /* strtab[strsz-1] is NUL (checked at parse), so the string ends inside. */
  return off < d->strsz ? d->strtab + off : 0;
}

/* Iterates DT_NEEDED: *i starts at 0; returns the next name or NULL at the end.
 * A needed name outside the string table is reported through *bad. */
const char *dr_dyn_next_needed(const struct dr_dynamic *d, size_t *i, bool *bad);

#endif
