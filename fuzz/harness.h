/* fuzz/harness.h: turning fuzzer bytes into an object core/ can work on.
 *
 * The input is taken as an ELF file; its PT_LOAD segments are copied into one
 * heap buffer at their p_vaddr offsets (as interp/load.c maps them), so every
 * check in core/ runs against exactly the bytes a loader would have mapped.
 * ASan turns any read or write outside them into a crash.
 */
#ifndef DRYAD_FUZZ_HARNESS_H
#define DRYAD_FUZZ_HARNESS_H

#include <sanitizer/asan_interface.h>
#include <stdlib.h>
#include <string.h>

#include "core/dynamic.h"
#include "core/elf_file.h"
#include "core/version.h"

struct fz_object {
  struct dr_elf_file file;
  uint8_t *mem;           /* the "mapped" image: [vaddr_lo, vaddr_hi) */
  struct dr_image image;
  struct dr_dynamic dyn;
  struct dr_version *versions;
  uint32_t nversions;
  struct dr_verdef *verdefs; /* DT_VERDEF as a table, as dryad keeps it */
  size_t nverdefs;
};

/* An exact-size heap copy of DATA[0..SIZE), so ASan sees any read past its end
 * (and the copy is aligned as malloc aligns, as a mapped file would be). */
static inline uint8_t *fz_dup(const uint8_t *data, size_t size) {
  uint8_t *p = malloc(size ? size : 1);
  if (p && size) memcpy(p, data, size);
  return p;
}

/* The span is capped so a fuzzed p_memsz cannot ask for gigabytes. */
#define FZ_MAX_SPAN (64u << 20)

/* interp/load.c reserves the whole span PROT_NONE, then maps each PT_LOAD over it
 * in order, page by page, with its own protections: a page no segment covers, or
 * whose last segment has neither PF_R nor PF_W, cannot be read. Such pages are
 * poisoned, so ASan reports any read of them as dryad's loader would fault
 * (POISON false: unpoisoned, before the image is freed). With DT_TEXTREL,
 * interp/relocate.c adds PROT_WRITE to every segment while relocating: TEXTREL
 * true leaves every mapped page readable. */
static inline void fz_protect(struct fz_object *o, bool poison, bool textrel) {
  uint64_t lo = o->file.vaddr_lo, npages = (o->file.vaddr_hi - lo) / 4096;
  if (!poison) {
    ASAN_UNPOISON_MEMORY_REGION(o->mem, npages * 4096);
    return;
  }
  uint8_t *readable = calloc(npages ? npages : 1, 1);
  if (!readable) return;
  /* PT_LOADs are ascending and do not overlap (dr_elf_check_file), so this is
   * linear in pages plus segments. */
  for (uint16_t i = 0; i < o->file.phnum; i++) {
    const Elf64_Phdr *p = &o->file.phdr[i];
    if (p->p_type != PT_LOAD || p->p_memsz == 0) continue;
    uint64_t s = ((p->p_vaddr & ~4095ULL) - lo) / 4096;
    uint64_t e = (((p->p_vaddr + p->p_memsz + 4095) & ~4095ULL) - lo) / 4096;
    for (uint64_t pg = s; pg < e && pg < npages; pg++)
      readable[pg] = textrel || (p->p_flags & (PF_R | PF_W)) != 0;
  }
  for (uint64_t pg = 0; pg < npages; pg++)
    if (!readable[pg]) ASAN_POISON_MEMORY_REGION(o->mem + pg * 4096, 4096);
  free(readable);
}

/* Returns 0 if the input got as far as a parsed dynamic section and version table. */
static inline int fz_load(struct fz_object *o, const uint8_t *data, size_t size) {
  memset(o, 0, sizeof *o);
  struct dr_bytes bytes = {data, size};
  if (dr_elf_check_file(&bytes, 4096, &o->file)) return -1;
  uint64_t span = o->file.vaddr_hi - o->file.vaddr_lo;
  if (span > FZ_MAX_SPAN || !o->file.dynamic) return -1;
  o->mem = calloc(1, span);
  if (!o->mem) return -1;
  for (uint16_t i = 0; i < o->file.phnum; i++) {
    const Elf64_Phdr *p = &o->file.phdr[i];
    if (p->p_type == PT_LOAD && p->p_memsz && p->p_filesz)
      memcpy(o->mem + (p->p_vaddr - o->file.vaddr_lo), data + p->p_offset, p->p_filesz);
  }
  fz_protect(o, true, false);
  o->image.bias = (uint64_t)(uintptr_t)o->mem - o->file.vaddr_lo;
  o->image.phdr = o->file.phdr;
  o->image.phnum = o->file.phnum;
  if (dr_dynamic_parse(&o->image, o->file.dynamic->p_vaddr, o->file.dynamic->p_memsz, &o->dyn))
    return -1;
  o->image.textrel = o->dyn.textrel;
  if (o->dyn.textrel) {
    fz_protect(o, false, false);
    fz_protect(o, true, true);
  }
  /* The tables dryad builds (interp/load.c): one walk to size them, one to fill. */
  size_t nd = 0;
  long n = dr_versions_tables(&o->image, &o->dyn, 0, 0, 0, 0, &nd);
  if (n < 0) return -1;
  o->versions = calloc(n ? (size_t)n : 1, sizeof *o->versions);
  o->verdefs = calloc(nd ? nd : 1, sizeof *o->verdefs);
  if (!o->versions || !o->verdefs) return -1;
  o->nversions = (uint32_t)n;
  if (dr_versions_tables(&o->image, &o->dyn, o->versions, (size_t)n, o->verdefs, nd, &o->nverdefs) != n ||
      o->nverdefs != nd)
    __builtin_trap();
  /* dr_versions_fill, the walk of each chain on its own, must give the same table. */
  struct dr_version *oracle = calloc(n ? (size_t)n : 1, sizeof *oracle);
  if (!oracle) return -1;
  if (n && dr_versions_fill(&o->image, &o->dyn, oracle, (size_t)n)) __builtin_trap();
  for (long i = 0; i < n; i++)
    if (oracle[i].name != o->versions[i].name || oracle[i].hash != o->versions[i].hash ||
        oracle[i].hidden != o->versions[i].hidden || oracle[i].filename != o->versions[i].filename)
      __builtin_trap();
  free(oracle);
  return 0;
}

/* Whether O defines version NAME: dryad's table lookup, checked against a walk of
 * the chain (dr_versions_defines). */
static inline bool fz_defines(struct fz_object *o, const char *name, uint32_t hash) {
  bool found = dr_verdefs_have(o->verdefs, o->nverdefs, name, hash);
  if (found != dr_versions_defines(&o->image, &o->dyn, name, hash)) __builtin_trap();
  return found;
}

static inline void fz_free(struct fz_object *o) {
  if (o->mem) fz_protect(o, false, false);
  free(o->mem);
  free(o->versions);
  free(o->verdefs);
}

#endif
