/* interp/list.c: --list and LD_TRACE_LOADED_OBJECTS, what ldd prints. */
#include "dryad.h"

/* ldd -d and -r: with LD_TRACE_LOADED_OBJECTS (not --list), LD_WARN asks for
 * every object's relocations to be resolved, not applied and no IFUNC resolver
 * run, in relocation order, each undefined symbol reported on standard error
 * in glibc's words (dr_resolve, via dr_warn_symbol); the PLT too with
 * LD_BIND_NOW (-r), as glibc's dl_lazy decides. */
static void warn_undefined(struct dr_process *p) {
  dr_build_global_scope(p);
  dr_sort_objects(p);
  for (uint32_t k = p->nobjects; k-- > 0;) {
    struct dr_object *o = p->by_index[p->init_order[k]];
    if (o->is_rtld || o->is_vdso || o->missing) continue;
    dr_resolve_only(p, o, !(p->opt.bind_now || o->dyn.bind_now || o->bind_now), 0);
  }
}

/* Resolves, without applying, every symbolic relocation of O (DT_RELA, and the
 * PLT's DT_JMPREL unless LAZY), in order; marks each definer's index in USED
 * if given (p->nobjects + 1 entries). For ldd's -d, -r and -u. */
void dr_resolve_only(struct dr_process *p, struct dr_object *o, bool lazy, bool *used) {
  const Elf64_Rela *plt = o->dyn.jmprel, *plt_end = plt + o->dyn.njmprel;
  const Elf64_Rela *lists[2] = {o->dyn.rela, lazy ? 0 : plt};
  uint64_t counts[2] = {o->dyn.nrela, lazy ? 0 : o->dyn.njmprel};
  for (int l = 0; l < 2; l++)
    for (uint64_t i = 0; lists[l] && i < counts[l]; i++) {
      const Elf64_Rela *r = &lists[l][i];
      if (l == 0 && plt && r >= plt && r < plt_end) continue; /* the PLT's own range */
      uint32_t symidx = ELF64_R_SYM(r->r_info);
      if (!symidx || symidx >= o->dyn.nsymtab) continue;
      const Elf64_Sym *sym = 0;
      struct dr_object *def = dr_resolve(o, symidx, dr_reloc_type_class(ELF64_R_TYPE(r->r_info)), &sym);
      if (used && def && def->index <= p->nobjects) used[def->index] = true;
    }
}

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
  if (p->opt.warn && p->opt.list_env && !p->opt.list_lazy) warn_undefined(p);
  dr_exit(0);
}
