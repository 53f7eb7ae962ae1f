/* core/sizeclass.h: the size classes of dryad's allocator (interp/alloc.c).
 *
 * Blocks are cut at their own size (a multiple of 16), so a freed block can be
 * any size. It is filed under the largest class it holds and handed out for
 * requests of the smallest class that holds them, so any block of a class
 * serves any request of it. Classes: 16 to 256 bytes by 16, then four a power
 * of two (320, 384, 448, 512, 640, ...) up to 32 KiB: a reused block wastes
 * under a quarter of itself.
 */
#ifndef DRYAD_CORE_SIZECLASS_H
#define DRYAD_CORE_SIZECLASS_H

#include "base.h"

#define DR_CLASS_GRAIN 16
#define DR_CLASS_MAX 32768u
#define DR_NCLASS 44

static inline uint64_t dr_class_size(unsigned c) {
  if (c < 16) return DR_CLASS_GRAIN * (c + 1);
  unsigned k = c - 16, p = 8 + k / 4;
  return (1ull << p) + ((uint64_t)(k % 4 + 1) << (p - 2));
}

/* The smallest class whose blocks hold SIZE bytes (1 <= SIZE <= DR_CLASS_MAX). */
static inline unsigned dr_class_up(uint64_t size) {
  if (size <= 256) return (unsigned)((size + DR_CLASS_GRAIN - 1) / DR_CLASS_GRAIN) - 1;
  unsigned p = 63 - (unsigned)__builtin_clzll(size - 1); /* 2^p < size <= 2^(p+1) */
  uint64_t quarter = 1ull << (p - 2);
  return 16 + (p - 8) * 4 + (unsigned)((size - (1ull << p) + quarter - 1) / quarter) - 1;
}

/* The largest class a block of SIZE bytes holds (16 <= SIZE <= DR_CLASS_MAX). */
static inline unsigned dr_class_down(uint64_t size) {
  if (size < 320) return (unsigned)(size < 256 ? size / DR_CLASS_GRAIN : 16) - 1;
  unsigned p = 63 - (unsigned)__builtin_clzll(size); /* 2^p <= size < 2^(p+1) */
  unsigned q = (unsigned)((size - (1ull << p)) >> (p - 2));
  return q ? 16 + (p - 8) * 4 + q - 1 : 16 + (p - 9) * 4 + 3;
}

#endif
