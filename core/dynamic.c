/* core/dynamic.c: reading and checking the dynamic section. */
#include "dynamic.h"

#ifdef __SSE2__
#include <emmintrin.h> /* compiler-provided, like <stdint.h> */
#endif

#define ABSENT UINT64_MAX

/* Tags whose values we need, indexed densely; DT_* beyond DT_NUM map here. */
enum { T_VERSYM, T_VERDEF, T_VERDEFNUM, T_VERNEED, T_VERNEEDNUM, T_GNU_HASH, T_FLAGS_1, T_RELACOUNT,
       T_COUNT };

/* DT_RELRSZ, DT_RELR and DT_RELRENT (35 to 37) are below DT_NUM in new <elf.h>,
 * above it in old: V covers them either way. */
#define NV (DT_NUM > DT_RELRENT ? DT_NUM : DT_RELRENT + 1)

struct raw {
  uint64_t v[NV];
  uint64_t x[T_COUNT];
};

/* One pass over the entries up to DT_NULL: the values we need into R, where
 * DT_DEBUG lies, and how many entries precede DT_NULL (false: none does). */
static bool collect(const Elf64_Dyn *dyn, size_t max, struct raw *r, struct dr_dynamic *d) {
  for (size_t i = 0; i < NV; i++) r->v[i] = ABSENT;
  for (size_t i = 0; i < T_COUNT; i++) r->x[i] = ABSENT;
  size_t i = 0;
  for (; i < max; i++) {
    int64_t t = dyn[i].d_tag;
    uint64_t val = dyn[i].d_un.d_val;
    if ((uint64_t)t < NV) {
      if (t == DT_NULL) break;
      if (t == DT_DEBUG) d->debug_index = i;
      /* First occurrence wins, as in glibc's l_info table (last wins there, but a
       * duplicate table pointer is malformed either way; take one consistently). */
      if (t != DT_NEEDED && r->v[t] == ABSENT) r->v[t] = val;
      continue;
    }
    switch (t) {
      case DT_VERSYM: r->x[T_VERSYM] = val; break;
      case DT_VERDEF: r->x[T_VERDEF] = val; break;
      case DT_VERDEFNUM: r->x[T_VERDEFNUM] = val; break;
      case DT_VERNEED: r->x[T_VERNEED] = val; break;
      case DT_VERNEEDNUM: r->x[T_VERNEEDNUM] = val; break;
      case DT_GNU_HASH: r->x[T_GNU_HASH] = val; break;
      case DT_FLAGS_1: r->x[T_FLAGS_1] = val; break;
      case DT_RELACOUNT: r->x[T_RELACOUNT] = val; break;
      default: break;
    }
  }
  d->ndyn = i;
  return i < max;
}

/* Sets *p to the run-time address of a table of n entries of size sz at file address
 * vaddr. The table must be aligned for its entry type: the bias is page-aligned, so
 * the file address's alignment is the run-time one. */
static inline __attribute__((always_inline)) bool table(struct dr_image *im, uint64_t vaddr,
                                                          uint64_t n, uint64_t sz, const void **p) {
  uint64_t align = sz % 8 == 0 ? 8 : sz % 4 == 0 ? 4 : sz % 2 == 0 ? 2 : 1;
  if (align > 1 && vaddr % align != 0) return false;
  if (n != 0 && sz != 0 && n > UINT64_MAX / sz) return false;
  *p = dr_image_ptr(im, vaddr, n * sz, false);
  return *p != 0;
}

static const char *parse_sysv_hash(struct dr_image *im, uint64_t vaddr, struct dr_sysv_hash *h) {
  const uint32_t *w;
  if (!table(im, vaddr, 2, 4, (const void **)&w)) return "invalid DT_HASH";
  h->nbucket = w[0];
  h->nchain = w[1];
  if (!table(im, vaddr, 2 + (uint64_t)h->nbucket + h->nchain, 4, (const void **)&w) ||
      h->nbucket == 0)
    return "invalid DT_HASH";
  h->buckets = w + 2;
  h->chains = w + 2 + h->nbucket;
  return 0;
}

/* The largest bucket value, in *max; false if a non-empty bucket lies below
 * symoffset. A large object has thousands of buckets: with SSE2, four a step and no
 * branch (unsigned compares done as signed ones on values with the top bit flipped;
 * x - 1 < symoffset - 1, unsigned, is exactly 0 < x < symoffset). */
static bool scan_buckets(const uint32_t *b, uint32_t n, uint32_t symoffset, uint32_t *max) {
  uint32_t m = 0, i = 0, lim = symoffset ? symoffset - 1 : 0;
  bool below = false;
#ifdef __SSE2__
  const __m128i flip = _mm_set1_epi32(INT32_MIN), one = _mm_set1_epi32(1);
  const __m128i vlim = _mm_xor_si128(_mm_set1_epi32((int32_t)lim), flip);
  __m128i vmax = flip, vbelow = _mm_setzero_si128();
  for (; n - i >= 4; i += 4) {
    __m128i x = _mm_loadu_si128((const __m128i *)(b + i)), xf = _mm_xor_si128(x, flip);
    __m128i gt = _mm_cmpgt_epi32(xf, vmax);
    vmax = _mm_or_si128(_mm_and_si128(gt, xf), _mm_andnot_si128(gt, vmax));
    __m128i xm1 = _mm_xor_si128(_mm_sub_epi32(x, one), flip);
    vbelow = _mm_or_si128(vbelow, _mm_cmplt_epi32(xm1, vlim));
  }
  uint32_t lanes[4];
  _mm_storeu_si128((__m128i *)lanes, _mm_xor_si128(vmax, flip));
  for (int k = 0; k < 4; k++) m = lanes[k] > m ? lanes[k] : m;
  below = _mm_movemask_epi8(vbelow) != 0;
#endif
  for (; i < n; i++) {
    if (b[i] == 0) continue;
    below |= b[i] - 1 < lim;
    if (b[i] > m) m = b[i];
  }
  *max = m;
  return !below;
}

/* GNU hash: the symbol count is not stored; it ends where the last chain ends. With
 * DT_HASH beside it (glibc's own libraries), DT_HASH's nchain is the count (the gABI
 * says so): the chains are bounded by it without scanning every bucket, and find_gnu
 * skips a bucket below symoffset instead. */
static const char *parse_gnu_hash(struct dr_image *im, uint64_t vaddr, struct dr_gnu_hash *h,
                                  uint32_t nchain, uint32_t *nsyms) {
  const uint32_t *w;
  if (!table(im, vaddr, 4, 4, (const void **)&w)) return "invalid DT_GNU_HASH";
  h->nbuckets = w[0];
  h->symoffset = w[1];
  h->bloom_size = w[2];
  h->bloom_shift = w[3];
  if (h->nbuckets == 0 || h->bloom_size == 0 || !dr_align_ok(h->bloom_size) ||
      h->bloom_shift >= 32) /* it shifts a 32-bit hash */
    return "invalid DT_GNU_HASH";
  uint64_t bloom_at = vaddr + 16, buckets_at = bloom_at + 8ULL * h->bloom_size;
  if (!table(im, bloom_at, h->bloom_size, 8, (const void **)&h->bloom) ||
      !table(im, buckets_at, h->nbuckets, 4, (const void **)&h->buckets))
    return "invalid DT_GNU_HASH";
  uint64_t chains_at = buckets_at + 4ULL * h->nbuckets;
  if (nchain) {
    /* The gABI's count of symbols: the GNU table hashes those from symoffset on. */
    if (nchain < h->symoffset) return "invalid DT_GNU_HASH";
    h->chains = 0;  /* none hashed */
    if (nchain > h->symoffset &&
        !table(im, chains_at, nchain - h->symoffset, 4, (const void **)&h->chains))
      return "invalid DT_GNU_HASH";
    *nsyms = nchain;
    return 0;
  }
  uint32_t max;
  if (!scan_buckets(h->buckets, h->nbuckets, h->symoffset, &max)) return "invalid DT_GNU_HASH";
  if (max == 0) {  /* no symbols hashed */
    h->chains = 0;
    *nsyms = h->symoffset;
    return 0;
  }
  /* Walk the last chain to its end bit, checking each word is mapped. */
  uint64_t i = max - h->symoffset;
  for (;;) {
    const uint32_t *c = dr_image_ptr(im, chains_at + 4 * i, 4, false);
    if (!c || i >= UINT32_MAX - h->symoffset) return "invalid DT_GNU_HASH";
    if (*c & 1) break;
    i++;
  }
  if (!table(im, chains_at, i + 1, 4, (const void **)&h->chains)) return "invalid DT_GNU_HASH";
  *nsyms = (uint32_t)(h->symoffset + i + 1);
  return 0;
}

static const char *parse_relocs(struct dr_image *im, const struct raw *r, struct dr_dynamic *d) {
  if (r->v[DT_REL] != ABSENT) return "DT_REL relocations are not used on x86-64";
  if (r->v[DT_RELA] != ABSENT) {
    if (r->v[DT_RELASZ] == ABSENT || r->v[DT_RELASZ] % sizeof(Elf64_Rela) != 0 ||
        (r->v[DT_RELAENT] != ABSENT && r->v[DT_RELAENT] != sizeof(Elf64_Rela)))
      return "invalid DT_RELA";
    d->nrela = r->v[DT_RELASZ] / sizeof(Elf64_Rela);
    if (!table(im, r->v[DT_RELA], d->nrela, sizeof(Elf64_Rela), (const void **)&d->rela))
      return "invalid DT_RELA";
    if (r->x[T_RELACOUNT] != ABSENT)
      d->relacount = r->x[T_RELACOUNT] < d->nrela ? r->x[T_RELACOUNT] : d->nrela;
  }
  if (r->v[DT_JMPREL] != ABSENT) {
    if (r->v[DT_PLTREL] != DT_RELA || r->v[DT_PLTRELSZ] == ABSENT ||
        r->v[DT_PLTRELSZ] % sizeof(Elf64_Rela) != 0)
      return "invalid DT_JMPREL";
    d->njmprel = r->v[DT_PLTRELSZ] / sizeof(Elf64_Rela);
    if (!table(im, r->v[DT_JMPREL], d->njmprel, sizeof(Elf64_Rela), (const void **)&d->jmprel))
      return "invalid DT_JMPREL";
  }
  if (r->v[DT_RELR] != ABSENT) {
    if (r->v[DT_RELRSZ] == ABSENT || r->v[DT_RELRSZ] % 8 != 0 ||
        (r->v[DT_RELRENT] != ABSENT && r->v[DT_RELRENT] != 8))
      return "invalid DT_RELR";
    d->nrelr = r->v[DT_RELRSZ] / 8;
    if (!table(im, r->v[DT_RELR], d->nrelr, 8, (const void **)&d->relr)) return "invalid DT_RELR";
  }
  return 0;
}

static const char *parse_arrays(struct dr_image *im, const struct raw *r, struct dr_dynamic *d) {
  static const struct { int at, sz; } tags[3] = {
      {DT_INIT_ARRAY, DT_INIT_ARRAYSZ}, {DT_FINI_ARRAY, DT_FINI_ARRAYSZ},
      {DT_PREINIT_ARRAY, DT_PREINIT_ARRAYSZ}};
  const uint64_t **ptr[3] = {&d->init_array, &d->fini_array, &d->preinit_array};
  uint64_t *cnt[3] = {&d->ninit_array, &d->nfini_array, &d->npreinit_array};
  for (int i = 0; i < 3; i++) {
    if (r->v[tags[i].at] == ABSENT) continue;
    uint64_t sz = r->v[tags[i].sz] == ABSENT ? 0 : r->v[tags[i].sz];
    if (sz % 8 != 0) return "invalid DT_INIT_ARRAY/DT_FINI_ARRAY size";
    *cnt[i] = sz / 8;
    if (!table(im, r->v[tags[i].at], *cnt[i], 8, (const void **)ptr[i]))
      return "invalid DT_INIT_ARRAY/DT_FINI_ARRAY";
  }
  return 0;
}

/* Linkers need not hash every dynamic symbol (GNU ld leaves undefined ones out,
 * and may even record fewer than it wrote), so relocations can name entries past
 * the hashed ones. Bound those by what is mapped, and by DT_STRTAB, which
 * linkers place right after DT_SYMTAB. */
static uint32_t symtab_extent(const struct dr_image *im, const struct raw *r, uint32_t nsyms) {
  uint64_t avail = dr_image_avail(im, r->v[DT_SYMTAB]) / sizeof(Elf64_Sym);
  uint64_t str = r->v[DT_STRTAB];
  if (str > r->v[DT_SYMTAB] && (str - r->v[DT_SYMTAB]) / sizeof(Elf64_Sym) < avail)
    avail = (str - r->v[DT_SYMTAB]) / sizeof(Elf64_Sym);
  if (avail > UINT32_MAX) avail = UINT32_MAX;
  return avail > nsyms ? (uint32_t)avail : nsyms;
}

static const char *parse_versions(struct dr_image *im, const struct raw *r, struct dr_dynamic *d) {
  if (r->x[T_VERSYM] != ABSENT) {
    uint64_t avail = dr_image_avail(im, r->x[T_VERSYM]) / sizeof(Elf64_Half);
    d->nversym = avail < d->nsymtab ? (uint32_t)avail : d->nsymtab;
    if (d->nversym < d->nsyms ||
        !table(im, r->x[T_VERSYM], d->nversym, sizeof(Elf64_Half), (const void **)&d->versym))
      return "invalid DT_VERSYM";
  }
  /* Verdef/verneed chains are walked (and bounds-checked) by core/version.c. */
  if (r->x[T_VERDEF] != ABSENT) {
    d->verdef_vaddr = r->x[T_VERDEF];
    d->verdefnum = r->x[T_VERDEFNUM] == ABSENT ? 0 : r->x[T_VERDEFNUM];
    if (!table(im, d->verdef_vaddr, 1, sizeof(Elf64_Verdef), (const void **)&d->verdef))
      return "invalid DT_VERDEF";
  }
  if (r->x[T_VERNEED] != ABSENT) {
    d->verneed_vaddr = r->x[T_VERNEED];
    d->verneednum = r->x[T_VERNEEDNUM] == ABSENT ? 0 : r->x[T_VERNEEDNUM];
    /* Elf64_Verneed is 16 bytes of 32-bit fields: 4-byte alignment, as 4 words. */
    if (!table(im, d->verneed_vaddr, sizeof(Elf64_Verneed) / 4, 4, (const void **)&d->verneed))
      return "invalid DT_VERNEED";
  }
  return 0;
}

const char *dr_dynamic_parse(struct dr_image *im, uint64_t vaddr, uint64_t size,
                             struct dr_dynamic *d) {
  dr_memset(d, 0, sizeof *d);
  d->soname = d->rpath = d->runpath = d->debug_index = ABSENT;
  const Elf64_Dyn *dyn;
  if (size < sizeof(Elf64_Dyn) ||
      !table(im, vaddr, size / sizeof(Elf64_Dyn), sizeof(Elf64_Dyn), (const void **)&dyn))
    return "invalid dynamic section";
  d->dyn = dyn;
  struct raw r;
  if (!collect(dyn, size / sizeof(Elf64_Dyn), &r, d)) return "dynamic section not terminated by DT_NULL";
  if (r.v[DT_STRTAB] == ABSENT || r.v[DT_STRSZ] == ABSENT || r.v[DT_STRSZ] == 0)
    return "object has no dynamic string table";
  d->strsz = r.v[DT_STRSZ];
  if (!table(im, r.v[DT_STRTAB], d->strsz, 1, (const void **)&d->strtab))
    return "invalid DT_STRTAB";
  if (d->strtab[d->strsz - 1] != '\0') return "DT_STRTAB not NUL-terminated";

  const char *err;
  if (r.v[DT_HASH] != ABSENT) {
    if ((err = parse_sysv_hash(im, r.v[DT_HASH], &d->sysv))) return err;
    d->nsyms = d->sysv.nchain;
  }
  if (r.x[T_GNU_HASH] != ABSENT &&
      (err = parse_gnu_hash(im, r.x[T_GNU_HASH], &d->gnu, d->sysv.nchain, &d->nsyms)))
    return err;
  if (d->nsyms && r.v[DT_SYMTAB] == ABSENT) return "object has hash tables but no DT_SYMTAB";
  if (r.v[DT_SYMTAB] != ABSENT) {
    if (r.v[DT_SYMENT] != ABSENT && r.v[DT_SYMENT] != sizeof(Elf64_Sym)) return "invalid DT_SYMENT";
    d->nsymtab = symtab_extent(im, &r, d->nsyms);
    if (!table(im, r.v[DT_SYMTAB], d->nsymtab, sizeof(Elf64_Sym), (const void **)&d->symtab))
      return "invalid DT_SYMTAB";
  }
  if ((err = parse_relocs(im, &r, d)) || (err = parse_arrays(im, &r, d)) ||
      (err = parse_versions(im, &r, d)))
    return err;

  d->pltgot = r.v[DT_PLTGOT] == ABSENT ? 0 : r.v[DT_PLTGOT];
  d->init = r.v[DT_INIT] == ABSENT ? 0 : r.v[DT_INIT];
  d->fini = r.v[DT_FINI] == ABSENT ? 0 : r.v[DT_FINI];
  d->flags = r.v[DT_FLAGS] == ABSENT ? 0 : r.v[DT_FLAGS];
  d->flags_1 = r.x[T_FLAGS_1] == ABSENT ? 0 : r.x[T_FLAGS_1];
  d->symbolic = r.v[DT_SYMBOLIC] != ABSENT || (d->flags & DF_SYMBOLIC);
  d->textrel = r.v[DT_TEXTREL] != ABSENT || (d->flags & DF_TEXTREL);
  d->bind_now = r.v[DT_BIND_NOW] != ABSENT || (d->flags & DF_BIND_NOW) || (d->flags_1 & DF_1_NOW);
  uint64_t *names[3] = {&d->soname, &d->rpath, &d->runpath};
  int tags[3] = {DT_SONAME, DT_RPATH, DT_RUNPATH};
  for (int i = 0; i < 3; i++) {
    if (r.v[tags[i]] == ABSENT) continue;
    if (!dr_dyn_str(d, r.v[tags[i]])) return "invalid string offset in dynamic section";
    *names[i] = r.v[tags[i]];
  }
  return 0;
}

const char *dr_dyn_next_needed(const struct dr_dynamic *d, size_t *i, bool *bad) {
  for (size_t k = *i; k < d->ndyn; k++) {
    if (d->dyn[k].d_tag != DT_NEEDED) continue;
    const char *s = dr_dyn_str(d, d->dyn[k].d_un.d_val);
    *i = k + 1;
    if (!s) *bad = true;
    return s ? s : "";
  }
  *i = d->ndyn;
  return 0;
}
