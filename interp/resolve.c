/* interp/resolve.c: symbol lookup for the running process (book: docs/06-symbols.md).
 *
 * The global scope is the program and everything loaded for it, in load
 * order; dryad itself is in it only if some object names it in DT_NEEDED, as
 * with glibc. An object linked -Bsymbolic (DT_SYMBOLIC) searches itself first.
 * A reference through a local or hidden symbol binds to the referring object
 * without any search. The per-object rules live in core/symbol.c.
 */
#include "dryad.h"

void dr_build_global_scope(struct dr_process *p) {
  struct dr_namespace *ns = &p->ns[0];
  p->nns = 1;
  ns->global_cap = p->nobjects + 8; /* room for a few RTLD_GLOBAL dlopens; dr_add_global grows it */
  ns->global_scope = dr_alloc(ns->global_cap * sizeof *ns->global_scope);
  ns->nglobal = 0;
  for (struct dr_object *o = p->head; o; o = o->next) {
    if ((o->is_rtld && !o->in_global_scope) || o->is_vdso || o->missing) continue;
    o->in_global_scope = true;
    ns->global_scope[ns->nglobal++] = &o->symobj;
  }
}

struct dr_object *object_of(const struct dr_symobj *s) {
  return (struct dr_object *)((char *)s - __builtin_offsetof(struct dr_object, symobj));
}

/* dr_versions_defines for a loaded object, from the table dr_object_finish kept. */
bool dr_object_defines(const struct dr_object *o, const char *version, uint32_t hash) {
  dr_versions_ready();
  return dr_verdefs_have(o->verdefs, o->nverdefs, version, hash);
}

/* Checks one DT_VERNEED entry of object O against the object it names. The
 * entries of one Elf64_Verneed share their file name: the object found for the
 * last name is kept. */
struct need_ctx {
  struct dr_process *p;
  struct dr_object *o;
  const char *file;
  struct dr_object *def;
};

/* By name, among the objects of namespace NS. */
static struct dr_object *find_by_name(struct dr_process *p, const char *file, uint32_t ns) {
  for (struct dr_object *o = p->ns[ns].head; o; o = o->l_next)
    if (o->soname && dr_strcmp(o->soname, file) == 0) return o;
  for (struct dr_object *o = p->ns[ns].head; o; o = o->l_next) {
    const char *base = o->l_name;
    for (const char *s = o->l_name; *s; s++)
      if (*s == '/') base = s + 1;
    if (dr_strcmp(base, file) == 0) return o;
  }
  return 0;
}

static const char *check_need(void *arg, const char *file, const char *name, uint32_t hash,
                              bool weak) {
  struct need_ctx *c = arg;
  if (file != c->file) c->file = file, c->def = find_by_name(c->p, file, c->o->ns);
  struct dr_object *def = c->def;
  /* A file not loaded was already reported by the DT_NEEDED walk; an object
   * without version definitions satisfies everything (glibc only warns). */
  if (!def || def->missing) return 0;
  if (dr_debug_mask & DR_DEBUG_VERSIONS)
    dr_dbg("checking for version `%s' in file %s [%u] required by file %s [%u]", name,
           dr_object_name(dr_debug_real(def)), dr_debug_real(def)->ns, dr_object_name(c->o), c->o->ns);
  if (!def->dyn.verdef) return 0;
  if (dr_object_defines(def, name, hash)) return 0;
  if (weak) return 0;
  char msg[512];
  dr_snprintf(msg, sizeof msg, "version `%s' not found (required by %s)", name, dr_object_name(c->o));
  if (dr_catch_current()) dr_fatal_load(dr_object_name(def), msg);
  dr_printf(2, "%s: %s: %s\n", c->p->progname, dr_object_name(def), msg);
  dr_exit(1); /* glibc's version check ends the process with status 1 */
}

/* glibc 2.36 refuses an object with DT_RELR that needs libc.so.* and has version
 * needs, but none on GLIBC_ABI_DT_RELR (elf/dl-version.c): the linker marks such
 * objects so that an older glibc rejects them instead of misrelocating them. */
static const char *relr_need(void *arg, const char *file, const char *name, uint32_t hash, bool weak) {
  (void)file, (void)hash, (void)weak;
  if (dr_strcmp(name, "GLIBC_ABI_DT_RELR") == 0) *(bool *)arg = true;
  return 0;
}

static void check_relr_tag(struct dr_object *o) {
  if (!o->dyn.relr || !o->dyn.verneed) return;
  size_t it = 0;
  bool bad = false, libc = false, tagged = false;
  for (const char *n; (n = dr_dyn_next_needed(&o->dyn, &it, &bad));) libc |= dr_strncmp(n, "libc.so.", 8) == 0;
  if (!libc) return;
  dr_versions_each_need(&o->image, &o->dyn, relr_need, &tagged);
  if (!tagged) dr_fatal_load(dr_object_name(o), "DT_RELR without GLIBC_ABI_DT_RELR dependency");
}

void dr_check_versions_from(struct dr_process *p, struct dr_object *start) {
  for (struct dr_object *o = start; o; o = o->next) {
    check_relr_tag(o);
    struct need_ctx c = {p, o, 0, 0};
    const char *err = dr_versions_each_need(&o->image, &o->dyn, check_need, &c);
    if (err) dr_fatal_load(dr_object_name(o), err);
  }
}

/* A binding cache being replayed was written by a run over these very files
 * (bindcache.c compares their identities), which passed this check: its answer
 * is the same, and its walk is a tenth of a small program's startup. */
void dr_check_versions(struct dr_process *p) {
  if (!dr_bindcache_replaying()) dr_check_versions_from(p, p->head);
}

/* The search and its scopes are inlined into dr_resolve: two calls and their saved
 * registers per lookup, of which startup makes thousands. */
#define SEARCH static inline __attribute__((always_inline))

SEARCH int scope_search(struct dr_process *p, struct dr_object *o, struct dr_lookup *q,
                        struct dr_object **def, uint32_t *idx);

int dr_scope_lookup(struct dr_process *p, struct dr_object *o, struct dr_lookup *q,
                    struct dr_object **def, uint32_t *idx) {
  return scope_search(p, o, q, def, idx);
}

/* RTLD_GLOBAL: O joins the global scope of its namespace. The array is
 * replaced, never changed in place, so a lookup running concurrently sees the
 * old or the new one whole; the old one is freed once no lookup can be reading it. */
void dr_remove_global(struct dr_process *p, struct dr_object *o) {
  struct dr_namespace *ns = &p->ns[o->ns];
  p->symindex.scope = 0; /* no longer this scope's index (symindex.c) */
  const struct dr_symobj **g = dr_alloc(ns->global_cap * sizeof *g), **old = ns->global_scope;
  uint32_t n = 0;
  for (uint32_t i = 0; i < ns->nglobal; i++)
    if (ns->global_scope[i] != &o->symobj) g[n++] = ns->global_scope[i];
  __atomic_store_n(&ns->global_scope, g, __ATOMIC_RELEASE);
  __atomic_store_n(&ns->nglobal, n, __ATOMIC_RELEASE);
  o->in_global_scope = false;
  dr_free_after_readers(old);
}

void dr_add_global(struct dr_process *p, struct dr_object *o) {
  if (o->in_global_scope) return;
  struct dr_namespace *ns = &p->ns[o->ns];
  p->symindex.scope = 0; /* no longer this scope's index (symindex.c) */
  const struct dr_symobj **g = ns->global_scope, **old = 0;
  if (ns->nglobal == ns->global_cap) {
    ns->global_cap = ns->global_cap ? 2 * ns->global_cap : 16;
    g = dr_alloc(ns->global_cap * sizeof *g);
    for (uint32_t i = 0; i < ns->nglobal; i++) g[i] = ns->global_scope[i];
    old = ns->global_scope;
  }
  g[ns->nglobal] = &o->symobj;
  __atomic_store_n(&ns->global_scope, g, __ATOMIC_RELEASE);
  __atomic_store_n(&ns->nglobal, ns->nglobal + 1, __ATOMIC_RELEASE);
  o->in_global_scope = true;
  dr_free_after_readers(old);
}

/* Whether O's own closure is its namespace's global scope (the first object of
 * a namespace other than 0): glibc then has the one list in O's scopes. */
bool dr_local_is_global(const struct dr_process *p, const struct dr_object *o) {
  const struct dr_namespace *ns = &p->ns[o->ns];
  return o->nlocal == ns->nglobal &&
         dr_memcmp(o->local_scope, ns->global_scope, o->nlocal * sizeof *o->local_scope) == 0;
}

/* One scope of a lookup; LD_DEBUG=symbols reports the objects it consulted. */
SEARCH bool find_in(const struct dr_symobj *const *scope, size_t n, struct dr_lookup *q,
                    struct dr_object **def, uint32_t *idx) {
  size_t k = 0;
  bool found = dr_find_in_scope(scope, n, q, &k, idx);
  if (dr_debug_mask & DR_DEBUG_SYMBOLS) dr_debug_lookup(scope, n, q, found ? k : n);
  if (found) *def = object_of(scope[k]);
  return found;
}

/* The global scope, through startup's index while it stands for this very
 * array (symindex.c); LD_DEBUG=symbols lists the objects a walk consults. */
SEARCH bool find_global(const struct dr_process *p, const struct dr_namespace *ns, struct dr_lookup *q,
                        struct dr_object **def, uint32_t *idx) {
  const struct dr_symindex *x = &p->symindex;
  if (!x->slots || x->scope != ns->global_scope || x->n != ns->nglobal || (dr_debug_mask & DR_DEBUG_SYMBOLS))
    return find_in(ns->global_scope, ns->nglobal, q, def, idx);
  size_t k;
  if (!dr_symindex_find(x, q, &k, idx)) return false;
  *def = object_of(x->scope[k]);
  return true;
}

SEARCH int scope_search(struct dr_process *p, struct dr_object *o, struct dr_lookup *q,
                        struct dr_object **def, uint32_t *idx) {
  const struct dr_symobj *self[1] = {&o->symobj};
  if (o->dyn.symbolic && find_in(self, 1, q, def, idx)) return 1;
  /* RTLD_DEEPBIND: the object's own closure comes before the global scope. */
  if (o->deepbind && o->local_scope && find_in(o->local_scope, o->nlocal, q, def, idx)) return 1;
  /* The global scope of O's own namespace: lookups never leave it. */
  const struct dr_namespace *ns = &p->ns[o->ns];
  if (find_global(p, ns, q, def, idx)) return 1;
  /* A dlopened object then searches its own dependency closure (glibc's l_scope[1]),
   * unless that is the list just searched: in a namespace other than 0 the
   * global scope is its first object's closure, which glibc searches once. */
  if (!o->deepbind && o->local_scope && !dr_local_is_global(p, o) &&
      find_in(o->local_scope, o->nlocal, q, def, idx))
    return 1;
  return 0;
}

/* glibc's unique symbol table: the first STB_GNU_UNIQUE definition a lookup
 * returns stands for the name in its whole namespace. */
struct unique_entry {
  const char *name;
  uint32_t hash;
  struct dr_object *obj;
  const Elf64_Sym *sym;
  uint32_t ns;
};
static struct unique_entry *unique_tab;
static uint32_t nunique, cap_unique;

static struct unique_entry *unique_find(const char *name, uint32_t hash, uint32_t ns) {
  for (uint32_t i = 0; i < nunique; i++)
    if (unique_tab[i].hash == hash && unique_tab[i].ns == ns && dr_strcmp(unique_tab[i].name, name) == 0)
      return &unique_tab[i];
  return 0;
}

/* Lookups in any thread read the table without a lock, so an outgrown table is
 * left in place rather than freed; it only ever doubles, and its definitions
 * stay loaded (NODELETE), so no dlopen/dlclose cycle grows it. */
static void unique_add(const char *name, uint32_t hash, struct dr_object *obj, const Elf64_Sym *sym) {
  if (nunique == cap_unique) {
    uint32_t cap = cap_unique ? 2 * cap_unique : 16;
    struct unique_entry *t = dr_alloc(cap * sizeof *t);
    for (uint32_t i = 0; i < nunique; i++) t[i] = unique_tab[i];
    unique_tab = t;
    cap_unique = cap;
  }
  unique_tab[nunique++] = (struct unique_entry){name, hash, obj, sym, obj->ns};
}

/* A binding from O into a dlopened object DEF keeps DEF loaded as long as O is
 * (glibc's l_reldeps); objects loaded at startup never go away, so what they
 * bind to becomes permanent (glibc's NODELETE). */
void dr_note_binding(struct dr_object *o, struct dr_object *def) {
  if (!def || def == o || !def->dlopened) return;
  if (!o->dlopened) {
    def->nodelete = true;
    return;
  }
  dr_load_lock(); /* lazy binding may run in any thread */
  bool known = false;
  for (uint32_t i = 0; i < o->nneeded; i++) known |= o->needed[i] == def;
  for (uint32_t i = 0; i < o->nreldeps; i++) known |= o->reldeps[i] == def;
  if (!known && o->nreldeps == o->capreldeps) {
    uint32_t cap = o->capreldeps ? 2 * o->capreldeps : 4;
    struct dr_object **r = dr_alloc(cap * sizeof *r);
    for (uint32_t i = 0; i < o->nreldeps; i++) r[i] = o->reldeps[i];
    dr_free(o->reldeps); /* read only under the load lock (dlclose) */
    o->reldeps = r;
    o->capreldeps = cap;
  }
  if (!known) o->reldeps[o->nreldeps++] = def, dr_proc.list_gen++; /* the exit order changes */
  dr_load_unlock();
}

/* The version symbol SYMIDX of O asks for, or NULL. */
const struct dr_version *dr_ref_version(const struct dr_object *o, uint32_t symidx) {
  dr_versions_ready();
  if (!o->dyn.versym || symidx >= o->dyn.nversym) return 0;
  uint32_t ndx = o->dyn.versym[symidx] & 0x7fff;
  return ndx < o->nversions && o->versions[ndx].name && o->versions[ndx].hash ? &o->versions[ndx] : 0;
}

/* dr_resolve's plain case, a search with no side effects: a default-visibility
 * global reference of a startup object found in the scopes as an ordinary
 * definition (IFUNC allowed only with ALLOW_IFUNC: its resolver runs later,
 * when the caller binds). Returns NULL for everything that has side effects or
 * an order to keep, which dr_resolve resolves in its turn: local references,
 * undefined ones (an error, or a weak zero), TLS, protected definitions
 * (warnings), STB_GNU_UNIQUE (glibc's table), absolute symbols, dlopened
 * objects (bindings are recorded). Reads only what no thread writes until
 * startup's relocation ends. */
struct dr_object *dr_resolve_pure(struct dr_object *o, uint32_t symidx, int type_class, bool allow_ifunc,
                                  const Elf64_Sym **sym) {
  const Elf64_Sym *ref = &o->dyn.symtab[symidx];
  unsigned bind = ELF64_ST_BIND(ref->st_info);
  if ((bind != STB_GLOBAL && bind != STB_WEAK) || ELF64_ST_VISIBILITY(ref->st_other) != STV_DEFAULT ||
      o->dlopened)
    return 0;
  const char *name = dr_dyn_str(&o->dyn, ref->st_name);
  if (!name) return 0;
  struct dr_lookup q;
  dr_query_init(&q, name, dr_ref_version(o, symidx), type_class, 0);
  struct dr_object *def = 0;
  uint32_t idx = 0;
  if (!scope_search(&dr_proc, o, &q, &def, &idx) || def->dlopened) return 0;
  const Elf64_Sym *s = &def->dyn.symtab[idx];
  unsigned type = ELF64_ST_TYPE(s->st_info);
  if ((type == STT_GNU_IFUNC && !allow_ifunc) || type == STT_TLS || ELF64_ST_BIND(s->st_info) == STB_GNU_UNIQUE ||
      ELF64_ST_VISIBILITY(s->st_other) == STV_PROTECTED || s->st_shndx == SHN_ABS)
    return 0;
  *sym = s;
  return def;
}

/* For worker threads binding at startup ahead of the serial pass (parallel.c):
 * the plain case's address. */
bool dr_resolve_plain(struct dr_object *o, uint32_t symidx, int type_class, uint64_t *value) {
  const Elf64_Sym *s;
  struct dr_object *def = dr_resolve_pure(o, symidx, type_class, false, &s);
  if (def) *value = def->l_addr + s->st_value;
  return def != 0;
}

/* The search behind dr_resolve, out of line: the repeat answered from the
 * last resolution (most relocations) then costs no saved registers. */
static __attribute__((noinline)) struct dr_object *lookup(struct dr_object *o, uint32_t symidx,
                                                          int type_class, const Elf64_Sym **sym,
                                                          struct dr_resolved *slot) {
  const Elf64_Sym *ref = &o->dyn.symtab[symidx];
  unsigned vis = ELF64_ST_VISIBILITY(ref->st_other);
  const char *name = dr_dyn_str(&o->dyn, ref->st_name);
  if (!name) dr_fatal_load(dr_object_name(o), "invalid symbol name");
  const struct dr_version *v = dr_ref_version(o, symidx);
  struct dr_lookup q;
  dr_query_init(&q, name, v, type_class, 0);
  struct dr_object *def = 0;
  uint32_t idx = 0;
  /* After startup, other threads may change scopes meanwhile: the search is a
   * reader that dlclose waits for before it frees what the search may see. */
  bool raised = dr_proc.relocated && dr_reader_enter();
  bool found = scope_search(&dr_proc, o, &q, &def, &idx);
  dr_reader_leave(raised);
  if (!found) {
    /* glibc: LD_DEBUG=unused reports unused objects, not undefined symbols;
     * ldd -d/-r (a list with LD_WARN) reports them and goes on. */
    if (ELF64_ST_BIND(ref->st_info) != STB_WEAK && !(dr_debug_mask & DR_DEBUG_UNUSED)) {
      if (dr_proc.opt.list && dr_proc.opt.warn) dr_warn_symbol(o, name, v);
      else dr_fatal_symbol(o, name, v);
    }
    def = 0;
    *sym = 0;
  } else {
    *sym = &def->dyn.symtab[idx];
    /* glibc's _dl_check_protected_symbol: warnings for the executable. */
    if (ELF64_ST_VISIBILITY((*sym)->st_other) == STV_PROTECTED && o->is_main) {
      if (type_class & DR_CLASS_COPY)
        dr_printf(2, "warning: copy relocation against non-copyable protected symbol `%s' in `%s'\n",
                  name, dr_object_name(def));
      else if ((type_class & DR_CLASS_PLT) && ref->st_value != 0 && ref->st_shndx == SHN_UNDEF)
        dr_printf(2, "warning: direct reference to protected function `%s' in `%s' may break pointer equality\n",
                  name, dr_object_name(def));
    }
    /* glibc's do_lookup_unique. */
    if (ELF64_ST_BIND((*sym)->st_info) == STB_GNU_UNIQUE) {
      struct unique_entry *u = unique_find(name, q.gnu_hash, o->ns);
      if (u) {
        if (!(type_class & DR_CLASS_COPY)) def = u->obj, *sym = u->sym;
      } else if (type_class & DR_CLASS_COPY) {
        unique_add(name, q.gnu_hash, o, ref);
      } else {
        unique_add(name, q.gnu_hash, def, *sym);
        if (def->dlopened) def->nodelete = true; /* the table outlives any dlclose */
      }
    }
    /* glibc's protected rule: a reference through O's own protected symbol. */
    if (vis == STV_PROTECTED && def != o) {
      bool self = type_class == DR_CLASS_PLT;
      if (!self) {
        struct dr_lookup q2;
        struct dr_object *pdef = 0;
        uint32_t pidx = 0;
        dr_query_init(&q2, name, v, DR_CLASS_PLT, 0);
        raised = dr_proc.relocated && dr_reader_enter();
        self = scope_search(&dr_proc, o, &q2, &pdef, &pidx) && pdef != o;
        dr_reader_leave(raised);
      }
      if (self) def = o, *sym = ref;
    }
  }
  if (dr_proc.relocated) dr_note_binding(o, def);
  if (slot) *slot = (struct dr_resolved){def, *sym, symidx + 1, type_class};
  /* Recorded for the next run, except what has side effects or warnings to
   * repeat: unique symbols and the protected rules. */
  if (o->bc_record)
    dr_bindcache_record(o, symidx, type_class, def, *sym,
                        !def || (vis != STV_PROTECTED && ELF64_ST_VISIBILITY((*sym)->st_other) != STV_PROTECTED &&
                                 ELF64_ST_BIND((*sym)->st_info) != STB_GNU_UNIQUE));
  dr_proc.stats.symbolic++;
  if ((dr_debug_mask & DR_DEBUG_BINDINGS) && def) dr_debug_binding(o, symidx, def);
  return def;
}

/* LD_DEBUG=bindings: one line per lookup that found a definition, searched
 * or replayed. glibc names the version the reference asked for, not the
 * definition's. */
void dr_debug_binding(struct dr_object *o, uint32_t symidx, struct dr_object *def) {
  const Elf64_Sym *ref = &o->dyn.symtab[symidx];
  const struct dr_version *v = dr_ref_version(o, symidx);
  const char *name = dr_dyn_str(&o->dyn, ref->st_name);
  dr_dbg("binding file %s [%u] to %s [%u]: %s symbol `%s'%s%s%s", dr_object_name(o), o->ns,
         dr_object_name(dr_debug_real(def)), dr_debug_real(def)->ns,
         ELF64_ST_VISIBILITY(ref->st_other) == STV_PROTECTED ? "protected" : "normal", name ? name : "",
         v ? " [" : "", v ? v->name : "", v ? "]" : "");
}

/* What dr_resolve (dryad.h) leaves: the search, the binding cache's entry for it
 * skipped (or the replay given up). */
struct dr_object *dr_resolve_search(struct dr_object *o, uint32_t symidx, int type_class,
                                    const Elf64_Sym **sym) {
  struct dr_resolved *slot = o->relocating ? &o->last_resolved : 0;
  if (slot && o->bc_pos != o->bc_end) dr_bindcache_skip(o, symidx, type_class);
  return lookup(o, symidx, type_class, sym, slot);
}
