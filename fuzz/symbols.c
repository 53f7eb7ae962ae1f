/* fuzz/symbols.c: `bazel run //fuzz:symbols`: GNU and SysV hash lookup and version
 * matching (core/symbol.c, core/version.c) over a fuzzed object and fuzzed lookups.
 *
 * Input: OBJECT, then QUERIES, then LEN: the last two bytes (little-endian) give
 * the length of QUERIES (clamped to what is there). QUERIES is text, one lookup a
 * line: "FLAGS:NAME" or "FLAGS:NAME@VERSION", FLAGS any of
 *   p  PLT class (undefined symbols skipped)   c  COPY class
 *   n  DR_LOOKUP_RETURN_NEWEST (dlsym)          h  hidden version reference
 *   x  version hash off by one (a hash that does not match the name)
 *   e  the object is the executable (COPY lookups skip it)
 * Each lookup runs in the object through its GNU hash table, through its SysV
 * table alone and along a scope of both views, and asks DT_VERDEF whether the
 * version is defined. Then every symbol the object holds is looked up by its own
 * name and version, as a relocation naming it would be. A result must be a
 * symbol of the name asked for, inside the hashed part of the table; anything
 * else is a logic error and traps. Each lookup is also made through a scope
 * index (core/symindex.c) over the object as the program, as a library and
 * without tables, which must answer as the walk along that scope does.
 */
#include "core/symbol.h"
#include "core/symindex.h"
#include "harness.h"

#define MAX_QUERIES 64
#define MAX_OWN 512

static void check(const struct dr_dynamic *d, uint32_t i, const char *name) {
  if (i == 0) return;
  if (i >= d->nsyms) __builtin_trap();
  const char *s = dr_dyn_str(d, d->symtab[i].st_name);
  if (!s || strcmp(s, name) != 0) __builtin_trap();
}

/* The scope an index covers: views[0] as the program and as a library (each
 * name twice: the second is the walk's to find), views[2] with no table. */
struct indexed {
  struct dr_symobj objs[3];
  const struct dr_symobj *scope[3];
  struct dr_symindex x;
  uint64_t *slots;
};

static void index_build(struct indexed *ix, struct fz_object *o, const struct dr_dynamic views[3]) {
  for (int k = 0; k < 3; k++) {
    ix->objs[k] = (struct dr_symobj){&views[k == 2 ? 2 : 0], o->versions, o->nversions, k == 0, false};
    ix->scope[k] = &ix->objs[k];
  }
  uint64_t nhashed, n = dr_symindex_slots(ix->scope, 3, &nhashed);
  ix->slots = n ? calloc(n, 8) : 0;
  if (ix->slots) dr_symindex_build(&ix->x, ix->slots, n, ix->scope, 3);
}

static void index_check(const struct indexed *ix, const char *name, const struct dr_version *version,
                        int type_class, int flags) {
  if (!ix->slots) return;
  struct dr_lookup q;
  size_t k = 0, xk = 0;
  uint32_t i = 0, xi = 0;
  dr_lookup_init(&q, name, version, type_class, flags);
  bool walk = dr_find_in_scope(ix->scope, 3, &q, &k, &i);
  dr_lookup_init(&q, name, version, type_class, flags);
  if (dr_symindex_find(&ix->x, &q, &xk, &xi) != walk || (walk && (k != xk || i != xi))) __builtin_trap();
}

/* Looks NAME (VERSION may be NULL) up in every view of the object. */
static void lookup(struct fz_object *o, const struct dr_dynamic views[3], const struct indexed *ix,
                   const char *name, const struct dr_version *version, int type_class, int flags, bool exe) {
  index_check(ix, name, version, type_class, flags);
  struct dr_symobj objs[3];
  const struct dr_symobj *scope[3];
  for (int v = 0; v < 3; v++) {
    objs[v] = (struct dr_symobj){&views[v], o->versions, o->nversions, exe, false};
    scope[v] = &objs[v];
  }
  for (int v = 0; v < 3; v++) {
    struct dr_lookup q;
    dr_lookup_init(&q, name, version, type_class, flags);
    check(&views[v], dr_find_in_object(&objs[v], &q), name);
  }
  /* Scopes starting at each view: the first with a definition wins. */
  for (int first = 0; first < 3; first++) {
    struct dr_lookup q;
    dr_lookup_init(&q, name, version, type_class, flags);
    size_t k = 99;
    uint32_t idx = 0;
    if (dr_find_in_scope(scope + first, 3 - (size_t)first, &q, &k, &idx)) {
      if (k >= 3 - (size_t)first) __builtin_trap();
      check(&views[first + k], idx, name);
      if (idx == 0) __builtin_trap();
    }
  }
  if (version && version->name)
    fz_defines(o, version->name, version->hash);
}

static void run_queries(struct fz_object *o, const struct dr_dynamic views[3], const struct indexed *ix,
                        const uint8_t *q, size_t n) {
  size_t line = 0, count = 0;
  while (line < n && count < MAX_QUERIES) {
    size_t end = line;
    while (end < n && q[end] != '\n') end++;
    /* An exact-size, NUL-terminated copy of the line, split at ':' and '@'. */
    size_t len = end - line;
    char *buf = malloc(len + 1);
    memcpy(buf, q + line, len);
    buf[len] = '\0';
    char *name = memchr(buf, ':', len);
    const char *flags = "";
    if (name) {
      *name++ = '\0';
      flags = buf;
    } else {
      name = buf;
    }
    char *at = strchr(name, '@');
    struct dr_version v = {0, 0, false, "fuzzed"};
    if (at) {
      *at = '\0';
      v.name = at + 1;
      if (*v.name == '@') v.name++; /* name@@VERSION reads the same */
      v.hash = dr_elf_hash(v.name) + (strchr(flags, 'x') ? 1 : 0);
      v.hidden = strchr(flags, 'h') != 0;
    }
    int cls = (strchr(flags, 'p') ? DR_CLASS_PLT : 0) | (strchr(flags, 'c') ? DR_CLASS_COPY : 0);
    int fl = strchr(flags, 'n') ? DR_LOOKUP_RETURN_NEWEST : 0;
    lookup(o, views, ix, name, at ? &v : 0, cls, fl, strchr(flags, 'e') != 0);
    free(buf);
    line = end + 1;
    count++;
  }
}

/* Every symbol of the object by its own name and version, as resolve.c asks. */
static void run_own(struct fz_object *o, const struct dr_dynamic views[3], const struct indexed *ix) {
  const struct dr_dynamic *d = &o->dyn;
  for (uint32_t i = 1; i < d->nsymtab && i < MAX_OWN; i++) {
    const char *name = dr_dyn_str(d, d->symtab[i].st_name);
    if (!name) continue;
    const struct dr_version *v = 0;
    if (d->versym && i < d->nversym) {
      uint32_t ndx = d->versym[i] & 0x7fff;
      if (ndx < o->nversions && o->versions[ndx].name) v = &o->versions[ndx];
    }
    lookup(o, views, ix, name, v, i % 3 == 0 ? DR_CLASS_PLT : i % 3 == 1 ? DR_CLASS_COPY : 0,
           i % 2 ? DR_LOOKUP_RETURN_NEWEST : 0, i % 5 == 0);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t qlen = 0;
  if (size >= 2) {
    qlen = (size_t)data[size - 2] | (size_t)data[size - 1] << 8;
    size -= 2;
    if (qlen > size) qlen = size;
  }
  size_t objlen = size - qlen;
  uint8_t *obj = fz_dup(data, objlen);
  uint8_t *queries = fz_dup(data + objlen, qlen);
  struct fz_object o;
  if (fz_load(&o, obj, objlen) == 0) {
    struct dr_dynamic views[3] = {o.dyn, o.dyn, o.dyn};
    /* views[0]: as parsed (GNU hash where present); [1]: SysV only; [2]: no table. */
    memset(&views[1].gnu, 0, sizeof views[1].gnu);
    memset(&views[2].gnu, 0, sizeof views[2].gnu);
    memset(&views[2].sysv, 0, sizeof views[2].sysv);
    struct indexed ix;
    index_build(&ix, &o, views);
    run_queries(&o, views, &ix, queries, qlen);
    run_own(&o, views, &ix);
    free(ix.slots);
  }
  fz_free(&o);
  free(obj);
  free(queries);
  return 0;
}
