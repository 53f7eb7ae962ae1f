/* interp/shims.c: memcpy and friends.
 *
 * Compilers may emit calls to these for struct copies and loops even in
 * freestanding code; dryad has no libc to provide them. Built with
 * -fno-tree-loop-distribute-patterns so the loops are not turned back into calls.
 */
#include "dryad.h"

DR_HIDDEN void *memcpy(void *dst, const void *src, uint64_t n) { return dr_memcpy(dst, src, n); }
DR_HIDDEN void *memset(void *dst, int c, uint64_t n) { return dr_memset(dst, c, n); }
DR_HIDDEN int memcmp(const void *a, const void *b, uint64_t n) { return dr_memcmp(a, b, n); }

DR_HIDDEN void *memmove(void *dst, const void *src, uint64_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d < s)
    while (n--) *d++ = *s++;
  else
    while (n--) d[n] = s[n];
  return dst;
}
