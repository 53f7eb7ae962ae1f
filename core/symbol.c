/* core/symbol.c: hash functions and glibc's matching rules. */
#include "symbol.h"

/* Every lookup hashes its name, and C++ names are long: eight characters a
 * step where the word can be read (see base.h). The hash is h*33 + c per
 * character, so a word of characters b0..b7 adds sum(b_i * 33^(7-i)) to
 * h*33^8, a polynomial computed in three lane-wise steps: pairs in 16-bit
 * lanes, quads in 32-bit lanes, then the two halves. No lane overflows into
 * the next (255*33+255 < 2^16; 8670*33^2+8670 < 2^32). */
#ifndef DR_NO_WORD_READS
static inline uint32_t word_poly(uint64_t x) {
  const uint64_t m8 = 0x00ff00ff00ff00ffULL, m16 = 0x0000ffff0000ffffULL;
  uint64_t pairs = (x & m8) * 33 + ((x >> 8) & m8);
  uint64_t quads = (pairs & m16) * (33 * 33) + ((pairs >> 16) & m16);
  return (uint32_t)quads * (33u * 33 * 33 * 33) + (uint32_t)(quads >> 32);
}
#endif

uint32_t dr_gnu_hash(const char *name) {
  uint32_t h = 5381;
  const unsigned char *s = (const unsigned char *)name;
#ifndef DR_NO_WORD_READS
  /* 33^n mod 2^32: the weight of h after n more characters. */
  static const uint32_t pow33[9] = {1u,        33u,        1089u,       35937u,     1185921u,
                                    39135393u, 1291467969u, 3963737313u, 1954312449u};
  const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  for (; ((uintptr_t)s & 4095) <= 4096 - 8; s += 8) {
    uint64_t x;
    __builtin_memcpy(&x, s, 8);
    uint64_t zero = (x - ones) & ~x & highs; /* exact for the lowest zero byte */
    if (!zero) {
      h = h * pow33[8] + word_poly(x);
      continue;
    }
    /* The n characters before the end, moved to the word's last lanes, where
     * lane j weighs 33^(7-j): the first then weighs 33^(n-1). */
    unsigned n = (unsigned)__builtin_ctzll(zero) / 8;
    return n ? h * pow33[n] + word_poly(x << (64 - 8 * n)) : h;
  }
#endif
  for (;; s += 2) {
    if (!s[0]) return h;
    if (!s[1]) return h * 33 + s[0];
    h = h * (33 * 33) + s[0] * 33u + s[1];
  }
}

uint32_t dr_elf_hash(const char *name) {
  uint32_t h = 0;
  for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
    h = (h << 4) + *s;
    uint32_t g = h & 0xf0000000u;
    h ^= g >> 24;
    h &= ~g;
  }
  return h;
}

void dr_lookup_init(struct dr_lookup *q, const char *name, const struct dr_version *version,
                    int type_class, int flags) {
  q->name = name;
  q->gnu_hash = dr_gnu_hash(name);
  q->elf_hash = 0xffffffffu;
  q->version = version;
  q->type_class = type_class;
  q->flags = flags;
}

#define ALLOWED_STT                                                                     \
  ((1u << STT_NOTYPE) | (1u << STT_OBJECT) | (1u << STT_FUNC) | (1u << STT_COMMON) | \
   (1u << STT_TLS) | (1u << STT_GNU_IFUNC))

/* Per-object state of one lookup: glibc accepts a lone non-hidden versioned
 * definition for an unversioned reference only if it is the only one. */
struct versioned {
  uint32_t first;
  int count;
};

static bool version_ok(const struct dr_symobj *o, const struct dr_lookup *q, uint32_t i,
                       struct versioned *v) {
  const Elf64_Half *versym = o->dyn->versym;
  if (q->version) {
    if (!versym) return true;  /* an unversioned object satisfies any version */
    uint32_t ndx = versym[i] & 0x7fff;
    const struct dr_version *have = ndx < o->nversions ? &o->versions[ndx] : 0;
    bool same = have && have->name && have->hash == q->version->hash &&
                dr_strcmp(have->name, q->version->name) == 0;
    if (same) return true;
    /* An unversioned (index 0/1) non-hidden definition stands in for any version. */
    bool has_hash = have && have->name && have->hash;
    return !(q->version->hidden || has_hash || (versym[i] & 0x8000));
  }
  if (versym && (uint32_t)(versym[i] & 0x7fff) >= ((q->flags & DR_LOOKUP_RETURN_NEWEST) ? 2u : 3u)) {
    if ((versym[i] & 0x8000) == 0 && v->count++ == 0) v->first = i;
    return false;
  }
  return true;
}

static bool matches(const struct dr_symobj *o, struct dr_lookup *q, uint32_t i,
                    struct versioned *v) {
  const struct dr_dynamic *d = o->dyn;
  const Elf64_Sym *s = &d->symtab[i];
  unsigned stt = ELF64_ST_TYPE(s->st_info);
  if ((s->st_value == 0 && s->st_shndx != SHN_ABS && stt != STT_TLS) ||
      ((q->type_class & DR_CLASS_PLT) && s->st_shndx == SHN_UNDEF))
    return false;
  if (!((1u << stt) & ALLOWED_STT)) return false;
  const char *name = dr_dyn_str(d, s->st_name);
  if (!name || dr_strcmp(name, q->name) != 0) return false;
  return version_ok(o, q, i, v);
}

/* The Bloom filter's answer: false means the object has no such name. Most objects
 * of a scope are ruled out here, so dr_find_in_scope asks it before the call. */
static inline bool bloom_may_have(const struct dr_gnu_hash *g, uint32_t h) {
  uint64_t word = g->bloom[(h / 64) & (g->bloom_size - 1)];
  return (word >> (h % 64)) & (word >> ((h >> g->bloom_shift) % 64)) & 1;
}

static uint32_t find_gnu(const struct dr_symobj *o, struct dr_lookup *q, struct versioned *v) {
  const struct dr_gnu_hash *g = &o->dyn->gnu;
  uint32_t h = q->gnu_hash;
  if (!bloom_may_have(g, h)) return 0;
  uint32_t i = g->buckets[h % g->nbuckets];
  /* Chains were checked at parse time to end within nsyms; a bucket below symoffset
   * was rejected there too, unless DT_HASH gave the count without a scan. */
  if (i == 0 || i < g->symoffset || !g->chains) return 0;
  for (; i < o->dyn->nsyms; i++) {
    uint32_t c = g->chains[i - g->symoffset];
    if (((c ^ h) >> 1) == 0 && matches(o, q, i, v)) return i;
    if (c & 1) break;
  }
  return 0;
}

static uint32_t find_sysv(const struct dr_symobj *o, struct dr_lookup *q, struct versioned *v) {
  const struct dr_sysv_hash *s = &o->dyn->sysv;
  if (q->elf_hash == 0xffffffffu) q->elf_hash = dr_elf_hash(q->name);
  uint32_t i = s->buckets[q->elf_hash % s->nbucket];
  /* A malformed chain may loop: no chain is longer than the table. */
  for (uint32_t steps = 0; i != STN_UNDEF && i < s->nchain && i < o->dyn->nsyms && steps <= s->nchain;
       i = s->chains[i], steps++)
    if (matches(o, q, i, v)) return i;
  return 0;
}

uint32_t dr_find_in_object(const struct dr_symobj *o, struct dr_lookup *q) {
  if (!o->dyn->symtab) return 0;
  struct versioned v = {0, 0};
  uint32_t i = 0;
  if (o->dyn->gnu.nbuckets)
    i = find_gnu(o, q, &v);
  else if (o->dyn->sysv.nbucket)
    i = find_sysv(o, q, &v);
  if (i == 0 && v.count == 1) i = v.first;
  return i;
}

bool dr_find_in_scope(const struct dr_symobj *const *scope, size_t n, struct dr_lookup *q,
                      size_t *obj_index, uint32_t *sym_index) {
  for (size_t k = 0; k < n; k++) {
    const struct dr_symobj *o = scope[k];
    if (o->skip || ((q->type_class & DR_CLASS_COPY) && o->is_executable)) continue;
    if (o->dyn->gnu.nbuckets && !bloom_may_have(&o->dyn->gnu, q->gnu_hash)) continue;
    uint32_t i = dr_find_in_object(o, q);
    if (i == 0) continue;
    const Elf64_Sym *s = &o->dyn->symtab[i];
    unsigned vis = ELF64_ST_VISIBILITY(s->st_other);
    if (vis == STV_HIDDEN || vis == STV_INTERNAL) continue;
    unsigned bind = ELF64_ST_BIND(s->st_info);
    if (bind != STB_GLOBAL && bind != STB_WEAK && bind != STB_GNU_UNIQUE) continue;
    *obj_index = k;
    *sym_index = i;
    return true;
  }
  return false;
}
