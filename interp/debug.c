/* interp/debug.c: the debugger interface (book: docs/11-debugger.md).
 *
 * Debuggers find the list of loaded objects through `_r_debug` (reached from
 * the program's DT_DEBUG entry, or by name in the interpreter) and put a
 * breakpoint on `_dl_debug_state`, which is called each time the list is
 * about to change (RT_ADD) and once it is consistent again (RT_CONSISTENT).
 */
#include <link.h>

#include "dryad.h"

DR_EXPORT struct r_debug _r_debug;
DR_EXPORT void _dl_debug_state(void);

/* Must stay a real call with its own address: gdb puts a breakpoint here. */
__attribute__((noinline)) void _dl_debug_state(void) { __asm__ volatile(""); }

void dr_debug_init(struct dr_process *p) {
  _r_debug.r_version = 1;
  _r_debug.r_map = (struct link_map *)p->head;
  _r_debug.r_brk = (Elf64_Addr)&_dl_debug_state;
  _r_debug.r_ldbase = p->rtld->l_addr;
  struct dr_object *m = p->main;
  if (m->dyn.debug_index != UINT64_MAX) {
    Elf64_Dyn *d = (Elf64_Dyn *)&m->dyn.dyn[m->dyn.debug_index];
    if (dr_image_ptr(&m->image, (uint64_t)d - m->l_addr, sizeof *d, true))
      d->d_un.d_ptr = (Elf64_Addr)&_r_debug;
  }
  dr_debug_state(RT_ADD);
}

void dr_debug_state(int state) {
  _r_debug.r_map = (struct link_map *)dr_proc.head;
  _r_debug.r_state = state;
  _dl_debug_state();
}
