/* core/image.h: an object as it lies in memory once its PT_LOAD segments are mapped.
 *
 * File addresses (p_vaddr, d_ptr, st_value, r_offset) and run-time addresses
 * are kept apart: only dr_image_ptr() turns one into the other, adding the
 * load bias after checking that the whole range lies inside one loaded
 * segment. Nothing read from the object is trusted. Book: docs/05-mapping.md.
 */
#ifndef DRYAD_CORE_IMAGE_H
#define DRYAD_CORE_IMAGE_H

#include "base.h"

struct dr_image {
  uint64_t bias;            /* run-time address = bias + file address */
  const Elf64_Phdr *phdr;   /* program headers (in memory, outlive the file mapping) */
  uint16_t phnum;
  bool textrel;             /* DT_TEXTREL: relocations may write read-only segments */
  /* Last segment hit: relocations come in address order, so this saves the scan. */
  const Elf64_Phdr *hint;
  /* The executable segment found last (dr_image_is_code): IRELATIVE resolvers. */
  const Elf64_Phdr *code_hint;
};

/* Run-time address of [vaddr, vaddr+len) if it lies within one PT_LOAD's
 * p_memsz, else NULL. WRITE asks for a segment a relocation may write. */
void *dr_image_ptr_slow(struct dr_image *im, uint64_t vaddr, uint64_t len, bool write);

/* The common case inline: the range lies in the segment hit last, which is
 * readable (or writable, for WRITE) by its own flags. Only one word, the hint
 * pointer, is read from the image, so a hint changed by another thread (lazy
 * binding) is seen whole or not at all. Anything else takes the full scan. */
static inline void *dr_image_ptr(struct dr_image *im, uint64_t vaddr, uint64_t len, bool write) {
  const Elf64_Phdr *p = __atomic_load_n(&im->hint, __ATOMIC_RELAXED);
  if (p) {
    uint64_t off = vaddr - p->p_vaddr;
    if (off < p->p_memsz && len <= p->p_memsz - off &&
        (p->p_flags & (write ? PF_W : PF_R | PF_W)))
      return (void *)(uintptr_t)(im->bias + vaddr);
  }
  return dr_image_ptr_slow(im, vaddr, len, write);
}

/* The writable segment a run of relocations falls in, so that the common case
 * (one entry after another into the same segment) costs one compare, not a
 * scan: an 8-byte write at file address OFF is inside when OFF - lo < starts
 * (0 starts: empty). dr_wseg_find looks OFF up and sets it. */
struct dr_wseg {
  uint64_t lo, starts;
};

bool dr_wseg_find(struct dr_image *im, struct dr_wseg *w, uint64_t off);

static inline bool dr_in_wseg(struct dr_image *im, struct dr_wseg *w, uint64_t off) {
  return __builtin_expect(off - w->lo < w->starts, 1) || dr_wseg_find(im, w, off);
}

/* Bytes from file address VADDR to the end of the PT_LOAD holding it (0 if none). */
uint64_t dr_image_avail(const struct dr_image *im, uint64_t vaddr);

/* Whether file address VADDR lies in an executable PT_LOAD (code dryad may call):
 * the segment found last inline (one word read, as dr_image_ptr's hint), a scan
 * otherwise. */
bool dr_image_is_code_slow(struct dr_image *im, uint64_t vaddr);

static inline bool dr_image_is_code(struct dr_image *im, uint64_t vaddr) {
  const Elf64_Phdr *h = __atomic_load_n(&im->code_hint, __ATOMIC_RELAXED);
  return (h && vaddr - h->p_vaddr < h->p_memsz) || dr_image_is_code_slow(im, vaddr);
}

/* Same question for a run-time address (for pointers handed around at run time). */
bool dr_image_contains(const struct dr_image *im, uint64_t addr, uint64_t len);

#endif
