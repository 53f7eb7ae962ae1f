/* interp/glibc/link_map.c: glibc's struct link_map for every object.
 *
 * libc.so.6 walks link maps itself: dl_iterate_phdr, dladdr, dlsym, dlinfo,
 * __libc_start_main (the program's constructors) and the C++ unwinder all read
 * fields of glibc's private struct link_map. Each dr_object begins with one;
 * this file fills it from what dryad already knows. Book: docs/12-glibc-contract.md.
 */
#include "glibc.h"

static void main_searchlist(struct dr_process *p);
static void fill_initfini(struct dr_process *p, struct dr_object *o);

/* glibc's l_info index of a dynamic tag (elf/get-dynamic-info.h), or -1. */
static inline int info_index(int64_t tag) {
  if (tag >= 0 && tag < DT_NUM) return (int)tag;
  if (tag >= 0x6ffffff0 && tag <= 0x6fffffff) return DT_NUM + (int)(0x6fffffff - tag);  /* versions */
  if (tag == 0x7ffffffd) return 54;  /* DT_AUXILIARY */
  if (tag == 0x7fffffff) return 55;  /* DT_FILTER */
  if (tag >= 0x6ffffd00 && tag <= 0x6ffffdff) return 57 + (int)(0x6ffffdff - tag);  /* values */
  if (tag >= 0x6ffffe00 && tag <= 0x6ffffeff) return 69 + (int)(0x6ffffeff - tag);  /* addresses */
  return -1;
}

static bool dynamic_writable(struct dr_object *o) {
  uint64_t at = (uint64_t)o->l_ld - o->l_addr;
  return o->l_ld && dr_image_ptr(&o->image, at, (o->dyn.ndyn + 1) * sizeof(Elf64_Dyn), true);
}

static void fill_info(struct dr_object *o) {
  Elf64_Dyn **info = &LMF(o, LM_L_INFO, Elf64_Dyn *);
  Elf64_Dyn *dyn = (Elf64_Dyn *)o->dyn.dyn;
  bool writable = dynamic_writable(o) && !o->is_rtld;
  for (size_t i = 0; dyn && i < o->dyn.ndyn; i++) {
    int k = info_index(dyn[i].d_tag);
    if (k >= 0 && k < LM_L_INFO_COUNT) info[k] = &dyn[i]; /* the last of a tag wins, as in glibc */
  }
  /* glibc adjusts the entry l_info keeps for each tag, zero or not (lld writes a
   * DT_JMPREL 0 beside DT_PLTRELSZ 0), and only when the object is not at 0. */
  static const int64_t adjusted[] = {DT_HASH, DT_PLTGOT, DT_STRTAB, DT_SYMTAB, DT_RELA, DT_REL,
                                     DT_JMPREL, DT_VERSYM, DT_GNU_HASH, DT_RELR};
  for (size_t t = 0; writable && o->l_addr && t < sizeof adjusted / sizeof adjusted[0]; t++) {
    int k = info_index(adjusted[t]);
    /* DT_RELA and DT_REL may be 0 beside DT_RELR: glibc leaves those at 0. */
    bool zero_stays = adjusted[t] == DT_RELA || adjusted[t] == DT_REL;
    if (k >= 0 && info[k] && !(zero_stays && info[k]->d_un.d_ptr == 0)) info[k]->d_un.d_ptr += o->l_addr;
  }
  /* A read-only dynamic section (the vDSO's, or dryad's own) keeps file addresses. */
  if (!writable) LMF(o, LM_BITS2, uint8_t) |= 1 << 5; /* l_ld_readonly */
  LMF(o, LM_L_LDNUM, uint16_t) = (uint16_t)(o->dyn.ndyn + 1);
}

static void fill_hash(struct dr_object *o) {
  const struct dr_dynamic *d = &o->dyn;
  if (d->gnu.nbuckets) {
    LMF(o, LM_L_NBUCKETS, uint32_t) = d->gnu.nbuckets;
    LMF(o, LM_L_GNU_BITMASK_IDXBITS, uint32_t) = d->gnu.bloom_size - 1;
    LMF(o, LM_L_GNU_SHIFT, uint32_t) = d->gnu.bloom_shift;
    LMF(o, LM_L_GNU_BITMASK, const uint64_t *) = d->gnu.bloom;
    LMF(o, LM_L_GNU_BUCKETS, const uint32_t *) = d->gnu.buckets;
    /* glibc indexes the chain by symbol index: chain_zero = chains - symoffset. */
    LMF(o, LM_L_GNU_CHAIN_ZERO, uint64_t) = (uint64_t)d->gnu.chains - 4ULL * d->gnu.symoffset;
  } else if (d->sysv.nbucket) {
    LMF(o, LM_L_NBUCKETS, uint32_t) = d->sysv.nbucket;
    LMF(o, LM_L_GNU_BUCKETS, const uint32_t *) = d->sysv.chains;   /* l_chain */
    LMF(o, LM_L_GNU_CHAIN_ZERO, const uint32_t *) = d->sysv.buckets; /* l_buckets */
  }
}

static void fill_tls(struct dr_object *o) {
  if (!o->tls) return;
  uint64_t align = o->tls->p_align ? o->tls->p_align : 1;
  LMF(o, LM_L_TLS_INITIMAGE, uint64_t) = o->l_addr + o->tls->p_vaddr;
  LMF(o, LM_L_TLS_INITIMAGE_SIZE, uint64_t) = o->tls->p_filesz;
  LMF(o, LM_L_TLS_BLOCKSIZE, uint64_t) = o->tls->p_memsz;
  LMF(o, LM_L_TLS_ALIGN, uint64_t) = align;
  LMF(o, LM_L_TLS_FIRSTBYTE_OFFSET, uint64_t) = o->tls->p_vaddr & (align - 1);
  LMF(o, LM_L_TLS_OFFSET, uint64_t) = (uint64_t)(-o->tls_tpoff);
  LMF(o, LM_L_TLS_MODID, uint64_t) = o->tls_modid;
}

static void fill_extent(struct dr_object *o) {
  uint64_t lo = UINT64_MAX, hi = 0, text_end = 0;
  for (uint16_t i = 0; i < o->phnum; i++) {
    const Elf64_Phdr *ph = &o->phdr[i];
    if (ph->p_type != PT_LOAD) continue;
    if (ph->p_vaddr < lo) lo = ph->p_vaddr;
    if (ph->p_vaddr + ph->p_memsz > hi) hi = ph->p_vaddr + ph->p_memsz;
    if (ph->p_flags & PF_X) text_end = ph->p_vaddr + ph->p_memsz;
  }
  LMF(o, LM_L_MAP_START, uint64_t) = o->l_addr + dr_align_down(lo, DR_PAGE);
  LMF(o, LM_L_MAP_END, uint64_t) = o->l_addr + hi;
  LMF(o, LM_L_TEXT_END, uint64_t) = o->l_addr + text_end;
  if (o->relro) {
    LMF(o, LM_L_RELRO_ADDR, uint64_t) = o->relro->p_vaddr;
    LMF(o, LM_L_RELRO_SIZE, uint64_t) = o->relro->p_memsz;
  }
}

/* O's own dependency closure, breadth-first, itself first: its l_searchlist,
 * which dlsym(handle) searches. Gathered in SCRATCH (room for every object),
 * kept at its own size: most closures are short, and startup's memory is
 * page faults. */
static void fill_searchlist(struct dr_process *p, struct dr_object *o, bool *seen,
                            struct dr_object **scratch) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < p->nobjects; i++) seen[i] = false;
  scratch[n++] = o;
  seen[o->index] = true;
  for (uint32_t k = 0; k < n; k++)
    for (uint32_t j = 0; j < scratch[k]->nneeded; j++) {
      struct dr_object *d = scratch[k]->needed[j];
      if (d->listed && !seen[d->index]) seen[d->index] = true, scratch[n++] = d;
    }
  struct dr_object **list = dr_memcpy(dr_alloc(n * sizeof *list), scratch, n * sizeof *list);
  LMF(o, LM_L_SEARCHLIST, struct gl_scope) = (struct gl_scope){list, n};
}

/* l_versions, when O has its tables (they may come after its link map: load.c). */
void dr_glibc_set_versions(struct dr_object *o) {
  LMF(o, LM_L_VERSIONS, struct dr_version *) = o->versions;
  LMF(o, LM_L_NVERSIONS, uint32_t) = o->nversions;
}

void dr_glibc_fill_link_map(struct dr_process *p, struct dr_object *o) {
  LMF(o, LM_L_REAL, struct dr_object *) = o;
  LMF(o, LM_L_NS, uint64_t) = o->ns;
  struct libname { const char *name; void *next; int dont_free; } *ln = dr_zalloc(sizeof *ln);
  ln->name = o->soname ? o->soname : (o->needed_name ? o->needed_name : o->l_name);
  ln->dont_free = 1;
  LMF(o, LM_L_LIBNAME, struct libname *) = ln;
  fill_info(o);
  LMF(o, LM_L_PHDR, const Elf64_Phdr *) = o->phdr;
  LMF(o, LM_L_PHNUM, uint16_t) = o->phnum;
  LMF(o, LM_L_ENTRY, uint64_t) = o->entry;
  LMF(o, LM_L_LOADER, struct dr_object *) = o->loader;
  dr_glibc_set_versions(o);
  LMF(o, LM_L_VERSYMS, const Elf64_Half *) = o->dyn.versym;
  fill_hash(o);
  fill_extent(o);
  fill_tls(o);
  LMF(o, LM_L_ORIGIN, const char *) = o->origin ? o->origin : (const char *)-1;
  LMF(o, LM_L_FILE_ID, uint64_t) = o->file_id.dev;
  LMF(o, LM_L_FILE_ID + 8, uint64_t) = o->file_id.ino;
  LMF(o, LM_L_FLAGS_1, uint32_t) = (uint32_t)o->dyn.flags_1;
  LMF(o, LM_L_FLAGS, uint32_t) = (uint32_t)o->dyn.flags;
  LMF(o, LM_L_USED, uint32_t) = 1;
  LMF(o, LM_L_SERIAL, uint64_t) = o->index;
  /* l_type: the program is lt_executable (0), everything else lt_library (1). */
  LMF(o, LM_BITS0, uint8_t) = (uint8_t)((o->is_main ? 0 : 1) | (o->in_global_scope ? 1 << 5 : 0));
  if (o->is_main) {
    LMF(o, LM_BITS1, uint8_t) |= 1;  /* l_main_map */
    LMF(o, LM_L_DIRECT_OPENCOUNT, uint32_t) = 1;
  }
  /* The symbolic search list is the object alone: a list of one, l_real. */
  LMF(o, LM_L_SYMBOLIC_SEARCHLIST, struct gl_scope) =
      (struct gl_scope){&LMF(o, LM_L_REAL, struct dr_object *), 1};
}

/* Scopes as glibc builds them: l_scope[0] is the global scope (the program's
 * search list), preceded by the object itself when it is DT_SYMBOLIC. */
static void fill_scopes(struct dr_process *p, struct dr_object *o) {
  struct gl_scope **mem = &LMF(o, LM_L_SCOPE_MEM, struct gl_scope *);
  struct gl_scope *global = dr_glibc_searchlist(p, o->ns);
  uint32_t k = 0;
  if (o->dyn.symbolic) mem[k++] = &LMF(o, LM_L_SYMBOLIC_SEARCHLIST, struct gl_scope);
  mem[k++] = global;
  LMF(o, LM_L_SCOPE_MAX, uint64_t) = 4;
  LMF(o, LM_L_SCOPE, struct gl_scope **) = mem;
  LMF(o, LM_L_LOCAL_SCOPE, struct gl_scope *) = &LMF(o, LM_L_SEARCHLIST, struct gl_scope);
}

/* l_initfini: for the program, every object in initialisation-sort order
 * (dependents first); for the others, the object and its direct dependencies. */
static void fill_initfini(struct dr_process *p, struct dr_object *o) {
  struct dr_object **l;
  if (o->is_main) {
    l = dr_alloc((p->nobjects + 1) * sizeof *l);
    for (uint32_t i = 0; i < p->nobjects; i++) l[i] = p->by_index[p->init_order[i]];
    l[p->nobjects] = 0;
  } else {
    l = dr_alloc((o->nneeded + 2) * sizeof *l);
    l[0] = o;
    for (uint32_t i = 0; i < o->nneeded; i++) l[i + 1] = o->needed[i];
    l[o->nneeded + 1] = 0;
  }
  LMF(o, LM_L_INITFINI, struct dr_object **) = l;
}

void dr_glibc_link_maps(struct dr_process *p) {
  bool *seen = dr_alloc(p->nobjects + 1);
  struct dr_object **scratch = dr_alloc((p->nobjects + 1) * sizeof *scratch);
  dr_sort_objects(p);
  for (struct dr_object *o = p->head; o; o = o->next) {
    dr_glibc_fill_link_map(p, o);
    fill_searchlist(p, o, seen, scratch);
  }
  dr_free(scratch);
  main_searchlist(p);
  for (struct dr_object *o = p->head; o; o = o->next) {
    fill_scopes(p, o);
    fill_initfini(p, o);
  }
  if (!p->rtld->listed) dr_glibc_fill_link_map(p, p->rtld);
  dr_free(seen);
}

/* The scope record of namespace NS's global scope: for namespace 0 the
 * program's search list; for the others, one the namespace owns (glibc uses the
 * first object's search list, which dryad keeps as that object's own). */
struct gl_scope *dr_glibc_searchlist(struct dr_process *p, uint32_t ns) {
  if (ns == 0) return &LMF(p->main, LM_L_SEARCHLIST, struct gl_scope);
  return (struct gl_scope *)&p->ns[ns].searchlist;
}

/* Each namespace's global search list is its global scope itself, in load order. */
static void main_searchlist(struct dr_process *p) {
  for (uint32_t k = 0; k < p->nns; k++) {
    struct dr_namespace *ns = &p->ns[k];
    struct dr_object **g = dr_alloc((ns->nglobal + 1) * sizeof *g);
    for (uint32_t i = 0; i < ns->nglobal; i++) g[i] = object_of(ns->global_scope[i]);
    struct gl_scope *sl = dr_glibc_searchlist(p, k);
    struct dr_object **old = sl->r_list;
    __atomic_store_n(&sl->r_list, g, __ATOMIC_RELEASE);
    __atomic_store_n(&sl->r_nlist, ns->nglobal, __ATOMIC_RELEASE);
    dr_free_after_readers(old);
  }
}

/* dlopen: link maps of the objects from FIRST on, of type lt_loaded; the root's
 * search list is its closure, and each new object's scope is the global scope
 * followed by that closure. */
void dr_glibc_open_maps(struct dr_process *p, struct dr_object *root, struct dr_object *first) {
  for (struct dr_object *o = first; o; o = o->next) {
    dr_glibc_fill_link_map(p, o);
    LMF(o, LM_BITS0, uint8_t) = (uint8_t)((LMF(o, LM_BITS0, uint8_t) & ~3) | 2); /* lt_loaded */
    fill_initfini(p, o);
    if (o->is_proxy) {
      /* Symbols and program headers are the real one's; no address range is
       * its own, so dladdr and the unwinder find the real dryad. */
      LMF(o, LM_L_REAL, struct dr_object *) = p->rtld;
      LMF(o, LM_L_MAP_START, uint64_t) = LMF(o, LM_L_MAP_END, uint64_t) = 0;
      LMF(o, LM_L_TEXT_END, uint64_t) = 0;
    }
  }
  struct dr_object **l = dr_alloc((root->nlocal + 1) * sizeof *l);
  for (uint32_t i = 0; i < root->nlocal; i++) l[i] = object_of(root->local_scope[i]);
  LMF(root, LM_L_SEARCHLIST, struct gl_scope) = (struct gl_scope){l, root->nlocal};
  for (struct dr_object *o = first; o; o = o->next) {
    struct gl_scope **mem = &LMF(o, LM_L_SCOPE_MEM, struct gl_scope *);
    uint32_t k = 0;
    if (o->dyn.symbolic) mem[k++] = &LMF(o, LM_L_SYMBOLIC_SEARCHLIST, struct gl_scope);
    if (o->deepbind) mem[k++] = &LMF(root, LM_L_SEARCHLIST, struct gl_scope);
    mem[k++] = dr_glibc_searchlist(p, o->ns);
    if (!o->deepbind) mem[k++] = &LMF(root, LM_L_SEARCHLIST, struct gl_scope);
    LMF(o, LM_L_SCOPE_MAX, uint64_t) = 4;
    LMF(o, LM_L_SCOPE, struct gl_scope **) = mem;
    LMF(o, LM_L_LOCAL_SCOPE, struct gl_scope *) = &LMF(root, LM_L_SEARCHLIST, struct gl_scope);
  }
}

/* After a dlopen or dlclose: the namespaces' lists and counters (dl_iterate_phdr
 * caches key on _dl_load_adds) and their global search lists, which RTLD_GLOBAL
 * may extend. */
void dr_glibc_opened(struct dr_process *p) {
  dr_glibc_namespaces(p);
  __atomic_add_fetch(&GL(GL_DL_LOAD_ADDS, uint64_t), 1, __ATOMIC_RELEASE);
  main_searchlist(p);
}

/* dlclose: what dr_glibc_fill_link_map and dr_glibc_open_maps allocated for O. */
void dr_glibc_free_link_map(struct dr_object *o) {
  dr_free(LMF(o, LM_L_LIBNAME, void *));
  dr_free(LMF(o, LM_L_INITFINI, void *));
  dr_free(LMF(o, LM_L_SEARCHLIST, struct gl_scope).r_list);
}

void dr_glibc_set_relocated(struct dr_object *o) { LMF(o, LM_BITS0, uint8_t) |= 1 << 3; }
void dr_glibc_set_init_called(struct dr_object *o) { LMF(o, LM_BITS0, uint8_t) |= 1 << 4; }
