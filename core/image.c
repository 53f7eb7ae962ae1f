/* core/image.c: bounds-checked translation from file addresses to memory. */
#include "image.h"

static bool seg_has(const Elf64_Phdr *p, uint64_t vaddr, uint64_t len, bool write, bool textrel) {
  if (p->p_type != PT_LOAD) return false;
  if (write && !(p->p_flags & PF_W) && !textrel) return false;
  /* A segment mapped without PROT_READ (or PROT_WRITE, which implies it) cannot be read:
   * no table may lie there. (PROT_EXEC alone can be execute-only, with protection keys.) */
  if (!write && !(p->p_flags & (PF_R | PF_W))) return false;
  return vaddr >= p->p_vaddr && dr_range_ok(vaddr - p->p_vaddr, len, p->p_memsz);
}

void *dr_image_ptr_slow(struct dr_image *im, uint64_t vaddr, uint64_t len, bool write) {
  for (uint16_t i = 0; i < im->phnum; i++) {
    if (seg_has(&im->phdr[i], vaddr, len, write, im->textrel)) {
      __atomic_store_n(&im->hint, &im->phdr[i], __ATOMIC_RELAXED);
      return (void *)(uintptr_t)(im->bias + vaddr);
    }
  }
  return 0;
}

bool dr_image_contains(const struct dr_image *im, uint64_t addr, uint64_t len) {
  uint64_t vaddr = addr - im->bias;
  for (uint16_t i = 0; i < im->phnum; i++) {
    const Elf64_Phdr *p = &im->phdr[i];
    /* Any loaded segment, readable or not (dladdr asks this of code addresses). */
    if (p->p_type == PT_LOAD && vaddr >= p->p_vaddr && dr_range_ok(vaddr - p->p_vaddr, len, p->p_memsz))
      return true;
  }
  return false;
}

bool dr_image_is_code_slow(struct dr_image *im, uint64_t vaddr) {
  for (uint16_t i = 0; i < im->phnum; i++) {
    const Elf64_Phdr *p = &im->phdr[i];
    if (p->p_type == PT_LOAD && (p->p_flags & PF_X) && vaddr >= p->p_vaddr && vaddr - p->p_vaddr < p->p_memsz) {
      __atomic_store_n(&im->code_hint, p, __ATOMIC_RELAXED);
      return true;
    }
  }
  return false;
}

bool dr_wseg_find(struct dr_image *im, struct dr_wseg *w, uint64_t off) {
  if (!dr_image_ptr(im, off, 8, true)) return false;
  const Elf64_Phdr *p = im->hint;
  w->lo = p->p_vaddr;
  w->starts = p->p_memsz - 7; /* p_memsz >= 8: the write just checked fits */
  return true;
}

uint64_t dr_image_avail(const struct dr_image *im, uint64_t vaddr) {
  for (uint16_t i = 0; i < im->phnum; i++) {
    const Elf64_Phdr *p = &im->phdr[i];
    if (p->p_type == PT_LOAD && vaddr >= p->p_vaddr && vaddr - p->p_vaddr < p->p_memsz)
      return p->p_memsz - (vaddr - p->p_vaddr);
  }
  return 0;
}
