/* core/tls.h: laying out the static TLS block (x86-64 TLS variant II).
 *
 * The thread pointer (%fs:0) points at the thread control block; the initial
 * objects' TLS blocks lie below it, the first module closest. Offsets are the
 * same as glibc's _dl_determine_tlsoffset computes, gaps reused the same way,
 * so a process image matches glibc's. Book: docs/09-tls.md.
 */
#ifndef DRYAD_CORE_TLS_H
#define DRYAD_CORE_TLS_H

#include "base.h"

struct dr_tls_block {
  uint64_t blocksize;   /* PT_TLS p_memsz */
  uint64_t align;       /* PT_TLS p_align (0 and 1 mean unaligned) */
  uint64_t firstbyte;   /* p_vaddr mod p_align: the block's first byte offset */
  uint64_t offset;      /* out: the block starts at tp - offset */
};

/* Lays out blocks in order. *used gets the bytes used below the thread pointer,
 * *max_align the largest alignment (at least min_align). Returns false on overflow. */
bool dr_tls_layout(struct dr_tls_block *b, size_t n, uint64_t min_align, uint64_t *used,
                   uint64_t *max_align);

#endif
