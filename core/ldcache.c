/* core/ldcache.c: /etc/ld.so.cache lookups, as glibc 2.36's elf/dl-cache.c.
 *
 * All multi-byte fields are read byte by byte (little-endian): the caller's
 * buffer need not be aligned, and a field is never read before its range is
 * checked. Strings are accepted only when NUL-terminated inside the file.
 */
#include "ldcache.h"

enum {
  OLD_HDR = 16,       /* struct cache_file: magic[11], pad, nlibs */
  OLD_ENTRY = 12,     /* struct file_entry: flags, key, value */
  NEW_HDR = 48,       /* struct cache_file_new */
  NEW_ENTRY = 24,     /* struct file_entry_new: ..., osversion, hwcap */
  NEW_MAGIC_LEN = 20, /* CACHEMAGIC_NEW CACHE_VERSION, no NUL */
  EXT_HDR = 8,        /* struct cache_extension: magic, count */
  EXT_SECTION = 16,   /* struct cache_extension_section */
};

static uint32_t rd32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/* BASE+OFF as a string if it is NUL-terminated before BASE+SIZE. */
static const char *str_at(const uint8_t *base, size_t size, uint64_t off) {
  if (off >= size) return 0;
  const char *s = (const char *)base + off;
  return dr_strnlen(s, size - off) < size - off ? s : 0;
}

/* Parse the new-format header at OFF; it has already matched the magic. */
static int open_new(struct dr_ldcache *c, size_t off) {
  const uint8_t *h = c->file + off;
  size_t avail = c->file_size - off;
  uint32_t nlibs = rd32(h + 20);
  uint8_t flags = h[28];
  /* cache_file_new_matches_endian: unset (0) or little-endian. */
  if (flags != 0 && (flags & 3) != 2) return -1;
  if ((avail - NEW_HDR) / NEW_ENTRY < nlibs) return -1;
  c->entries = h + NEW_HDR;
  c->nlibs = nlibs;
  c->entry_size = NEW_ENTRY;
  c->strings = h;
  c->strings_size = avail;
  /* len_strings (h + 24) is ignored, as glibc does: strings are bounded by
   * the file instead. */
  return 0;
}

/* glibc's cache_extension_load + cache_extension_verify, for the one section
 * dryad uses. Any error leaves hwcaps unset, which disables named entries. */
static void load_extensions(struct dr_ldcache *c, const uint8_t *new_hdr) {
  uint32_t ext_off = rd32(new_hdr + 32);
  size_t size = c->file_size;
  if (ext_off == 0 || ext_off % 4 != 0 || !dr_range_ok(ext_off, EXT_HDR, size)) return;
  const uint8_t *ext = c->file + ext_off;
  if (rd32(ext) != cache_extension_magic) return;
  uint32_t count = rd32(ext + 4);
  if ((size - ext_off - EXT_HDR) / EXT_SECTION < count) return;
  const uint8_t *found = 0;
  uint32_t found_size = 0;
  for (uint32_t i = 0; i < count; i++) {
    const uint8_t *s = ext + EXT_HDR + (size_t)i * EXT_SECTION;
    uint32_t off = rd32(s + 8), len = rd32(s + 12);
    /* glibc rejects the whole directory if any section overruns. */
    if (!dr_range_ok(off, len, size)) return;
    if (rd32(s) == cache_extension_tag_glibc_hwcaps) {
      found = c->file + off; /* the last one wins, as in glibc */
      found_size = len;
      if (off % 4 != 0) found = 0;
    }
  }
  if (found && found_size != 0 && found_size % 4 == 0) {
    c->hwcaps = found;
    c->n_hwcaps = found_size / 4;
  }
}

int dr_ldcache_open(struct dr_ldcache *c, const void *data, size_t size) {
  dr_memset(c, 0, sizeof *c);
  const uint8_t *d = data;
  if (!d) return -1;
  c->file = d;
  c->file_size = size;
  if (size >= NEW_HDR && dr_memcmp(d, CACHEMAGIC_NEW CACHE_VERSION, NEW_MAGIC_LEN) == 0) {
    if (open_new(c, 0) != 0) goto bad;
    load_extensions(c, d);
    return 0;
  }
  if (size < OLD_HDR || dr_memcmp(d, CACHEMAGIC, sizeof CACHEMAGIC - 1) != 0) goto bad;
  uint32_t old_n = rd32(d + 12);
  if ((size - OLD_HDR) / OLD_ENTRY < old_n) goto bad;
  size_t old_end = OLD_HDR + (size_t)old_n * OLD_ENTRY;
  size_t new_off = dr_align_up(old_end, 8); /* ALIGN_CACHE */
  if (dr_range_ok(new_off, NEW_HDR, size) &&
      dr_memcmp(d + new_off, CACHEMAGIC_NEW CACHE_VERSION, NEW_MAGIC_LEN) == 0) {
    /* Unlike glibc, also reject a hidden new header whose entries overrun. */
    if (open_new(c, new_off) != 0) goto bad;
    load_extensions(c, d + new_off);
    return 0;
  }
  /* Old format alone: strings follow the entries. */
  c->entries = d + OLD_HDR;
  c->nlibs = old_n;
  c->entry_size = OLD_ENTRY;
  c->strings = d + old_end;
  c->strings_size = size - old_end;
  return 0;
bad:
  dr_memset(c, 0, sizeof *c);
  return -1;
}

/* Sign of A - B for 32-bit wrapping values, glibc's "return val1 - val2". */
static int wrap_sign(uint32_t a, uint32_t b) {
  uint32_t d = a - b;
  return d == 0 ? 0 : (d & 0x80000000u) ? -1 : 1;
}

static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

int dr_ldcache_libcmp(const char *a, const char *b) {
  /* glibc compares plain chars, which are signed on x86-64. */
  while (*a) {
    if (is_digit(*a)) {
      if (!is_digit(*b)) return 1;
      uint32_t va = 0, vb = 0;
      while (is_digit(*a)) va = va * 10 + (uint32_t)(*a++ - '0');
      while (is_digit(*b)) vb = vb * 10 + (uint32_t)(*b++ - '0');
      if (va != vb) return wrap_sign(va, vb);
    } else if (is_digit(*b)) {
      return -1;
    } else if (*a != *b) {
      return (signed char)*a - (signed char)*b;
    } else {
      a++, b++;
    }
  }
  return (signed char)*a - (signed char)*b;
}

static const uint8_t *entry_at(const struct dr_ldcache *c, uint32_t i) {
  return c->entries + (size_t)i * c->entry_size;
}

static const char *key_of(const struct dr_ldcache *c, uint32_t i) {
  return str_at(c->strings, c->strings_size, rd32(entry_at(c, i) + 4));
}

const char *dr_ldcache_hwcaps_name(const struct dr_ldcache *c, uint64_t hwcap) {
  /* dl_cache_hwcap_extension: bit 62 and nothing else in the upper half
   * but the ISA level. */
  if (((hwcap >> 32) & ~(uint64_t)DL_CACHE_HWCAP_ISA_LEVEL_MASK) != DL_CACHE_HWCAP_EXTENSION >> 32)
    return 0;
  uint32_t index = (uint32_t)hwcap;
  if (index >= c->n_hwcaps) return 0;
  return str_at(c->file, c->file_size, rd32(c->hwcaps + (size_t)index * 4));
}

/* Priority of a glibc-hwcaps entry: 1 + position of its name in the CPU's
 * list, 0 if unusable. glibc merges two sorted lists; a name lookup gives
 * the same answer for every cache ldconfig writes. */
static size_t hwcaps_priority(const struct dr_ldcache *c, uint64_t hwcap,
                              const struct dr_ldcache_cpu *cpu) {
  const char *name = dr_ldcache_hwcaps_name(c, hwcap);
  if (!name || !cpu->hwcaps) return 0;
  for (size_t i = 0; i < cpu->n_hwcaps; i++)
    if (cpu->hwcaps[i] && dr_strcmp(name, cpu->hwcaps[i]) == 0) return i + 1;
  return 0;
}

static bool isa_level_ok(uint64_t hwcap, uint32_t isa_1) {
  uint32_t level = (uint32_t)(hwcap >> 32) & DL_CACHE_HWCAP_ISA_LEVEL_MASK;
  /* glibc shifts a 32-bit 1 by the level; ldconfig never writes > 31. */
  return level < 32 && (isa_1 & (1u << level)) != 0;
}

/* The forward walk of search_cache over entries FIRST..LAST, which may all
 * carry NAME (those at or before FOUND are known to). */
static const char *pick(const struct dr_ldcache *c, const char *name, int64_t first, int64_t found,
                        int64_t last, const struct dr_ldcache_cpu *cpu) {
  uint32_t isa_1 = cpu ? cpu->isa_1 : 0;
  uint64_t legacy = cpu ? cpu->legacy_hwcap : 0;
  const char *best = 0;
  size_t best_priority = 0;
  for (int64_t i = first; i <= last; i++) {
    if (i > found) {
      const char *k = key_of(c, (uint32_t)i);
      if (!k || dr_ldcache_libcmp(name, k) != 0) break;
    }
    const uint8_t *e = entry_at(c, (uint32_t)i);
    if (rd32(e) != _DL_CACHE_DEFAULT_ID) continue;
    const char *value = str_at(c->strings, c->strings_size, rd32(e + 8));
    if (!value) continue;
    if (c->entry_size == NEW_ENTRY) {
      uint64_t hwcap = rd64(e + 16);
      bool named = ((hwcap >> 32) & ~(uint64_t)DL_CACHE_HWCAP_ISA_LEVEL_MASK) ==
                   DL_CACHE_HWCAP_EXTENSION >> 32;
      if (named && !isa_level_ok(hwcap, isa_1)) continue;
      /* Named entries sort first; the first plain one ends the search
       * once a named one was taken. */
      if (!named && best) break;
      if (!named && (hwcap & ~legacy) != 0) continue;
      if (named) {
        size_t p = cpu ? hwcaps_priority(c, hwcap, cpu) : 0;
        if (p == 0 || (best && p >= best_priority)) continue;
        best_priority = p;
      }
      best = value;
      if (!named) break;
    } else {
      return value;
    }
  }
  return best;
}

const char *dr_ldcache_lookup_cpu(const struct dr_ldcache *c, const char *name,
                                  const struct dr_ldcache_cpu *cpu) {
  if (!c || !c->entries || !name) return 0;
  /* Binary search: ldconfig sorts in descending dr_ldcache_libcmp order. */
  int64_t left = 0, right = (int64_t)c->nlibs - 1;
  while (left <= right) {
    int64_t middle = left + (right - left) / 2;
    const char *k = key_of(c, (uint32_t)middle);
    if (!k) return 0; /* a bogus key leaves no way to go on, as in glibc */
    int cmp = dr_ldcache_libcmp(name, k);
    if (cmp == 0) {
      /* Back up to the first entry of the run of equal names. */
      int64_t first = middle;
      while (first > 0) {
        const char *pk = key_of(c, (uint32_t)(first - 1));
        if (!pk || dr_ldcache_libcmp(name, pk) != 0) break;
        first--;
      }
      return pick(c, name, first, middle, right, cpu);
    }
    if (cmp < 0)
      left = middle + 1;
    else
      right = middle - 1;
  }
  return 0;
}

const char *dr_ldcache_lookup(const struct dr_ldcache *c, const char *name,
                              const char *const *hwcaps, size_t n_hwcaps) {
  struct dr_ldcache_cpu cpu = {hwcaps, n_hwcaps, 0xffffffffu, 0};
  return dr_ldcache_lookup_cpu(c, name, &cpu);
}

bool dr_ldcache_entry(const struct dr_ldcache *c, uint32_t i, const char **key,
                      const char **value, int32_t *flags, uint64_t *hwcap) {
  if (!c || !c->entries || i >= c->nlibs) return false;
  const uint8_t *e = entry_at(c, i);
  if (key) *key = key_of(c, i);
  if (value) *value = str_at(c->strings, c->strings_size, rd32(e + 8));
  if (flags) *flags = (int32_t)rd32(e);
  if (hwcap) *hwcap = c->entry_size == NEW_ENTRY ? rd64(e + 16) : 0;
  return true;
}
