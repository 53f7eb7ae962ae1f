/* core/search.c: path lists and DST expansion, with glibc 2.36's rules.
 * See search.h for the rules themselves. */
#include "search.h"

void dr_path_iter_init(struct dr_path_iter *it, const char *list, const char *seps) {
  /* glibc ignores an empty LD_LIBRARY_PATH / DT_RPATH / DT_RUNPATH entirely. */
  it->p = list && *list ? list : 0;
  it->seps = seps ? seps : "";
}

bool dr_path_next(struct dr_path_iter *it, const char **elem, size_t *len) {
  if (!it->p) return false;
  const char *s = it->p;
  size_t n = 0;
  while (s[n] && !dr_strchr(it->seps, s[n])) n++;
  *elem = s;
  *len = n;
  it->p = s[n] ? s + n + 1 : 0; /* a trailing separator yields one more "" */
  return true;
}

/* The token names, in the order glibc tries them. */
enum dst { DST_NONE, DST_ORIGIN, DST_PLATFORM, DST_LIB };

static bool ident_char(char ch) {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
         ch == '_';
}

/* Does IN[0..N) (just after a '$') start with token REF, as glibc's is_dst
 * decides? Returns the length consumed after the '$' (braces included), or
 * 0. The end of the slice acts as glibc's terminating NUL. */
static size_t match_one(const char *in, size_t n, const char *ref) {
  size_t i = 0, rlen = dr_strlen(ref);
  bool curly = n > 0 && in[0] == '{';
  if (curly) i = 1;
  if (n - i < rlen || dr_memcmp(in + i, ref, rlen) != 0) return 0;
  i += rlen;
  char next = i < n ? in[i] : '\0';
  if (curly && next != '}') return 0;
  if (ident_char(next)) return 0;
  return curly ? i + 1 : i;
}

static enum dst match_dst(const char *in, size_t n, size_t *len) {
  if ((*len = match_one(in, n, "ORIGIN")) != 0) return DST_ORIGIN;
  if ((*len = match_one(in, n, "PLATFORM")) != 0) return DST_PLATFORM;
  if ((*len = match_one(in, n, "LIB")) != 0) return DST_LIB;
  return DST_NONE;
}

size_t dr_dst_count(const char *in, size_t in_len) {
  size_t n = dr_strnlen(in, in_len), cnt = 0, len;
  for (size_t i = 0; i < n; i++) {
    if (in[i] != '$') continue;
    if (match_dst(in + i + 1, n - i - 1, &len) != DST_NONE) {
      cnt++;
      i += len;
    }
  }
  return cnt;
}

/* Appends bytes while they fit; *W counts them all, so the caller learns the
 * full length even when OUT is too small. */
static void put(char *out, size_t out_size, size_t *w, const char *s, size_t n) {
  if (*w < out_size && n <= out_size - *w) dr_memcpy(out + *w, s, n);
  *w += n;
}

/* One expansion pass. Returns the length, or DR_DST_DROP; *ORIGIN_SEEN says
 * whether an $ORIGIN was substituted (glibc's check_for_trusted). */
static long substitute(char *out, size_t out_size, const char *in, size_t n,
                       const struct dr_dst_values *v, bool *origin_seen) {
  size_t w = 0, i = 0;
  *origin_seen = false;
  while (i < n) {
    size_t run = i;
    while (run < n && in[run] != '$') run++;
    put(out, out_size, &w, in + i, run - i);
    if (run == n) break;
    size_t len;
    const char *repl = 0;
    enum dst t = match_dst(in + run + 1, n - run - 1, &len);
    if (t == DST_NONE) {
      put(out, out_size, &w, "$", 1);
      i = run + 1;
      continue;
    }
    if (t == DST_ORIGIN) {
      /* Secure mode allows $ORIGIN only as the whole first component. */
      char after = run + 1 + len < n ? in[run + 1 + len] : '\0';
      if (v->secure && !(run == 0 && (after == '\0' || after == '/'))) return DR_DST_DROP;
      repl = v->origin;
      *origin_seen = true;
    } else {
      repl = t == DST_PLATFORM ? v->platform : v->lib;
    }
    if (!repl) return DR_DST_DROP;
    put(out, out_size, &w, repl, dr_strlen(repl));
    i = run + 1 + len;
  }
  if (w == 0 && n != 0) return DR_DST_DROP; /* fillin_rpath ignores "" */
  if (w >= out_size) return DR_DST_NOSPACE;
  out[w] = '\0';
  return (long)w;
}

/* Normalizes BUF[0..LEN) in place as glibc's is_trusted_path_normalize
 * ("//" and "/." collapse, "/.." pops a component, a '/' is appended) and
 * returns the new length. BUF needs LEN + 1 bytes. Writes never pass reads,
 * so looking ahead of R sees the original bytes. */
static size_t normalize(char *buf, size_t len) {
  size_t r = 0, w = 0;
#define AT(k) ((k) < len ? buf[k] : '\0')
  while (r < len) {
    if (buf[r] == '/') {
      if (AT(r + 1) == '.') {
        if (AT(r + 2) == '.' && (AT(r + 3) == '/' || AT(r + 3) == '\0')) {
          while (w > 0 && buf[--w] != '/') {
          }
          r += 3;
          continue;
        }
        if (AT(r + 2) == '/' || AT(r + 2) == '\0') {
          r += 2;
          continue;
        }
      }
      if (w > 0 && buf[w - 1] == '/') {
        r++;
        continue;
      }
    }
    buf[w++] = buf[r++];
  }
#undef AT
  if (w == 0 || buf[w - 1] != '/') buf[w++] = '/';
  return w;
}

static bool trusted(const char *path, size_t len, const struct dr_dst_values *v) {
  for (size_t i = 0; v->trusted_dirs && i < v->n_trusted_dirs; i++) {
    const char *t = v->trusted_dirs[i];
    if (!t) continue;
    size_t tl = dr_strlen(t);
    if (len >= tl && dr_memcmp(path, t, tl) == 0) return true;
  }
  return false;
}

long dr_expand_dst(char *out, size_t out_size, const char *in, size_t in_len,
                   const struct dr_dst_values *v) {
  if (!in) in_len = 0;
  size_t n = in_len ? dr_strnlen(in, in_len) : 0;
  bool origin_seen;
  long r = substitute(out, out_size, in, n, v, &origin_seen);
  if (r < 0 || !(origin_seen && v->secure && v->is_executable)) return r;
  /* The trust check rewrites OUT, so expand a second time if it passes. */
  size_t nl = normalize(out, (size_t)r);
  if (!trusted(out, nl, v)) return DR_DST_DROP;
  return substitute(out, out_size, in, n, v, &origin_seen);
}

bool dr_has_slash(const char *name) { return name && dr_strchr(name, '/') != 0; }

size_t dr_dirname_len(const char *path, size_t len) {
  size_t n = dr_strnlen(path, len);
  while (n > 0 && path[n - 1] != '/') n--;
  if (n == 0) return 0;
  return n == 1 ? 1 : n - 1;
}

size_t dr_dir_trim(const char *dir, size_t len) {
  while (len > 1 && dir[len - 1] == '/') len--;
  return len;
}

long dr_path_join(char *out, size_t out_size, const char *dir, size_t dir_len,
                  const char *name, size_t name_len) {
  size_t d = dr_dir_trim(dir, dir_len);
  size_t slash = d > 0 && dir[d - 1] != '/';
  if (name_len >= out_size || d + slash > out_size - 1 - name_len) return DR_DST_NOSPACE;
  dr_memcpy(out, dir, d);
  if (slash) out[d] = '/';
  dr_memcpy(out + d + slash, name, name_len);
  out[d + slash + name_len] = '\0';
  return (long)(d + slash + name_len);
}
