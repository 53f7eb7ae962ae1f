/* core/str.c: the few string and memory routines core/ needs, without libc. */
#include "base.h"

#include <emmintrin.h> /* compiler-provided, like <stdint.h> */

#ifndef DR_NO_WORD_READS
/* Bit i set where byte i of the sixteen at P (aligned) is NUL. An aligned
 * load never crosses into the next page, so one holding a string's end reads
 * nothing that could fault. */
static inline unsigned nul_bits(const char *p) {
  return (unsigned)_mm_movemask_epi8(
      _mm_cmpeq_epi8(_mm_load_si128((const __m128i *)(const void *)p), _mm_setzero_si128()));
}
#endif

/* Names, paths and environment strings: sixteen bytes a step from the aligned
 * block that holds S, its bytes before S shifted out. */
size_t dr_strlen(const char *s) {
#ifndef DR_NO_WORD_READS
  const char *p = (const char *)((uintptr_t)s & ~(uintptr_t)15);
  unsigned z = nul_bits(p) >> (s - p);
  if (z) return (size_t)__builtin_ctz(z);
  for (;;) {
    p += 16;
    if ((z = nul_bits(p))) return (size_t)(p - s) + (size_t)__builtin_ctz(z);
  }
#else
  size_t n = 0;
  while (s[n]) n++;
  return n;
#endif
}

/* The same, reading a block past the first only if it starts below S + MAX. */
size_t dr_strnlen(const char *s, size_t max) {
#ifndef DR_NO_WORD_READS
  const char *p = (const char *)((uintptr_t)s & ~(uintptr_t)15);
  unsigned z = nul_bits(p) >> (s - p);
  size_t n = z ? (size_t)__builtin_ctz(z) : 16 - (size_t)(s - p);
  while (!z && n < max) {
    p += 16;
    z = nul_bits(p);
    n = (size_t)(p - s) + (z ? (size_t)__builtin_ctz(z) : 16);
  }
  return n < max ? n : max;
#else
  size_t n = 0;
  while (n < max && s[n]) n++;
  return n;
#endif
}

/* Symbol lookup compares long C++ names, nearly always equal ones (the hashes
 * matched): sixteen bytes a step with SSE2 (every x86-64 has it) wherever
 * neither read can cross into a page the strings do not reach (see base.h),
 * a byte a step over the few positions where one could. */
int dr_strcmp(const char *a, const char *b) {
#ifndef DR_NO_WORD_READS
  const __m128i zero = _mm_setzero_si128();
  for (;;) {
    if (((uintptr_t)a & 4095) <= 4096 - 16 && ((uintptr_t)b & 4095) <= 4096 - 16) {
      __m128i x = _mm_loadu_si128((const __m128i *)a), y = _mm_loadu_si128((const __m128i *)b);
      /* The first byte that differs or ends A decides. */
      unsigned stop = ((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, y)) ^ 0xffffu) |
                      (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, zero));
      if (stop) {
        unsigned at = (unsigned)__builtin_ctz(stop);
        return (unsigned char)a[at] - (unsigned char)b[at];
      }
      a += 16, b += 16;
      continue;
    }
    if (*a != *b || !*a) break;
    a++, b++;
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

/* Eight bytes a step while they agree (object identities, ELF magic, cache
 * keys); the word that differs is compared a byte at a time. */
int dr_memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *x = a, *y = b;
  for (; n >= 8; n -= 8, x += 8, y += 8) {
    uint64_t u, v;
    __builtin_memcpy(&u, x, 8);
    __builtin_memcpy(&v, y, 8);
    if (u != v) break;
  }
  for (; n; n--, x++, y++)
    if (*x != *y) return *x - *y;
  return 0;
}

/* Sixteen bytes a step: TLS images, COPY relocations, object tables and the
 * tail of a .bss page go through these, the last 16 bytes as one (overlapping)
 * store. Short copies (paths, names, structures) are most calls: below 16
 * bytes, two overlapping words of the largest size that fits cover any length
 * without a byte loop. The builtins compile to single moves. */
#define SHORT_TAIL(T, d, s, n)                                    \
  do {                                                            \
    T a_, b_;                                                     \
    __builtin_memcpy(&a_, (s), sizeof(T));                        \
    __builtin_memcpy(&b_, (s) + (n) - sizeof(T), sizeof(T));      \
    __builtin_memcpy((d), &a_, sizeof(T));                        \
    __builtin_memcpy((d) + (n) - sizeof(T), &b_, sizeof(T));      \
  } while (0)

void *dr_memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (n >= 16) {
    const __m128i last = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
    for (size_t i = 0; i + 16 < n; i += 16)
      _mm_storeu_si128((__m128i *)(void *)(d + i), _mm_loadu_si128((const __m128i *)(const void *)(s + i)));
    _mm_storeu_si128((__m128i *)(void *)(d + n - 16), last);
  } else if (n >= 8) {
    SHORT_TAIL(uint64_t, d, s, n);
  } else if (n >= 4) {
    SHORT_TAIL(uint32_t, d, s, n);
  } else if (n >= 2) {
    SHORT_TAIL(uint16_t, d, s, n);
  } else if (n) {
    *d = *s;
  }
  return dst;
}

void *dr_memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  uint64_t w = 0x0101010101010101ULL * (unsigned char)c;
  const __m128i v = _mm_set1_epi64x((long long)w);
  if (n >= 16) {
    for (size_t i = 0; i + 16 < n; i += 16) _mm_storeu_si128((__m128i *)(void *)(d + i), v);
    _mm_storeu_si128((__m128i *)(void *)(d + n - 16), v);
  } else if (n >= 8) {
    __builtin_memcpy(d, &w, 8), __builtin_memcpy(d + n - 8, &w, 8);
  } else if (n >= 4) {
    __builtin_memcpy(d, &w, 4), __builtin_memcpy(d + n - 4, &w, 4);
  } else if (n >= 2) {
    __builtin_memcpy(d, &w, 2), __builtin_memcpy(d + n - 2, &w, 2);
  } else if (n) {
    *d = (unsigned char)c;
  }
  return dst;
}

char *dr_strchr(const char *s, int c) {
  for (;; s++) {
    if (*s == (char)c) return (char *)s;
    if (!*s) return 0;
  }
}
