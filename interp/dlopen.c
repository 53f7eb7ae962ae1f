/* interp/dlopen.c: loading objects into a running process (book: docs/13-dlopen.md).
 *
 * dlopen reuses every step of startup on the newly loaded part of the link
 * list: find and map the object and its DT_NEEDED closure, check versions,
 * give TLS module ids, fill glibc's link maps, relocate dependencies first,
 * run initialisers dependencies first. The new objects search the global
 * scope, then their own closure; RTLD_GLOBAL adds them to the global scope.
 * Any error unwinds (interp/error.c) to here, where every object mapped by
 * this call is unmapped and unlinked again before the error goes on to the
 * caller: a failed dlopen leaves nothing behind.
 *
 * RTLD_DEEPBIND puts the new objects' own closure before the global scope.
 *
 * dlmopen loads into a link-map namespace: LM_ID_NEWLM starts a new one, whose
 * objects are all loaded afresh (a second libc.so.6 too) and only bind among
 * themselves: its global scope is the closure of the first object loaded into
 * it. dlopen loads into the caller's namespace.
 */
#include <dlfcn.h>
#include <link.h>

#include "../core/order.h"
#include "arch/x86_64/syscall.h"
#include "dryad.h"
#include "glibc/glibc.h"

/* The load lock is glibc's GL(dl_load_lock), a recursive mutex that libc's
 * own dlsym, dladdr and dl_iterate_phdr take too, locked with libc's
 * pthread_mutex_lock as glibc's ld.so does once libc is there. A process
 * without libc has a single thread here: a recursive spin lock serves it. */
static int (*mutex_lock)(void *), (*mutex_unlock)(void *);
static int lock_owner, lock_depth;

static int gettid(void) { return *(int32_t *)((uint8_t *)dr_thread_pointer() + PD_TID); }

static bool libc_mutexes(void) {
  if (!mutex_lock && dr_glibc_libc(&dr_proc)) {
    mutex_lock = (int (*)(void *))dr_glibc_function("pthread_mutex_lock");
    mutex_unlock = (int (*)(void *))dr_glibc_function("pthread_mutex_unlock");
    if (!mutex_unlock) mutex_lock = 0;
  }
  return mutex_lock != 0;
}

void dr_load_lock(void) {
  if (libc_mutexes()) {
    mutex_lock(&GL(GL_DL_LOAD_LOCK, uint8_t));
    return;
  }
  int me = gettid(), free_ = 0;
  if (__atomic_load_n(&lock_owner, __ATOMIC_ACQUIRE) == me) {
    lock_depth++;
    return;
  }
  while (!__atomic_compare_exchange_n(&lock_owner, &free_, me, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
    free_ = 0;
    dr_sched_yield();
  }
  lock_depth = 1;
}

void dr_load_unlock(void) {
  if (mutex_lock) {
    mutex_unlock(&GL(GL_DL_LOAD_LOCK, uint8_t));
    return;
  }
  if (--lock_depth == 0) __atomic_store_n(&lock_owner, 0, __ATOMIC_RELEASE);
}

/* GL(dl_load_tls_lock), glibc's lock over TLS state: the slotinfo list, module
 * ids, the static TLS in use and the objects the slots name. pthread_create
 * reads them under it (_dl_allocate_tls_init) without the load lock, so
 * dlopen and dlclose change them under it too. Recursive. Before startup
 * ends there is one thread and no lock is taken. */
void dr_tls_lock(void) {
  if (dr_proc.relocated && libc_mutexes()) mutex_lock(&GL(GL_DL_LOAD_TLS_LOCK, uint8_t));
}

void dr_tls_unlock(void) {
  if (dr_proc.relocated && libc_mutexes()) mutex_unlock(&GL(GL_DL_LOAD_TLS_LOCK, uint8_t));
}

/* How deep dlopen and dlclose, under the load lock, hold the TLS lock: a
 * failed dlopen gives back what it took. */
static uint32_t tls_held;

static void hold_tls(void) {
  dr_tls_lock();
  tls_held++;
}

static void drop_tls(void) {
  tls_held--;
  dr_tls_unlock();
}

static void unload_from(struct dr_process *p, struct dr_object *first);

/* A local scope array no object uses any more is freed: the objects of one
 * dlopen share theirs, and dlopen and dlclose replace survivors' ones. */
static void drop_scope(struct dr_process *p, const struct dr_symobj **l) {
  for (struct dr_object *o = p->head; o && l; o = o->next)
    if (o->local_scope == l) return;
  dr_free_after_readers(l);
}

/* The root's closure, in breadth-first order: its local scope. */
static void local_scope(struct dr_process *p, struct dr_object *root, struct dr_object *first) {
  const struct dr_symobj **list = dr_alloc(p->nobjects * sizeof *list);
  bool *seen = dr_zalloc(p->nobjects);
  uint32_t n = 0;
  list[n++] = &root->symobj;
  seen[root->index] = true;
  for (uint32_t k = 0; k < n; k++) {
    struct dr_object *o = object_of(list[k]);
    for (uint32_t j = 0; j < o->nneeded; j++)
      if (!seen[o->needed[j]->index]) seen[o->needed[j]->index] = true, list[n++] = &o->needed[j]->symobj;
  }
  for (struct dr_object *o = first; o; o = o->next) o->local_scope = list, o->nlocal = n;
  /* Objects an earlier dlopen loaded, reached again by this one, gain this closure
   * after their own (glibc adds the new root's search list to their l_scope). */
  for (uint32_t k = 0; k < n; k++) {
    struct dr_object *o = object_of(list[k]);
    if (o->index >= first->index || !o->dlopened || !o->local_scope) continue;
    const struct dr_symobj **merged = dr_alloc((o->nlocal + n) * sizeof *merged);
    uint32_t m = 0;
    for (uint32_t i = 0; i < o->nlocal; i++) merged[m++] = o->local_scope[i];
    for (uint32_t i = 0; i < n; i++) {
      bool have = false;
      for (uint32_t j = 0; j < o->nlocal && !have; j++) have = o->local_scope[j] == list[i];
      if (!have) merged[m++] = list[i];
    }
    const struct dr_symobj **old = o->local_scope;
    __atomic_store_n(&o->local_scope, merged, __ATOMIC_RELEASE);
    o->nlocal = m;
    drop_scope(p, old);
  }
  dr_free(seen);
}

static void add_global(struct dr_process *p, struct dr_object *o) {
  if ((dr_debug_mask & DR_DEBUG_SCOPES) && !o->in_global_scope)
    dr_dbg("\nadd %s [%u] to global scope", o->l_name, o->ns);
  dr_add_global(p, o);
}

/* New objects (FIRST to the end), sorted dependencies-first, into OUT. */
static uint32_t sort_new(struct dr_process *p, struct dr_object *first, struct dr_object **out) {
  uint32_t base = first->index, n = p->nobjects - base, nedges = 0;
  struct dr_object **by = dr_alloc(n * sizeof *by);
  for (struct dr_object *o = first; o; o = o->next) by[o->index - base] = o, nedges += o->nneeded;
  uint32_t *firstedge = dr_alloc((n + 1) * sizeof *firstedge), *deps = dr_alloc((nedges + 1) * sizeof *deps);
  uint32_t e = 0;
  for (uint32_t i = 0; i < n; i++) {
    firstedge[i] = e;
    for (uint32_t k = 0; k < by[i]->nneeded; k++)
      if (by[i]->needed[k]->index >= base) deps[e++] = by[i]->needed[k]->index - base;
  }
  firstedge[n] = e;
  struct dr_graph g = {n, firstedge, deps};
  uint32_t *order = dr_alloc(n * sizeof *order), *scratch = dr_alloc(3 * n * sizeof *scratch);
  if (!dr_sort_init_order(&g, order, scratch)) dr_fatal("cannot sort objects for initialisation");
  /* order: dependents first; OUT: dependencies first. */
  for (uint32_t i = 0; i < n; i++) out[i] = by[order[n - 1 - i]];
  dr_free(by);
  dr_free(firstedge);
  dr_free(deps);
  dr_free(order);
  dr_free(scratch);
  return n;
}

static struct dr_object *open_new(struct dr_process *p, struct dr_object *root, struct dr_object *first,
                                  int mode) {
  /* Objects glibc refuses to dlopen: marked DF_1_NOOPEN, or a program (DF_1_PIE). */
  if (root->dyn.flags_1 & DF_1_NOOPEN) dr_fatal_load(root->l_name, "shared object cannot be dlopen()ed");
  if (root->dyn.flags_1 & DF_1_PIE)
    dr_fatal_load(root->l_name, "cannot dynamically load position-independent executable");
  dr_load_needed_from(p, first);
  for (struct dr_object *o = first; o; o = o->next)
    if (o->dyn.flags_1 & DF_1_NOOPEN) dr_fatal_load(o->l_name, "shared object cannot be dlopen()ed");
  dr_exec_stack_for(p, first);
  local_scope(p, root, first);
  /* A new namespace's global scope is its first object's closure (glibc's
   * l_scope[0] of that namespace is the first object's search list). */
  if (root->ns && p->ns[root->ns].nglobal == 0)
    for (uint32_t i = 0; i < root->nlocal; i++) dr_add_global(p, object_of(root->local_scope[i]));
  dr_check_versions_from(p, first);
  hold_tls();
  for (struct dr_object *o = first; o; o = o->next) {
    o->dlopened = true;
    o->bind_now = (mode & RTLD_NOW) != 0;
    o->deepbind = (mode & RTLD_DEEPBIND) != 0;
    if (o->dyn.flags_1 & DF_1_NODELETE) o->nodelete = true; /* linked -z nodelete */
    if (o->tls) dr_tls_add_module(p, o);
  }
  struct dr_object **order = dr_alloc((p->nobjects - first->index) * sizeof *order);
  uint32_t n = sort_new(p, first, order);
  dr_glibc_open_maps(p, root, first);
  if (dr_debug_mask & DR_DEBUG_SCOPES) dr_debug_scope(p, root);
  for (uint32_t i = 0; i < n; i++)
    if (!order[i]->is_proxy) dr_relocate_object(p, order[i]); /* dryad is relocated once */
  /* glibc then shows the scopes of everything in the root's closure. */
  for (uint32_t i = 0; (dr_debug_mask & DR_DEBUG_SCOPES) && i < root->nlocal; i++)
    dr_debug_scope(p, object_of(root->local_scope[i]));
  dr_tls_copy_static(p, first);
  drop_tls();
  if (mode & RTLD_GLOBAL)
    for (struct dr_object *o = first; o; o = o->next) add_global(p, o);
  dr_glibc_opened(p);
  /* A libc.so.6 new to its namespace is told it is not the process's first. */
  struct dr_object *libc = dr_glibc_ns_libc(p, root->ns);
  if (libc && libc->index >= first->index) dr_glibc_early_init_ns(libc);
  dr_debug_state(RT_CONSISTENT);
  for (uint32_t i = 0; i < n; i++) dr_init_object(p, order[i]);
  dr_free(order);
  return root;
}

/* A namespace left empty (by dlclose, or a failed dlmopen) can be reused, and
 * dl_nns shrinks past empty ones. */
static void forget_empty_namespaces(struct dr_process *p) {
  for (uint32_t k = 1; k < p->nns; k++) {
    struct dr_namespace *ns = &p->ns[k];
    if (ns->head) continue;
    dr_free_after_readers(ns->global_scope);
    dr_free_after_readers(ns->searchlist.r_list);
    ns->global_scope = 0, ns->nglobal = ns->global_cap = 0;
    ns->searchlist.r_list = 0, ns->searchlist.r_nlist = 0;
  }
  while (p->nns > 1 && !p->ns[p->nns - 1].head) p->nns--;
}

/* dlmopen's NSID as glibc's _dl_open takes it: LM_ID_NEWLM (-1) the first free
 * namespace, __LM_ID_CALLER (-2, plain dlopen) the caller's, or one in use.
 * glibc raises these errors with EINVAL, which dlerror spells out at the end. */
static uint32_t target_namespace(struct dr_process *p, const char *file, long nsid,
                                 struct dr_object *caller) {
  if (nsid == -2) return caller ? caller->ns : 0;
  if (nsid == LM_ID_NEWLM) {
    uint32_t k = 1;
    while (k < p->nns && p->ns[k].head) k++;
    if (k == DR_NNS) dr_fatal_load(file, "no more namespaces available for dlmopen(): Invalid argument");
    if (k == p->nns) p->nns++;
    return k;
  }
  if (nsid != 0 && (nsid < 0 || nsid >= p->nns || !p->ns[nsid].nobjects))
    dr_fatal_load(file, "invalid target namespace in dlmopen(): Invalid argument");
  return (uint32_t)nsid;
}

struct dr_object *dr_dlopen(struct dr_process *p, const char *file, int mode, struct dr_object *caller,
                            long nsid) {
  if ((!file || !*file) && (nsid == 0 || (nsid == -2 && (!caller || caller->ns == 0)))) {
    /* The program's link map counts as opened once by startup, as glibc's does. */
    uint32_t n = __atomic_add_fetch(&p->main->opencount, 1, __ATOMIC_RELAXED);
    if (dr_debug_mask & DR_DEBUG_FILES)
      dr_dbg("opening file=%s [%u]; direct_opencount=%u\n\n", p->main->l_name, p->main->ns, n + 1);
    return p->main;
  }
  dr_load_lock();
  struct dr_object *old_tail = p->tail, *o = 0;
  uint32_t nold = p->nobjects, outer_ns = p->loading_ns, outer_tls_held = tls_held;
  struct dr_catch c = {.outer = dr_catch_current()};
  if (dr_setjmp(c.jb)) {
    /* Undo this call's mapping, then pass the error on. */
    while (tls_held > outer_tls_held) drop_tls();
    unload_from(p, old_tail ? old_tail->next : 0);
    p->loading_ns = outer_ns;
    forget_empty_namespaces(p);
    dr_glibc_namespaces(p);
    dr_load_unlock();
    dr_rethrow(&c);
  }
  dr_catch_set(&c);
  p->loading_ns = target_namespace(p, file, nsid, caller);
  if (!file || !*file) dr_fatal_load("", "cannot open shared object file: No such file or directory");
  /* The program itself, asked for by its path: a PIE cannot be dlopened. */
  if (!(mode & RTLD_NOLOAD)) {
    struct dr_object *self = 0;
    const char *why = 0;
    (void)why;
    if (dr_strchr(file, '/') && (p->main->dyn.flags_1 & DF_1_PIE) && (self = dr_find_by_file(p, file)) == p->main)
      dr_fatal_load(file, "cannot dynamically load position-independent executable");
  }
  if (mode & RTLD_NOLOAD) {
    o = dr_find_loaded(p, file);
    if (o && o->listed && (mode & RTLD_GLOBAL)) {
      add_global(p, o);
      dr_glibc_opened(p);
    }
  } else {
    const char *why = 0;
    dr_debug_state(RT_ADD);
    o = dr_load_dlopened(p, file, caller ? caller : p->main, &why);
    if (!o) dr_fatal_load(file, why);
    if (p->nobjects > nold) o = open_new(p, o, old_tail->next, mode);
    else if (mode & RTLD_GLOBAL) add_global(p, o), dr_glibc_opened(p);
  }
  if (o) {
    o->opencount++;
    if (dr_debug_mask & DR_DEBUG_FILES)
      dr_dbg("opening file=%s [%u]; direct_opencount=%u\n\n", o->l_name, o->ns, o->opencount);
    if (mode & RTLD_NODELETE) o->nodelete = true;
  }
  p->loading_ns = outer_ns;
  dr_catch_set(c.outer);
  dr_load_unlock();
  return o;
}

/* X's local scope (and glibc's copy of it in X's l_scope) without the objects
 * about to be unloaded: a lazy binding or a dlsym must not walk into them. */
static void prune_scope(struct dr_process *p, struct dr_object *x) {
  bool any = false;
  for (uint32_t i = 0; i < x->nlocal; i++) any |= object_of(x->local_scope[i])->unloading;
  if (!any) return;
  const struct dr_symobj **l = dr_alloc(x->nlocal * sizeof *l), **old = x->local_scope;
  /* glibc's scope record and its list, in one block that X owns. */
  struct gl_scope *own = dr_alloc(sizeof *own + (x->nlocal + 1) * sizeof(struct dr_object *));
  struct dr_object **gl = (struct dr_object **)(own + 1);
  uint32_t n = 0;
  for (uint32_t i = 0; i < x->nlocal; i++)
    if (!object_of(x->local_scope[i])->unloading) gl[n] = object_of(x->local_scope[i]), l[n++] = x->local_scope[i];
  *own = (struct gl_scope){gl, n};
  __atomic_store_n(&x->local_scope, l, __ATOMIC_RELEASE);
  x->nlocal = n;
  struct gl_scope **mem = &LMF(x, LM_L_SCOPE_MEM, struct gl_scope *);
  struct gl_scope *global = dr_glibc_searchlist(p, x->ns);
  for (int k = 0; k < 4 && mem[k]; k++)
    if (mem[k] != global && mem[k] != &LMF(x, LM_L_SYMBOLIC_SEARCHLIST, struct gl_scope)) mem[k] = own;
  LMF(x, LM_L_LOCAL_SCOPE, struct gl_scope *) = own;
  dr_free_after_readers(x->pruned_scope);
  x->pruned_scope = own;
  drop_scope(p, old);
}

/* Survivors keep nothing that points at the objects being unloaded. */
static void forget_unloaded(struct dr_process *p) {
  for (struct dr_object *x = p->head; x; x = x->next) {
    if (x->unloading) continue;
    if (x->local_scope) prune_scope(p, x);
    if (x->loader && x->loader->unloading) x->loader = 0;
    if (LMF(x, LM_L_LOADER, struct dr_object *) && LMF(x, LM_L_LOADER, struct dr_object *)->unloading)
      LMF(x, LM_L_LOADER, struct dr_object *) = 0;
  }
}

/* Takes the N objects of VICTIMS (already unlinked from scopes that others
 * read) out of TLS and the link list, waits for lookups still looking at
 * them, and gives back their mappings and everything allocated for them. */
static void release(struct dr_process *p, struct dr_object **victims, uint32_t n) {
  hold_tls();
  for (uint32_t i = 0; i < n; i++) {
    struct dr_object *x = victims[i];
    if (dr_debug_mask & DR_DEBUG_FILES) dr_dbg("\nfile=%s [%u];  destroying link map", x->l_name, x->ns);
    if (x->in_global_scope) dr_remove_global(p, x);
    if (x->tls && x->tls_modid) dr_tls_remove_module(p, x);
    dr_unlink_object(p, x);
  }
  dr_renumber_objects(p);
  dr_tls_reclaim_static(victims, n);
  dr_wait_readers();
  for (uint32_t i = 0; i < n; i++) {
    struct dr_object *x = victims[i];
    bool shared = false; /* the objects of one dlopen share one local scope */
    for (uint32_t j = 0; j < i && !shared; j++) shared = victims[j]->local_scope == x->local_scope;
    if (!shared) drop_scope(p, x->local_scope);
    dr_forget_names(x);
    if (!x->is_proxy) dr_munmap((void *)x->map_start, x->map_size);
  }
  for (uint32_t i = 0; i < n; i++) dr_free_object(victims[i]);
  drop_tls();
}

/* A failed dlopen: the objects from FIRST on go again, and the local scopes of
 * older objects it extended lose them. */
static void unload_from(struct dr_process *p, struct dr_object *first) {
  if (!first) return;
  uint32_t n = 0;
  for (struct dr_object *o = first; o; o = o->next) n++;
  struct dr_object **victims = dr_alloc(n * sizeof *victims);
  n = 0;
  for (struct dr_object *o = first; o; o = o->next) victims[n++] = o, o->unloading = true;
  forget_unloaded(p);
  release(p, victims, n);
  dr_free(victims);
}

static void mark(struct dr_object *o, bool *used) {
  if (used[o->index]) return;
  used[o->index] = true;
  for (uint32_t i = 0; i < o->nneeded; i++) mark(o->needed[i], used);
  for (uint32_t i = 0; i < o->nreldeps; i++) mark(o->reldeps[i], used);
}

/* dlclose called again from a finaliser that dlclose runs (the same thread: it
 * holds the load lock) only drops its reference; the outer call then looks
 * for unreferenced objects once more (glibc's dl_close_state "rerun"), so no
 * object goes while its finaliser is still running. */
static bool closing, rerun;

/* Every dlopened object nothing keeps any more runs its finalisers, dependents
 * first, and is unloaded. */
static void close_unreferenced(struct dr_process *p) {
  uint32_t total = p->nobjects, n = 0;
  bool *used = dr_zalloc(total);
  /* libc counts thread_local objects with destructors still pending (l_tls_dtor_count):
   * their code must stay until those threads exit. */
  for (struct dr_object *x = p->head; x; x = x->next)
    if (!x->dlopened || x->opencount || x->nodelete ||
        __atomic_load_n(&LMF(x, LM_L_TLS_DTOR_COUNT, uint64_t), __ATOMIC_ACQUIRE))
      mark(x, used);
  /* The victims in the order of exit, in an array of our own: a finaliser may
   * dlopen, which changes the process's list. */
  dr_sort_objects(p);
  struct dr_object **victims = dr_alloc(total * sizeof *victims);
  for (uint32_t i = 0; i < total; i++)
    if (!used[p->init_order[i]]) victims[n++] = p->by_index[p->init_order[i]];
  dr_free(used);
  for (uint32_t i = 0; i < n; i++) victims[i]->unloading = true;
  /* Finalisers first, for all of them. */
  for (uint32_t i = 0; i < n; i++) dr_fini_object(victims[i]);
  forget_unloaded(p);
  release(p, victims, n);
  dr_free(victims);
}

/* dlclose: when the last reference to a dlopened object goes, it and every
 * dlopened object only it kept alive (through DT_NEEDED or its bindings) go.
 * Objects from startup, RTLD_NODELETE ones and those startup code or the
 * unique-symbol table bound to stay; and nothing goes once the process is
 * exiting, as glibc's _dl_fini pins every object while finalisers run. */
void dr_dlclose(struct dr_process *p, struct dr_object *o) {
  dr_load_lock();
  if (!o->listed || o->opencount == 0) {
    dr_load_unlock();
    dr_fatal_load("", "shared object not open");
  }
  if ((dr_debug_mask & DR_DEBUG_FILES) && (o->opencount > 1 || !o->dlopened))
    dr_dbg("\nclosing file=%s; direct_opencount=%u", o->l_name, o->opencount - 1);
  if (--o->opencount > 0 || !o->dlopened || o->nodelete || p->exiting || closing) {
    rerun = closing;
    dr_load_unlock();
    return;
  }
  closing = true;
  dr_debug_state(RT_DELETE);
  do {
    rerun = false;
    close_unreferenced(p);
  } while (rerun);
  closing = false;
  forget_empty_namespaces(p);
  dr_glibc_opened(p);
  dr_debug_state(RT_CONSISTENT);
  dr_load_unlock();
}
