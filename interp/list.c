/* interp/list.c: --list and LD_TRACE_LOADED_OBJECTS, what ldd prints. */
#include "dryad.h"

void dr_list_objects(struct dr_process *p) {
  if (dr_debug_mask & DR_DEBUG_UNUSED) dr_debug_unused(p); /* ldd -u */
  for (struct dr_object *o = p->head; o; o = o->next) {
    if (o->is_main) continue;
    if (o->missing) {
      dr_printf(1, "\t%s => not found\n", o->needed_name);
      continue;
    }
    if (o->is_rtld || !o->needed_name || dr_strcmp(o->needed_name, o->l_name) == 0)
      dr_printf(1, "\t%s (0x%016lx)\n", o->l_name, o->l_addr);
    else
      dr_printf(1, "\t%s => %s (0x%016lx)\n", o->needed_name, o->l_name, o->l_addr);
  }
  dr_exit(0);
}
