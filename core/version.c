/* core/version.c: walking version definitions and requirements, bounds-checked. */
#include "version.h"

/* Each chain has at most verdefnum/verneednum entries; a cycle or a pointer out of
 * the image ends the walk with an error. */
#define MAX_CHAIN 65536

/* The walks are inlined into each caller, with its callback: libc.so.6 alone has 46
 * definitions, walked for every process. */
#define WALK static inline __attribute__((always_inline))

/* A chain's entries all lie after its first (vd_next, vd_aux, vn_next and vn_aux
 * are unsigned), so one bound covers them: the bytes mapped from the first entry
 * to the end of its segment, found once. Version structures are arrays of 32-bit
 * words (the 16-bit fields come in pairs): 4-byte aligned. */
struct span {
  const char *base;
  uint64_t avail;
};

WALK struct span span_of(struct dr_image *im, uint64_t vaddr, const void *first) {
  return (struct span){first, dr_image_avail(im, vaddr)};
}

WALK const void *at(const struct span *s, uint64_t off, uint64_t len) {
  return off % 4 || len > s->avail || off > s->avail - len ? 0 : s->base + off;
}

typedef const char *(*def_fn)(void *arg, const Elf64_Verdef *vd, const char *name);
typedef const char *(*aux_fn)(void *arg, const Elf64_Verneed *vn, const Elf64_Vernaux *va,
                              const char *file, const char *name);

WALK const char *walk_defs(struct dr_image *im, const struct dr_dynamic *d, def_fn fn, void *arg) {
  if (!d->verdef) return 0;
  struct span sp = span_of(im, d->verdef_vaddr, d->verdef);
  uint64_t v = 0;
  for (uint64_t k = 0; k < MAX_CHAIN; k++) {
    const Elf64_Verdef *vd = at(&sp, v, sizeof *vd);
    if (!vd || vd->vd_version != 1) return "invalid version definition";
    const Elf64_Verdaux *aux = at(&sp, v + vd->vd_aux, sizeof *aux);
    if (!aux) return "invalid version definition";
    const char *name = dr_dyn_str(d, aux->vda_name);
    if (!name) return "invalid version definition";
    const char *err = fn(arg, vd, name);
    if (err) return err;
    if (vd->vd_next == 0) return 0;
    v += vd->vd_next;
  }
  return "invalid version definition";
}

WALK const char *walk_needs(struct dr_image *im, const struct dr_dynamic *d, aux_fn fn, void *arg) {
  if (!d->verneed) return 0;
  struct span sp = span_of(im, d->verneed_vaddr, d->verneed);
  uint64_t v = 0, total = 0;
  for (uint64_t k = 0; k < MAX_CHAIN; k++) {
    const Elf64_Verneed *vn = at(&sp, v, sizeof *vn);
    if (!vn || vn->vn_version != 1) return "invalid version requirement";
    const char *file = dr_dyn_str(d, vn->vn_file);
    if (!file) return "invalid version requirement";
    uint64_t a = v + vn->vn_aux;
    for (;;) {
      /* As for the outer chains: past the cap is an error, not the end of the chain.
       * The cap counts the Vernaux entries of all requirements together: the chains
       * may share their entries, and 65536 requirements each walking the same long
       * chain would take minutes (found reading the code; glibc has no cap at all). */
      if (total++ == MAX_CHAIN) return "invalid version requirement";
      const Elf64_Vernaux *va = at(&sp, a, sizeof *va);
      if (!va) return "invalid version requirement";
      const char *name = dr_dyn_str(d, va->vna_name);
      if (!name) return "invalid version requirement";
      const char *err = fn(arg, vn, va, file, name);
      if (err) return err;
      if (va->vna_next == 0) break;
      a += va->vna_next;
    }
    if (vn->vn_next == 0) return 0;
    v += vn->vn_next;
  }
  return "invalid version requirement";
}

long dr_versions_count(struct dr_image *im, const struct dr_dynamic *d) {
  size_t ndefs;
  return dr_versions_tables(im, d, 0, 0, 0, 0, &ndefs);
}

struct fill {
  struct dr_version *out;
  size_t n;
};

static const char *fill_def(void *arg, const Elf64_Verdef *vd, const char *name) {
  struct fill *f = arg;
  /* The base version names the object itself; glibc keeps it out of matching. */
  if (vd->vd_flags & VER_FLG_BASE) return 0;
  size_t i = vd->vd_ndx & 0x7fff;
  if (i >= f->n) return "invalid version definition";
  f->out[i] = (struct dr_version){name, vd->vd_hash, 0, 0};
  return 0;
}

static const char *fill_aux(void *arg, const Elf64_Verneed *vn, const Elf64_Vernaux *va,
                            const char *file, const char *name) {
  (void)vn;
  struct fill *f = arg;
  size_t i = va->vna_other & 0x7fff;
  if (i >= f->n) return "invalid version requirement";
  f->out[i] = (struct dr_version){name, va->vna_hash, (va->vna_other & 0x8000) != 0, file};
  return 0;
}

const char *dr_versions_fill(struct dr_image *im, const struct dr_dynamic *d,
                             struct dr_version *out, size_t n) {
  for (size_t i = 0; i < n; i++) out[i] = (struct dr_version){0, 0, 0, 0};
  struct fill f = {out, n};
  const char *err = walk_needs(im, d, fill_aux, &f);
  return err ? err : walk_defs(im, d, fill_def, &f);
}

struct each {
  dr_verneed_fn fn;
  void *arg;
};

static const char *each_aux(void *arg, const Elf64_Verneed *vn, const Elf64_Vernaux *va,
                            const char *file, const char *name) {
  (void)vn;
  struct each *e = arg;
  return e->fn(e->arg, file, name, va->vna_hash, (va->vna_flags & VER_FLG_WEAK) != 0);
}

const char *dr_versions_each_need(struct dr_image *im, const struct dr_dynamic *d,
                                  dr_verneed_fn need, void *arg) {
  struct each e = {need, arg};
  return walk_needs(im, d, each_aux, &e);
}

struct defines {
  const char *name;
  uint32_t hash;
  bool found;
};

static const char *def_match(void *arg, const Elf64_Verdef *vd, const char *name) {
  struct defines *q = arg;
  if (vd->vd_hash == q->hash && dr_strcmp(name, q->name) == 0) q->found = true;
  return 0;
}

bool dr_versions_defines(struct dr_image *im, const struct dr_dynamic *d, const char *name,
                         uint32_t hash) {
  struct defines q = {name, hash, false};
  return walk_defs(im, d, def_match, &q) == 0 && q.found;
}

struct index_is {
  uint32_t ndx;
  const char *name;
  uint32_t hash;
  bool found;
};

static const char *index_match(void *arg, const Elf64_Verdef *vd, const char *name) {
  struct index_is *q = arg;
  if ((vd->vd_ndx & 0x7fff) == q->ndx && vd->vd_hash == q->hash && !(vd->vd_flags & VER_FLG_BASE) &&
      dr_strcmp(name, q->name) == 0)
    q->found = true;
  return 0;
}

bool dr_verdef_index_is(struct dr_image *im, const struct dr_dynamic *d, uint32_t ndx, const char *name,
                        uint32_t hash) {
  struct index_is q = {ndx, name, hash, false};
  return walk_defs(im, d, index_match, &q) == 0 && q.found;
}

/* Both tables from one walk of each chain (dr_versions_tables). Entries are written
 * only below the room given; MAX counts what is needed whatever the room, and HI
 * how far OUT is initialised (entries past it are cleared as the walk reaches them). */
struct tables {
  struct dr_version *out;
  size_t cap, hi;
  uint64_t max;
  struct dr_verdef *defs;
  size_t defcap, ndefs;
};

static inline void put_version(struct tables *t, size_t i, struct dr_version v) {
  if (i >= t->cap) return;
  for (size_t k = t->hi; k < i; k++) t->out[k] = (struct dr_version){0, 0, 0, 0};
  if (t->hi <= i) t->hi = i + 1;
  t->out[i] = v;
}

static const char *table_def(void *arg, const Elf64_Verdef *vd, const char *name) {
  struct tables *t = arg;
  size_t i = vd->vd_ndx & 0x7fff;
  if (i > t->max) t->max = i;
  if (t->ndefs < t->defcap) t->defs[t->ndefs] = (struct dr_verdef){name, vd->vd_hash};
  t->ndefs++;
  /* The base version names the object itself; glibc keeps it out of matching. */
  if (!(vd->vd_flags & VER_FLG_BASE)) put_version(t, i, (struct dr_version){name, vd->vd_hash, 0, 0});
  return 0;
}

static const char *table_aux(void *arg, const Elf64_Verneed *vn, const Elf64_Vernaux *va,
                             const char *file, const char *name) {
  (void)vn;
  struct tables *t = arg;
  size_t i = va->vna_other & 0x7fff;
  if (i > t->max) t->max = i;
  put_version(t, i, (struct dr_version){name, va->vna_hash, (va->vna_other & 0x8000) != 0, file});
  return 0;
}

long dr_versions_tables(struct dr_image *im, const struct dr_dynamic *d, struct dr_version *out,
                        size_t cap, struct dr_verdef *defs, size_t defcap, size_t *ndefs) {
  struct tables t = {out, cap, 0, 0, defs, defcap, 0};
  *ndefs = 0;
  if (!d->verdef && !d->verneed) return 0;
  /* Requirements first: a definition of the same index replaces one (as dr_versions_fill). */
  if (walk_needs(im, d, table_aux, &t) || walk_defs(im, d, table_def, &t)) return -1;
  size_t n = (size_t)t.max + 1;
  for (; t.hi < n && t.hi < cap; t.hi++) out[t.hi] = (struct dr_version){0, 0, 0, 0};
  *ndefs = t.ndefs;
  return (long)n;
}

bool dr_verdefs_have(const struct dr_verdef *defs, size_t n, const char *name, uint32_t hash) {
  for (size_t i = 0; i < n; i++)
    if (defs[i].hash == hash && dr_strcmp(defs[i].name, name) == 0) return true;
  return false;
}
