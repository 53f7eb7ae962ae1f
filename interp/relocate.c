/* interp/relocate.c: relocating every object (book: docs/07-relocations.md, 08-plt-got.md).
 *
 * Objects are relocated last-loaded first, so by the time an object's IFUNC
 * resolvers or COPY relocations read another object, that object is done; the
 * program comes last. Within an object: DT_RELR, then DT_RELA, then DT_JMPREL,
 * either bound now (LD_BIND_NOW, DF_BIND_NOW, DF_1_NOW) or left to the lazy
 * trampoline, then PT_GNU_RELRO is made read-only.
 */
#include <sys/mman.h>

#include "arch/x86_64/syscall.h"
#include "dryad.h"
#include "glibc/glibc.h"

/* glibc's elf_machine_type_class, by type (types beyond the table are class 0). */
static const uint8_t type_classes[] = {
    [R_X86_64_JUMP_SLOT] = DR_CLASS_PLT, [R_X86_64_DTPMOD64] = DR_CLASS_PLT,
    [R_X86_64_DTPOFF64] = DR_CLASS_PLT,  [R_X86_64_TPOFF64] = DR_CLASS_PLT,
    [R_X86_64_TLSDESC] = DR_CLASS_PLT,   [R_X86_64_COPY] = DR_CLASS_COPY,
};

int dr_reloc_type_class(uint32_t type) {
  return type < sizeof type_classes ? type_classes[type] : 0;
}

/* true if run-time address ADDR lies in an executable PT_LOAD of O. dryad calls or
 * jumps only there: IFUNC resolvers, lazily bound PLT targets, initialisers and
 * finalisers, the entry point. glibc jumps wherever a file says, and a damaged
 * file then crashes inside ld.so (found by testbins/malformed). */
static bool in_code(struct dr_object *o, uint64_t addr) {
  return dr_image_is_code(&o->image, addr - o->l_addr);
}

/* What resolve_cb leaves: every type but the plain words, with DEF and SYM found. */
static __attribute__((noinline)) const char *resolve_rest(struct dr_object *o, uint32_t symidx,
                                                          uint32_t type, struct dr_symval *out,
                                                          struct dr_object *def, const Elf64_Sym *sym) {
  if (!def) return 0; /* undefined weak: found stays false */
  out->found = true;
  out->addr = sym ? def->l_addr + sym->st_value : 0;
  out->size = sym ? sym->st_size : 0;
  out->st_value = sym ? sym->st_value : 0;
  out->ifunc = sym && ELF64_ST_TYPE(sym->st_info) == STT_GNU_IFUNC && sym->st_shndx != SHN_UNDEF;
  out->tls_modid = def->tls_modid;
  /* A thread-pointer offset needs a static block: one a dlopened module did not
   * ask for (no DF_STATIC_TLS) gets one now, before any thread has used it. */
  if (type == R_X86_64_TPOFF64 && def->tls && def->tls_dynamic) dr_tls_make_static(def);
  out->tls_tpoff = def->tls_tpoff;
  out->tls_dynamic = def->tls_dynamic;
  if (sym && ELF64_ST_TYPE(sym->st_info) == STT_TLS && !def->tls)
    return "TLS symbol in an object without PT_TLS";
  /* What dryad itself will read or run must lie in the defining object. */
  if (out->ifunc && !in_code(def, out->addr)) return "IFUNC resolver outside its object's code";
  if (type == R_X86_64_JUMP_SLOT && sym && !out->ifunc && sym->st_shndx != SHN_ABS &&
      !in_code(def, out->addr))
    return "PLT target outside its object's code";
  if (type == R_X86_64_TLSDESC && sym && ELF64_ST_TYPE(sym->st_info) != STT_TLS)
    return "TLSDESC relocation against a non-TLS symbol";
  if (type == R_X86_64_COPY && sym) {
    uint64_t ref_size = o->dyn.symtab[symidx].st_size;
    uint64_t n = sym->st_size < ref_size ? sym->st_size : ref_size;
    if (!dr_image_ptr(&def->image, sym->st_value, n, false))
      return "COPY relocation source outside its object";
  }
  return 0;
}

/* Most relocations are a GLOB_DAT or R_X86_64_64 against an ordinary symbol,
 * which nothing in resolve_rest concerns: they end here, its checks and stores
 * out of their way. */
static const char *resolve_cb(void *arg, uint32_t symidx, uint32_t type, struct dr_symval *out) {
  struct dr_object *o = arg, *def = o;
  const Elf64_Sym *sym = 0;
  int type_class = dr_reloc_type_class(type);
  if (symidx && !dr_resolve_known(o, symidx, type_class, &def, &sym))
    def = dr_resolve_search(o, symidx, type_class, &sym);
  if (!def || !sym || (type != R_X86_64_GLOB_DAT && type != R_X86_64_64) ||
      ELF64_ST_TYPE(sym->st_info) >= STT_TLS)
    return resolve_rest(o, symidx, type, out, def, sym);
  out->found = true;
  out->addr = def->l_addr + sym->st_value;
  return 0;
}

/* apply_rela's GLOB_DAT and R_X86_64_64 (PLT false) or JUMP_SLOT (PLT true)
 * entry R: applied if its answer is replayed or repeated, and an ordinary
 * symbol or an undefined weak one; false leaves it to dr_apply_rela. Inlined
 * once for each, so that the first, the common one, has constants for PLT's. */
static inline __attribute__((always_inline)) bool replay_word(struct dr_object *o, const Elf64_Rela *r,
                                                              struct dr_wseg *w, bool plt) {
  uint32_t symidx = ELF64_R_SYM(r->r_info);
  if (symidx - 1 >= o->dyn.nsymtab - 1 || !dr_in_wseg(&o->image, w, r->r_offset)) return false;
  const Elf64_Sym *ref = &o->dyn.symtab[symidx], *sym = 0;
  struct dr_object *def = 0;
  int cls = plt ? DR_CLASS_PLT : 0;
  bool fresh = false;
  if (dr_binds_locally(ref) || !dr_replay_answer(o, symidx, cls, ref, &def, &sym, &fresh)) return false;
  /* TLS, IFUNC and a PLT target outside its object's code: resolve_rest's. */
  if (def && (ELF64_ST_TYPE(sym->st_info) >= STT_TLS ||
              (plt && sym->st_shndx != SHN_ABS && !in_code(def, def->l_addr + sym->st_value))))
    return false;
  if (fresh) dr_replay_take(o, symidx, cls, def, sym);
  else dr_proc.stats.cached++;
  uint64_t v = ELF64_R_TYPE(r->r_info) == R_X86_64_64 ? (uint64_t)r->r_addend : 0;
  if (def) v += def->l_addr + sym->st_value;
  __builtin_memcpy((void *)(uintptr_t)(o->image.bias + r->r_offset), &v, 8);
  return true;
}

/* dr_apply_rela over O's entries [0, N), but while the binding cache replays, its
 * common entries skip core's callback and general checks: runs of RELATIVE
 * entries, each GLOB_DAT, R_X86_64_64 or JUMP_SLOT whose answer, replayed or
 * repeated, is an ordinary symbol (or an undefined weak one), and static-TLS
 * entries for the object's own block, applied here as dr_apply_rela and
 * resolve_cb would, with the same statistics. Any other entry goes to
 * dr_apply_rela alone, in its turn; the first IRELATIVE one hands it the rest
 * of the range, so IRELATIVE entries still wait for its end. Two thirds of the
 * callback's cost per entry, and a tenth for libc's TLS entries. */
static const char *apply_rela(struct dr_object *o, const Elf64_Rela *r, uint64_t n,
                              const struct dr_reloc_ops *ops) {
  struct dr_image *im = &o->image;
  /* LD_DEBUG reports lookups as the callback makes them; its statistics, as here. */
  if (o->bc_pos == o->bc_end || o->prebound || o->dyn.textrel || (dr_debug_mask & ~DR_DEBUG_STATISTICS))
    return dr_apply_rela(im, &o->dyn, r, n, ops, 0);
  struct dr_wseg w = {0, 0};
  for (uint64_t i = 0; i < n;) {
    uint32_t type = ELF64_R_TYPE(r[i].r_info), symidx = ELF64_R_SYM(r[i].r_info);
    if (type == R_X86_64_RELATIVE) {
      uint64_t done;
      const char *err = dr_apply_relative(im, r + i, n - i, &done);
      i += done;
      if (!err) continue; /* else dr_apply_rela meets the entry again, below */
    }
    if ((type == R_X86_64_GLOB_DAT || type == R_X86_64_64) && replay_word(o, &r[i], &w, false)) {
      i++;
      continue;
    }
    if (type == R_X86_64_JUMP_SLOT && replay_word(o, &r[i], &w, true)) { /* bound now */
      i++;
      continue;
    }
    /* A static-TLS entry against symbol 0, the object's own block (libc.so.6 has
     * 17): resolve_rest's answer, none of its checks apply. */
    if ((type == R_X86_64_DTPMOD64 || type == R_X86_64_DTPOFF64 || type == R_X86_64_TPOFF64) &&
        symidx == 0 && o->tls && !(type == R_X86_64_TPOFF64 && o->tls_dynamic) &&
        dr_in_wseg(im, &w, r[i].r_offset)) {
      struct dr_symval v = {.found = true, .tls_modid = o->tls_modid, .tls_tpoff = o->tls_tpoff};
      uint64_t x = dr_reloc_tls_word(type, &v, (uint64_t)r[i].r_addend);
      __builtin_memcpy((void *)(uintptr_t)(im->bias + r[i].r_offset), &x, 8);
      i++;
      continue;
    }
    if (type == R_X86_64_IRELATIVE) return dr_apply_rela(im, &o->dyn, r + i, n - i, ops, 0);
    const char *err = dr_apply_rela(im, &o->dyn, r + i, 1, ops, 0);
    if (err) return err;
    i++;
  }
  return 0;
}

static void fail(struct dr_object *o, const char *why) {
  dr_fatal_load(dr_object_name(o), why);
}

/* Every resolver was checked before it got here: an IRELATIVE one against its
 * own object's code by core/ (apply_irelative), an IFUNC symbol's against its
 * definer's by resolve_rest. */
static uint64_t ifunc_cb(void *arg, uint64_t resolver) {
  return dr_call_ifunc(resolver);
}

/* A TLSDESC argument for dynamic TLS: {module, offset}, as __tls_get_addr takes;
 * chained to the object (third word), which frees them when it is unloaded. */
static uint64_t tlsdesc_arg(void *arg, uint64_t modid, uint64_t offset) {
  struct dr_object *o = arg;
  uint64_t *a = dr_alloc(3 * sizeof *a);
  a[0] = modid;
  a[1] = offset;
  a[2] = (uint64_t)o->tlsdesc_args;
  o->tlsdesc_args = a;
  return (uint64_t)a;
}

static struct dr_reloc_ops ops_for(struct dr_object *o) {
  return (struct dr_reloc_ops){o, resolve_cb, ifunc_cb, (uint64_t)&dryad_tlsdesc_return,
                               (uint64_t)&dryad_tlsdesc_dynamic, tlsdesc_arg,
                               /* what worker threads bound already (parallel.c) */
                               o->prebound, o->dyn.rela + o->prebound_from, o->prebound_n};
}

/* DT_TEXTREL objects get their read-only segments made writable meanwhile. */
static void text_writable(struct dr_object *o, bool writable) {
  for (uint16_t i = 0; i < o->phnum; i++) {
    const Elf64_Phdr *ph = &o->phdr[i];
    if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W)) continue;
    uint64_t start = dr_align_down(o->l_addr + ph->p_vaddr, DR_PAGE);
    uint64_t end = dr_align_up(o->l_addr + ph->p_vaddr + ph->p_memsz, DR_PAGE);
    int prot = ((ph->p_flags & PF_R) ? PROT_READ : 0) | ((ph->p_flags & PF_X) ? PROT_EXEC : 0);
    dr_mprotect((void *)start, end - start, writable ? prot | PROT_WRITE : prot);
  }
}

static void setup_lazy(struct dr_object *o) {
  uint64_t *got = dr_image_ptr(&o->image, o->dyn.pltgot, 3 * 8, true);
  if (!got) dr_fatal_load(dr_object_name(o), "invalid DT_PLTGOT");
  got[1] = (uint64_t)o;
  got[2] = (uint64_t)&dryad_runtime_resolve;
}

/* An initialiser in another object's code (an R_X86_64_64 against its symbol)
 * must be one of that object's functions, not any byte of its code: a damaged
 * RELATIVE addend could otherwise send dryad into the middle of libc. Rare, so
 * a scan of that object's symbols is cheap enough. */
static bool is_function(struct dr_process *p, uint64_t addr) {
  struct dr_object *x = p->head;
  while (x && !in_code(x, addr)) x = x->next;
  if (!x || !x->dyn.symtab) return false;
  for (uint32_t i = 0; i < x->dyn.nsymtab; i++) {
    const Elf64_Sym *s = &x->dyn.symtab[i];
    unsigned t = ELF64_ST_TYPE(s->st_info);
    if (s->st_shndx != SHN_UNDEF && (t == STT_FUNC || t == STT_GNU_IFUNC) && x->l_addr + s->st_value == addr)
      return true;
  }
  return false;
}

/* Once relocated, every initialiser and finaliser dryad will call must be code. */
static void check_init_fini(struct dr_process *p, struct dr_object *o) {
  if (o->is_rtld || o->is_vdso) return;
  if (o->dyn.init && !in_code(o, o->l_addr + o->dyn.init)) fail(o, "DT_INIT outside the object's code");
  if (o->dyn.fini && !in_code(o, o->l_addr + o->dyn.fini)) fail(o, "DT_FINI outside the object's code");
  static const char *const what[3] = {"DT_PREINIT_ARRAY entry outside any object's code",
                                      "DT_INIT_ARRAY entry outside any object's code",
                                      "DT_FINI_ARRAY entry outside any object's code"};
  const uint64_t *a[3] = {o->dyn.preinit_array, o->dyn.init_array, o->dyn.fini_array};
  uint64_t n[3] = {o->dyn.npreinit_array, o->dyn.ninit_array, o->dyn.nfini_array};
  for (int k = 0; k < 3; k++)
    for (uint64_t i = 0; i < n[k]; i++)
      if (!in_code(o, a[k][i]) && !is_function(p, a[k][i])) fail(o, what[k]);
}

void dr_relocate_object(struct dr_process *p, struct dr_object *o) {
  uint64_t t = dr_trace_now();
  struct dr_reloc_ops ops = ops_for(o);
  const char *err;
  if (o->dyn.textrel) text_writable(o, true);
  if (!o->relr_done && (err = dr_apply_relr(&o->image, o->dyn.relr, o->dyn.nrelr))) fail(o, err);
  /* glibc's ranges: DT_RELA and DT_JMPREL are one range when bound now and
   * adjacent (IRELATIVE entries then wait for the end of both), two otherwise;
   * a DT_RELA that already ends with DT_JMPREL is cut short (dr_rela_own). */
  const Elf64_Rela *rela = o->dyn.rela, *jmprel = o->dyn.jmprel;
  uint64_t nrela = dr_rela_own(&o->dyn), njmprel = o->dyn.njmprel;
  bool lazy_mode = !(p->opt.bind_now || o->dyn.bind_now || o->bind_now);
  /* glibc says "(lazy)" for the mode, with or without PLT entries to defer. */
  if (dr_debug_mask & DR_DEBUG_RELOC)
    dr_dbg("\nrelocation processing: %s%s", dr_object_name(o), lazy_mode ? " (lazy)" : "");
  o->lazy = lazy_mode && njmprel && o->dyn.pltgot;
  o->relocating = true; /* dr_resolve's cache of the last lookup */
  if (!p->relocated) dr_bindcache_begin(o);
  if ((err = dr_apply_holes(o, &ops))) fail(o, err);
  if (!rela) rela = jmprel, nrela = 0;
  /* The leading RELATIVE entries may have been applied already (parallel.c). */
  rela += o->relative_done, nrela -= o->relative_done;
  if (!o->lazy && jmprel && rela + nrela == jmprel) nrela += njmprel, njmprel = 0;
  if ((err = apply_rela(o, rela, nrela, &ops))) fail(o, err);
  if (o->lazy) {
    setup_lazy(o);
    err = dr_apply_jmprel_lazy(&o->image, &o->dyn, jmprel, njmprel, &ops);
  } else {
    err = apply_rela(o, jmprel, njmprel, &ops);
  }
  if (err) fail(o, err);
  o->relocating = false;
  if (!p->relocated) dr_bindcache_end(o), dr_bindcache_record_plt(o);
  dr_free(o->prebound);
  o->prebound = 0, o->prebound_n = 0, o->replayed_ahead = false;
  if (o->dyn.textrel) text_writable(o, false);
  check_init_fini(p, o);
  o->relocated = true;
  dr_glibc_set_relocated(o);
  dr_apply_relro(o);
  dr_trace_event("relocate", "relocate", dr_object_name(o), t, dr_trace_now(),
                 o->dyn.nrela + o->dyn.njmprel - o->relative_done, 0);
}

void dr_relocate_all(struct dr_process *p) {
  dr_relocate_relative(p);
  /* glibc: the reverse of l_initfini, i.e. the order of initialisation. */
  dr_sort_objects(p);
  for (uint32_t i = p->nobjects; i-- > 0;) {
    struct dr_object *o = p->by_index[p->init_order[i]];
    if (!o->relocated) dr_relocate_object(p, o);
  }
  if (!in_code(p->main, p->main->entry))
    fail(p->main, "entry point outside the program's code");
  p->relocated = true;
}

/* Called by dryad_runtime_resolve on a lazily bound PLT entry's first call. */
uint64_t dryad_lazy_fixup(struct dr_object *o, uint64_t index) {
  if (index >= o->dyn.njmprel) dr_fatal_load(dr_object_name(o), "invalid PLT relocation index");
  const Elf64_Rela *r = &o->dyn.jmprel[index];
  uint32_t symidx = ELF64_R_SYM(r->r_info);
  uint64_t *slot = dr_image_ptr(&o->image, r->r_offset, 8, true);
  if (!slot || symidx >= o->dyn.nsymtab || ELF64_R_TYPE(r->r_info) != R_X86_64_JUMP_SLOT)
    dr_fatal_load(dr_object_name(o), "invalid PLT relocation");
  const Elf64_Sym *sym = 0;
  /* The binding cache's answer (bindcache.c), else the search. */
  struct dr_object *def = dr_bindcache_plt(o, index, symidx, &sym);
  if (def) {
    __atomic_fetch_add(&dr_proc.stats.replayed, 1, __ATOMIC_RELAXED);
    if (dr_debug_mask & DR_DEBUG_BINDINGS) dr_debug_binding(o, symidx, def);
  } else {
    /* A lazy binding that fails ends the process, even inside dlopen (glibc's
     * _dl_fixup): no catcher may see it. */
    struct dr_catch *outer = dr_catch_current();
    dr_catch_set(0);
    def = dr_resolve(o, symidx, DR_CLASS_PLT, &sym);
    dr_catch_set(outer);
  }
  uint64_t value = 0;
  if (def && sym) {
    value = def->l_addr + sym->st_value;
    /* The trampoline jumps to VALUE: it must be code (a resolver's answer is trusted). */
    if (ELF64_ST_TYPE(sym->st_info) == STT_GNU_IFUNC && sym->st_shndx != SHN_UNDEF) {
      if (!in_code(def, value)) fail(o, "IFUNC resolver outside its object's code");
      value = dr_call_ifunc(value);
    } else {
      /* No addend: glibc's elf_machine_plt_value is the symbol's value alone. */
      if (sym->st_shndx != SHN_ABS && !in_code(def, value))
        fail(o, "PLT target outside its object's code");
    }
  }
  if (!dr_proc.opt.bind_not) *slot = value;
  return value;
}
