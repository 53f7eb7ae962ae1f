/* core/tls.c: static TLS offsets, variant II. */
#include "tls.h"

static bool add_ok(uint64_t a, uint64_t b) { return a + b >= a && a + b < (1ULL << 40); }

bool dr_tls_layout(struct dr_tls_block *b, size_t n, uint64_t min_align, uint64_t *used,
                   uint64_t *max_align) {
  uint64_t offset = 0, freetop = 0, freebottom = 0, maxa = min_align;
  for (size_t i = 0; i < n; i++) {
    uint64_t align = b[i].align ? b[i].align : 1, size = b[i].blocksize;
    /* size + align itself must not wrap (a p_memsz near 2^64 would pass otherwise). */
    if (!dr_align_ok(align) || !add_ok(size, align) || !add_ok(offset, size + align)) return false;
    uint64_t first = (0 - b[i].firstbyte) & (align - 1);
    if (align > maxa) maxa = align;
    /* A gap left by an earlier block's alignment padding may hold this one. */
    if (freebottom - freetop >= size) {
      uint64_t off = dr_align_up(freetop + size - first, align) + first;
      if (off <= freebottom) {
        freetop = off;
        b[i].offset = off;
        continue;
      }
    }
    uint64_t off = dr_align_up(offset + size - first, align) + first;
    if (off > offset + size + (freebottom - freetop)) {
      freetop = offset;
      freebottom = off - size;
    }
    offset = off;
    b[i].offset = off;
  }
  *used = offset;
  *max_align = maxa;
  return true;
}
