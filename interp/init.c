/* interp/init.c: initialisers and finalisers (book: docs/10-init-fini.md).
 *
 * The program's DT_PREINIT_ARRAY runs first; then each object's DT_INIT and
 * DT_INIT_ARRAY, dependencies before dependents (order from core/order.c).
 * The program's own DT_INIT/DT_INIT_ARRAY are the exception: a program whose
 * start code is libc's imports __libc_start_main, which runs them (glibc 2.34+
 * call_init), so dryad leaves them alone exactly as glibc's ld.so does; a
 * program without libc has nobody else to run them, and dryad runs them as the
 * gABI describes (glibc's ld.so never does). The finaliser handed to the
 * program in %rdx runs DT_FINI_ARRAY (in reverse) and DT_FINI of every
 * initialised object, dependents first, the program included.
 */
#include "../core/order.h"
#include "dryad.h"
#include "glibc/glibc.h"

typedef void (*dr_init_fn)(int, char **, char **);
typedef void (*dr_fini_fn)(void);

void dr_sort_objects(struct dr_process *p) {
  if (p->init_order && p->sorted_gen == p->list_gen) return;
  p->sorted_gen = p->list_gen;
  uint32_t n = p->nobjects, nedges = 0;
  /* The old order is only read under the load lock, as this is. */
  dr_free(p->by_index);
  dr_free(p->init_order);
  p->by_index = dr_alloc(n * sizeof *p->by_index);
  for (struct dr_object *o = p->head; o; o = o->next) {
    p->by_index[o->index] = o;
    nedges += o->nneeded + o->nreldeps;
  }
  uint32_t *first = dr_alloc((n + 1) * sizeof *first);
  uint32_t *deps = dr_alloc((nedges ? nedges : 1) * sizeof *deps);
  uint32_t e = 0;
  for (uint32_t i = 0; i < n; i++) {
    first[i] = e;
    for (uint32_t k = 0; k < p->by_index[i]->nneeded; k++) deps[e++] = p->by_index[i]->needed[k]->index;
    /* Bindings of dlopened objects count as dependencies too, for the order of
     * exit (glibc's _dl_sort_maps with for_fini); at startup there are none. */
    for (uint32_t k = 0; k < p->by_index[i]->nreldeps; k++) deps[e++] = p->by_index[i]->reldeps[k]->index;
  }
  first[n] = e;
  struct dr_graph g = {n, first, deps};
  p->init_order = dr_alloc(n * sizeof *p->init_order);
  uint32_t *scratch = dr_alloc(3 * n * sizeof *scratch);
  if (!dr_sort_init_order(&g, p->init_order, scratch)) dr_fatal("cannot sort objects for initialisation");
  dr_free(first);
  dr_free(deps);
  dr_free(scratch);
}

static void call_array(const uint64_t *a, uint64_t n, struct dr_process *p) {
  for (uint64_t i = 0; i < n; i++) ((dr_init_fn)a[i])((int)p->argc, p->argv, p->envp);
}

/* true if O's start code is libc's: it imports __libc_start_main. */
static bool libc_starts(const struct dr_object *o) {
  for (uint32_t i = 1; i < o->dyn.nsymtab; i++) {
    const Elf64_Sym *s = &o->dyn.symtab[i];
    const char *name = s->st_shndx == SHN_UNDEF ? dr_dyn_str(&o->dyn, s->st_name) : 0;
    if (name && name[0] == '_' && dr_strcmp(name, "__libc_start_main") == 0) return true;
  }
  return false;
}

void dr_init_object(struct dr_process *p, struct dr_object *o) {
  if (o->init_called) return;
  o->init_called = true;
  dr_glibc_set_init_called(o);
  if (o->is_rtld || (o->is_main && libc_starts(o))) return;
  if ((dr_debug_mask & DR_DEBUG_IMPCALLS) && (o->dyn.init || o->dyn.ninit_array))
    dr_dbg("\ncalling init: %s\n\n", dr_object_name(o));
  uint64_t t = dr_trace_now();
  if (o->dyn.init) ((dr_init_fn)(o->l_addr + o->dyn.init))((int)p->argc, p->argv, p->envp);
  call_array(o->dyn.init_array, o->dyn.ninit_array, p);
  dr_trace_event("init", "init", dr_object_name(o), t, dr_trace_now(), o->dyn.ninit_array, 0);
}

void dr_run_initialisers(struct dr_process *p) {
  dr_sort_objects(p);
  call_array(p->main->dyn.preinit_array, p->main->dyn.npreinit_array, p);
  for (uint32_t i = p->nobjects; i-- > 0;) dr_init_object(p, p->by_index[p->init_order[i]]);
}

void dr_fini_object(struct dr_object *o) {
  if (!o->init_called || o->fini_called || o->is_rtld || o->is_vdso) return;
  o->fini_called = true;
  /* As Debian's glibc 2.36 (_dl_call_fini): for every object initialised, under
   * its link-map name, which is empty for the program. */
  if (dr_debug_mask & DR_DEBUG_IMPCALLS) dr_dbg("\ncalling fini: %s [%u]\n\n", o->l_name, o->ns);
  for (uint64_t k = o->dyn.nfini_array; k-- > 0;) ((dr_fini_fn)o->dyn.fini_array[k])();
  if (o->dyn.fini) ((dr_fini_fn)(o->l_addr + o->dyn.fini))();
}

void dryad_fini(void) {
  struct dr_process *p = &dr_proc;
  p->exiting = true;  /* a finaliser's dlclose must not unload what is still to finalise */
  dr_sort_objects(p); /* dlopen may have added objects since startup */
  /* As glibc's _dl_fini: the namespaces from the last one down, each in order. */
  for (uint32_t ns = p->nns ? p->nns : 1; ns-- > 0;)
    for (uint32_t i = 0; i < p->nobjects; i++) {
      struct dr_object *o = p->by_index[p->init_order[i]];
      if (o->ns == ns) dr_fini_object(o);
    }
}
