/* fuzz/search.c: `bazel run //fuzz:search`: search-path lists and dynamic string
 * tokens (core/search.c) with fuzzed lists, token values and output buffers.
 *
 * Input: two control bytes, then NUL-separated fields:
 *   byte 0   bit 0 secure (AT_SECURE), bit 1 the object is the program,
 *            bit 2 $ORIGIN unknown, bit 3 $PLATFORM unknown, bit 4 $LIB unknown,
 *            bit 5 LD_LIBRARY_PATH separators (":;") instead of ":"
 *   byte 1   size of the small output buffer (0..255)
 *   fields   LIST, ORIGIN, PLATFORM, LIB, NAME, then trusted directories
 * Each element of LIST is expanded into an exact-size buffer of the small size
 * (ASan sees any write past it) and into a large one; the two answers must agree
 * (same string, or DR_DST_NOSPACE when it does not fit), then the directory is
 * trimmed and joined with NAME, and NAME itself is expanded as a DT_NEEDED is.
 * Elements are handed over as slices without a terminating NUL, as
 * dr_path_next gives them.
 */
#include "core/search.h"
#include "harness.h"

#define BIG 8192
#define MAX_FIELDS 12
#define MAX_ELEMS 64

/* A buffer of SIZE bytes whose end ASan guards, also for SIZE 0. */
struct guarded {
  char *base, *p;
};

static struct guarded guarded_new(size_t size) {
  struct guarded g;
  g.base = malloc(size + 1);
  g.p = g.base + 1; /* writing p[size] or p[-1] is caught */
  return g;
}

static char *field_dup(const uint8_t *s, size_t n) {
  char *p = malloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

/* Expands IN[0..LEN) into a small buffer and a big one and checks they agree. */
static long expand_both(const char *in, size_t len, size_t small, const struct dr_dst_values *v,
                        char *big) {
  long b = dr_expand_dst(big, BIG, in, len, v);
  struct guarded g = guarded_new(small);
  long s = dr_expand_dst(g.p, small, in, len, v);
  if (b >= 0) {
    if ((size_t)b >= BIG || big[b] != '\0' || strlen(big) != (size_t)b) __builtin_trap();
    if ((size_t)b < small) {
      if (s != b || memcmp(g.p, big, (size_t)b + 1) != 0) __builtin_trap();
    } else if (s != DR_DST_NOSPACE) {
      __builtin_trap();
    }
  } else if (b == DR_DST_DROP) {
    if (s != DR_DST_DROP && s != DR_DST_NOSPACE) __builtin_trap();
  } else if (b != DR_DST_NOSPACE || s >= 0) {
    __builtin_trap();
  }
  free(g.base);
  return b;
}

static void join(const char *dir, size_t dlen, const char *name, size_t small) {
  struct guarded g = guarded_new(small);
  long r = dr_path_join(g.p, small, dir, dlen, name, strlen(name));
  if (r >= 0) {
    if ((size_t)r >= small || g.p[r] != '\0' || strlen(g.p) != (size_t)r) __builtin_trap();
    size_t d = dr_dir_trim(dir, dlen);
    if (d > dlen || memcmp(g.p, dir, d) != 0) __builtin_trap();
  } else if (r != DR_DST_NOSPACE) {
    __builtin_trap();
  }
  free(g.base);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  uint8_t ctl = data[0];
  size_t small = data[1];
  data += 2, size -= 2;
  char *f[MAX_FIELDS] = {0};
  size_t nf = 0, start = 0;
  for (size_t i = 0; i <= size && nf < MAX_FIELDS; i++) {
    if (i == size || data[i] == '\0') {
      f[nf++] = field_dup(data + start, i - start);
      start = i + 1;
    }
  }
  for (size_t i = nf; i < 5; i++) f[i] = field_dup((const uint8_t *)"", 0);
  const char *list = f[0], *name = f[4];
  const char *trusted[MAX_FIELDS];
  size_t ntrusted = 0;
  for (size_t i = 5; i < nf; i++) trusted[ntrusted++] = i % 4 == 3 ? 0 : f[i];
  struct dr_dst_values v = {
      .origin = (ctl & 4) ? 0 : f[1],
      .lib = (ctl & 16) ? 0 : f[3],
      .platform = (ctl & 8) ? 0 : f[2],
      .secure = ctl & 1,
      .is_executable = ctl & 2,
      .trusted_dirs = ntrusted ? trusted : 0,
      .n_trusted_dirs = ntrusted,
  };
  char *big = malloc(BIG);

  struct dr_path_iter it;
  dr_path_iter_init(&it, list, (ctl & 32) ? ":;" : ":");
  const char *elem;
  size_t len, count = 0;
  while (dr_path_next(&it, &elem, &len) && count++ < MAX_ELEMS) {
    if (elem < list || elem + len > list + strlen(list)) __builtin_trap();
    /* The slice alone, unterminated, as the caller of dr_expand_dst may pass it. */
    char *slice = malloc(len ? len : 1);
    memcpy(slice, elem, len);
    dr_dst_count(slice, len);
    dr_dirname_len(slice, len);
    long n = expand_both(slice, len, small, &v, big);
    if (n >= 0) {
      size_t t = dr_dir_trim(big, (size_t)n);
      if (t > (size_t)n || (n > 0 && t == 0)) __builtin_trap();
      join(big, (size_t)n, name, small);
      join(big, (size_t)n, name, BIG);
    }
    free(slice);
  }

  /* NAME as a DT_NEEDED entry: tokens expanded, then a path or a search. */
  dr_has_slash(name);
  if (dr_dst_count(name, strlen(name))) expand_both(name, strlen(name), small, &v, big);
  size_t d = dr_dirname_len(name, strlen(name));
  if (d > strlen(name)) __builtin_trap();

  free(big);
  for (size_t i = 0; i < MAX_FIELDS; i++) free(f[i]);
  return 0;
}
