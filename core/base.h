/* core/base.h: what every file of core/ may use.
 *
 * core/ is the linker's logic over byte ranges. It makes no system call, calls
 * no libc function and keeps no global state, so the same sources build
 * freestanding into dryad.so.1 and hosted (with sanitizers) for the unit tests
 * and fuzzers. Only compiler-provided headers and <elf.h> (types and constants
 * only) are included. The book's chapter docs/02-design.md explains the split.
 */
#ifndef DRYAD_CORE_BASE_H
#define DRYAD_CORE_BASE_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A read-only byte range, e.g. a file mapped for validation. */
struct dr_bytes {
  const uint8_t *data;
  size_t size;
};

/* true if [off, off+len) lies inside [0, size) without overflow. */
static inline bool dr_range_ok(uint64_t off, uint64_t len, uint64_t size) {
  return off <= size && len <= size - off;
}

/* true if x is zero or a power of two (ELF alignments). */
static inline bool dr_align_ok(uint64_t x) { return (x & (x - 1)) == 0; }

static inline uint64_t dr_align_up(uint64_t x, uint64_t a) {
  return a <= 1 ? x : (x + a - 1) & ~(a - 1);
}

static inline uint64_t dr_align_down(uint64_t x, uint64_t a) {
  return a <= 1 ? x : x & ~(a - 1);
}

/* String and memory helpers (core/str.c); libc's are not available freestanding. */
size_t dr_strlen(const char *s);
size_t dr_strnlen(const char *s, size_t max);
int dr_strcmp(const char *a, const char *b);

/* Word-at-a-time string code (dr_strcmp, dr_gnu_hash) reads up to seven bytes
 * past a string's end, never across a page boundary: harmless, but ASan
 * reports it, so sanitized builds take the bytewise paths. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DR_NO_WORD_READS 1
#endif
#endif
#ifdef __SANITIZE_ADDRESS__
#define DR_NO_WORD_READS 1
#endif
int dr_strncmp(const char *a, const char *b, size_t n);
int dr_memcmp(const void *a, const void *b, size_t n);
void *dr_memcpy(void *dst, const void *src, size_t n);
void *dr_memset(void *dst, int c, size_t n);
char *dr_strchr(const char *s, int c);

#endif
