/* core/str.c: the few string and memory routines core/ needs, without libc. */
#include "base.h"

size_t dr_strlen(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

size_t dr_strnlen(const char *s, size_t max) {
  size_t n = 0;
  while (n < max && s[n]) n++;
  return n;
}

/* Symbol lookup compares long C++ names: eight bytes at a time while neither
 * string can end inside the word (no zero byte in it) and no read crosses a
 * page boundary it would not otherwise have crossed. */
int dr_strcmp(const char *a, const char *b) {
#ifndef DR_NO_WORD_READS /* ASan (hosted tests) would flag the reads past a string's end */
  const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  while ((((uintptr_t)a | (uintptr_t)b) & 4095) <= 4096 - 8) {
    uint64_t x, y;
    __builtin_memcpy(&x, a, 8);
    __builtin_memcpy(&y, b, 8);
    /* The lowest byte that differs or ends A decides (the zero test is exact for
     * the lowest zero byte; it may misfire only above one). */
    uint64_t stop = (x ^ y) | ((x - ones) & ~x & highs);
    if (stop) {
      unsigned at = (unsigned)__builtin_ctzll(stop) & ~7u;
      return (int)((x >> at) & 0xff) - (int)((y >> at) & 0xff);
    }
    a += 8, b += 8;
  }
#endif
  while (*a && *a == *b) a++, b++;
  return (unsigned char)*a - (unsigned char)*b;
}

int dr_strncmp(const char *a, const char *b, size_t n) {
  for (; n; n--, a++, b++) {
    if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
    if (!*a) return 0;
  }
  return 0;
}

int dr_memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *x = a, *y = b;
  for (; n; n--, x++, y++)
    if (*x != *y) return *x - *y;
  return 0;
}

/* Word at a time where it can: TLS images, COPY relocations and object
 * tables go through these. The 8-byte builtins compile to single moves. */
void *dr_memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  for (; n >= 8; n -= 8, d += 8, s += 8) {
    uint64_t w;
    __builtin_memcpy(&w, s, 8);
    __builtin_memcpy(d, &w, 8);
  }
  while (n--) *d++ = *s++;
  return dst;
}

void *dr_memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  uint64_t w = 0x0101010101010101ULL * (unsigned char)c;
  for (; n >= 8; n -= 8, d += 8) __builtin_memcpy(d, &w, 8);
  while (n--) *d++ = (unsigned char)c;
  return dst;
}

char *dr_strchr(const char *s, int c) {
  for (;; s++) {
    if (*s == (char)c) return (char *)s;
    if (!*s) return 0;
  }
}
