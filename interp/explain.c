/* interp/explain.c: dryad.so.1 --explain PROG (book: docs/15-diagnostics.md).
 *
 * Loads the program and its dependencies exactly as a run would, then, instead
 * of relocating and running it, resolves every symbol its relocations name and
 * prints, as one JSON document: each object with its path and the search list
 * that found it, each binding (which object's symbol, at which version, each
 * reference gets), and the problems a run would hit or that deserve a look:
 * undefined symbols, missing versions, text relocations, executable stacks.
 */
#include "dryad.h"

/* Output streams: the document goes out as it is built; problems are kept
 * until the end (they are found along the way), up to a generous bound. */
struct out {
  char *buf;
  uint64_t n, cap;
  bool keep;
};

static void flush(struct out *o) {
  dr_write(1, o->buf, o->n);
  o->n = 0;
}

static void put(struct out *o, const char *s) {
  for (; *s; s++) {
    if (o->n == o->cap) {
      if (o->keep) return; /* past the bound: the rest is dropped */
      flush(o);
    }
    o->buf[o->n++] = *s;
  }
}

static void str(struct out *o, const char *s) {
  if (!s) return put(o, "null");
  put(o, "\"");
  for (; *s; s++) {
    char e[8] = {0};
    if (*s == '"' || *s == '\\') e[0] = '\\', e[1] = *s;
    else if ((unsigned char)*s < 0x20) dr_snprintf(e, sizeof e, "\\u%04x", (unsigned char)*s);
    else e[0] = *s;
    put(o, e);
  }
  put(o, "\"");
}

static void field(struct out *o, const char *key, const char *value, bool comma) {
  str(o, key);
  put(o, ": ");
  str(o, value);
  if (comma) put(o, ", ");
}

static void flag(struct out *o, const char *key, bool v) {
  str(o, key);
  put(o, v ? ": true, " : ": false, ");
}

static bool first_problem = true;

static void problem(struct out *o, const char *kind, const char *object, const char *detail) {
  put(o, first_problem ? "\n    {" : ",\n    {");
  first_problem = false;
  field(o, "kind", kind, true);
  field(o, "object", object, true);
  field(o, "detail", detail, false);
  put(o, "}");
}

/* Every symbol O's relocations name, once each, resolved without being applied. */
static void bindings(struct dr_process *p, struct out *out, struct dr_object *o, bool *first,
                     struct out *problems) {
  if (!o->dyn.symtab) return;
  bool *seen = dr_zalloc(o->dyn.nsymtab);
  const Elf64_Rela *tables[2] = {o->dyn.rela, o->dyn.jmprel};
  uint64_t counts[2] = {o->dyn.nrela, o->dyn.njmprel};
  for (int t = 0; t < 2; t++)
    for (uint64_t i = 0; i < counts[t]; i++) {
      uint32_t symidx = ELF64_R_SYM(tables[t][i].r_info), type = ELF64_R_TYPE(tables[t][i].r_info);
      if (!symidx || symidx >= o->dyn.nsymtab || seen[symidx]) continue;
      seen[symidx] = true;
      const Elf64_Sym *ref = &o->dyn.symtab[symidx];
      if (ELF64_ST_BIND(ref->st_info) == STB_LOCAL) continue;
      const char *name = dr_dyn_str(&o->dyn, ref->st_name);
      if (!name) continue;
      const struct dr_version *v = dr_ref_version(o, symidx);
      struct dr_lookup q;
      int cls = type == R_X86_64_JUMP_SLOT ? DR_CLASS_PLT : type == R_X86_64_COPY ? DR_CLASS_COPY : 0;
      dr_query_init(&q, name, v, cls, 0);
      struct dr_object *def = 0;
      uint32_t idx = 0;
      bool found = dr_scope_lookup(p, o, &q, &def, &idx);
      put(out, *first ? "\n    {" : ",\n    {");
      *first = false;
      field(out, "object", dr_object_name(o), true);
      field(out, "symbol", name, true);
      field(out, "version", v ? v->name : 0, true);
      field(out, "relocation", dr_reloc_name(type), true);
      field(out, "bound_to", found ? dr_object_name(def) : 0, false);
      put(out, "}");
      if (!found && ELF64_ST_BIND(ref->st_info) != STB_WEAK) {
        char d[512];
        dr_snprintf(d, sizeof d, "undefined symbol: %s%s%s", name, v ? ", version " : "", v ? v->name : "");
        problem(problems, "undefined symbol", dr_object_name(o), d);
      }
    }
}

/* DT_VERNEED entries whose version the named object does not define. */
struct need_ctx {
  struct dr_process *p;
  struct dr_object *o;
  struct out *problems;
};

static const char *need(void *arg, const char *file, const char *name, uint32_t hash, bool weak) {
  struct need_ctx *c = arg;
  for (struct dr_object *d = c->p->head; d; d = d->next) {
    if (!d->soname || dr_strcmp(d->soname, file) != 0 || !d->dyn.verdef) continue;
    if (!weak && !dr_object_defines(d, name, hash)) {
      char msg[512];
      dr_snprintf(msg, sizeof msg, "version `%s' not found in %s", name, dr_object_name(d));
      problem(c->problems, "missing version", dr_object_name(c->o), msg);
    }
  }
  return 0;
}

void dr_explain(struct dr_process *p) {
  struct out out = {dr_alloc(8192), 0, 8192, false};
  struct out problems = {dr_alloc(1 << 20), 0, 1 << 20, true};
  put(&out, "{\n  ");
  field(&out, "program", p->progname, true);
  field(&out, "interpreter", "dryad.so.1", true);
  put(&out, "\n  \"objects\": [");
  bool first = true;
  for (struct dr_object *o = p->head; o; o = o->next) {
    put(&out, first ? "\n    {" : ",\n    {");
    first = false;
    field(&out, "name", o->is_main ? p->progname : o->needed_name ? o->needed_name : o->l_name, true);
    field(&out, "path", o->is_main ? p->progname : o->missing ? 0 : o->l_name, true);
    field(&out, "soname", o->soname, true);
    field(&out, "found_via", o->is_main ? "the program" : o->is_vdso ? "the kernel (vDSO)"
                           : o->is_rtld ? "the program interpreter" : o->missing ? 0 : o->found_via, true);
    field(&out, "needed_by", o->loader ? dr_object_name(o->loader) : 0, true);
    flag(&out, "in_global_scope", o->in_global_scope);
    flag(&out, "bind_now", o->dyn.bind_now);
    flag(&out, "tls", o->tls != 0);
    flag(&out, "text_relocations", o->dyn.textrel);
    str(&out, "executable_stack");
    put(&out, (o->stack_flags & PF_X) && !o->is_vdso ? ": true}" : ": false}");
    if (o->missing) {
      char d[512];
      dr_snprintf(d, sizeof d, "%s: cannot open shared object file: No such file or directory", o->needed_name);
      problem(&problems, "library not found", o->loader ? dr_object_name(o->loader) : "", d);
    }
    if (o->dyn.textrel) problem(&problems, "text relocations", dr_object_name(o), "DT_TEXTREL: code pages are made writable while relocating");
    if ((o->stack_flags & PF_X) && !o->is_vdso && !o->is_rtld)
      problem(&problems, "executable stack", dr_object_name(o), "PT_GNU_STACK asks for an executable stack (or is missing)");
    struct need_ctx c = {p, o, &problems};
    dr_versions_each_need(&o->image, &o->dyn, need, &c);
  }
  put(&out, "\n  ],\n  \"bindings\": [");
  first = true;
  for (struct dr_object *o = p->head; o; o = o->next)
    if (!o->is_rtld && !o->is_vdso) bindings(p, &out, o, &first, &problems);
  put(&out, "\n  ],\n  \"problems\": [");
  flush(&out);
  flush(&problems); /* kept whole: written once, here */
  put(&out, "\n  ]\n}\n");
  flush(&out);
  dr_exit(0);
}
