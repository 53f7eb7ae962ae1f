/* interp/debug.c: the debugger interface (book: docs/11-debugger.md).
 *
 * Debuggers find the list of loaded objects through `_r_debug` (reached from
 * the program's DT_DEBUG entry, or by name in the interpreter) and put a
 * breakpoint on `_dl_debug_state`, which is called each time the list is
 * about to change (RT_ADD) and once it is consistent again (RT_CONSISTENT).
 * Each dlmopen namespace has its own record, glibc's r_debug_extended in
 * GL(dl_ns)[ns]._ns_debug, chained from `_r_debug` by r_next; the first one
 * makes `_r_debug` version 2, as in glibc 2.36.
 */
#include <link.h>

#include "dryad.h"
#include "glibc/glibc.h"

/* Named _r_debug for debuggers; <link.h> declares that name with the base type. */
DR_EXPORT struct r_debug_extended r_debug_ext __asm__("_r_debug");
DR_EXPORT void _dl_debug_state(void);

/* Must stay a real call with its own address: gdb puts a breakpoint here. */
__attribute__((noinline)) void _dl_debug_state(void) { __asm__ volatile(""); }

void dr_debug_init(struct dr_process *p) {
  r_debug_ext.base.r_version = 1;
  r_debug_ext.base.r_map = (struct link_map *)p->head;
  r_debug_ext.base.r_brk = (Elf64_Addr)&_dl_debug_state;
  r_debug_ext.base.r_ldbase = p->rtld->l_addr;
  struct dr_object *m = p->main;
  if (m->dyn.debug_index != UINT64_MAX) {
    Elf64_Dyn *d = (Elf64_Dyn *)&m->dyn.dyn[m->dyn.debug_index];
    if (dr_image_ptr(&m->image, (uint64_t)d - m->l_addr, sizeof *d, true))
      d->d_un.d_ptr = (Elf64_Addr)&r_debug_ext;
  }
  dr_debug_state(RT_ADD);
}

static struct r_debug_extended *ns_record(uint32_t k) {
  return (struct r_debug_extended *)(_rtld_global + GL_DL_NS + k * GL_SIZEOF_LINK_NAMESPACES + GL_NS_DEBUG);
}

/* Records exist for namespaces below this: the others' are not read, which
 * would fault their untouched pages of _rtld_global in (and again on writing). */
static uint32_t records_below = 1;

/* Namespace K's record, chained at the end of the list when first used; it
 * stays there, emptied, when the namespace is. */
static struct r_debug_extended *ns_debug(uint32_t k) {
  struct r_debug_extended *r = ns_record(k);
  if (r->base.r_brk) return r;
  if (k >= records_below) records_below = k + 1;
  r->base.r_version = 2;
  r->base.r_ldbase = r_debug_ext.base.r_ldbase;
  r->base.r_brk = (Elf64_Addr)&_dl_debug_state;
  struct r_debug_extended **pp = &r_debug_ext.r_next;
  while (*pp) pp = &(*pp)->r_next;
  __atomic_store_n(pp, r, __ATOMIC_RELEASE);
  __atomic_store_n(&r_debug_ext.base.r_version, 2, __ATOMIC_RELEASE);
  return r;
}

void dr_debug_state(int state) {
  struct dr_process *p = &dr_proc;
  __atomic_store_n(&r_debug_ext.base.r_map, (struct link_map *)p->ns[0].head, __ATOMIC_RELEASE);
  r_debug_ext.base.r_state = state;
  for (uint32_t k = 1; k < DR_NNS; k++) {
    if (!p->ns[k].head && (k >= records_below || !ns_record(k)->base.r_brk)) continue;
    struct r_debug_extended *r = ns_debug(k);
    __atomic_store_n(&r->base.r_map, (struct link_map *)p->ns[k].head, __ATOMIC_RELEASE);
    r->base.r_state = state;
  }
  _dl_debug_state();
}
