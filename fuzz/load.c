/* fuzz/load.c: `bazel run //fuzz:load`: the whole loading pipeline of core/ over an
 * in-memory file system of fuzzed objects.
 *
 * Input: up to MAX_FILES files separated by FZ_SEP; the first is the program.
 * Each file is checked (dr_elf_check_file) and "mapped" into its own heap image
 * (harness.h), its dynamic section and version table read. Then, as
 * interp/ does for a process:
 *   - DT_NEEDED is walked breadth-first from the program, a name found among the
 *     files by DT_SONAME (a name no file has is skipped, where dryad would stop);
 *   - the dependency graph is sorted into initialisation order (core/order.c);
 *   - every DT_VERNEED is checked against the object it names (core/version.c);
 *   - the static TLS blocks are laid out (core/tls.c);
 *   - every object is relocated, in initialisation order (dependencies first,
 *     as interp/relocate.c does), resolving symbols along the global scope with dr_find_in_scope (DT_SYMBOLIC
 *     objects first in themselves), eagerly or with lazy PLT slots as the object
 *     asks, and then every PLT slot is bound as a first call would bind it.
 * ASan catches a read or write outside any image; results that break core/'s
 * contracts (a sort that is no permutation, TLS blocks that overlap, a symbol
 * index out of range) trap.
 */
#include "core/order.h"
#include "core/reloc.h"
#include "core/symbol.h"
#include "core/tls.h"
#include "harness.h"

#define FZ_SEP "\n--dryad-file--\n"
#define MAX_FILES 8

struct obj {
  struct fz_object o;
  uint8_t *bytes;
  bool ok;                 /* checked, mapped and parsed */
  const char *soname;      /* DT_SONAME or NULL */
  int index;               /* position in the load list, -1 if not loaded */
  uint32_t needed[MAX_FILES];
  uint32_t nneeded;
  struct dr_symobj symobj;
  uint64_t tls_modid;
  int64_t tls_tpoff;
};

struct world {
  struct obj files[MAX_FILES];
  size_t nfiles;
  uint32_t list[MAX_FILES]; /* load order: indices into files */
  size_t nlist;
  const struct dr_symobj *scope[MAX_FILES];
};

/* The interp/load.c checks after mapping, on top of fz_load's. */
static bool load_file(struct obj *f, const uint8_t *data, size_t size) {
  f->index = -1;
  f->bytes = fz_dup(data, size);
  if (fz_load(&f->o, f->bytes, size) != 0) return false;
  const Elf64_Phdr *tls = f->o.file.tls;
  if (tls && (!dr_align_ok(tls->p_align) || tls->p_align > (1ULL << 30) ||
              tls->p_memsz > (1ULL << 30) || tls->p_filesz > tls->p_memsz ||
              !dr_image_ptr(&f->o.image, tls->p_vaddr, tls->p_filesz, false)))
    return false;
  if (f->o.dyn.soname != UINT64_MAX) f->soname = dr_dyn_str(&f->o.dyn, f->o.dyn.soname);
  return true;
}

static int find_file(struct world *w, const char *name) {
  for (size_t i = 0; i < w->nlist; i++) {
    struct obj *f = &w->files[w->list[i]];
    if (f->soname && strcmp(f->soname, name) == 0) return (int)w->list[i];
  }
  for (size_t i = 0; i < w->nfiles; i++)
    if (w->files[i].ok && w->files[i].index < 0 && w->files[i].soname &&
        strcmp(w->files[i].soname, name) == 0)
      return (int)i;
  return -1;
}

static void load_closure(struct world *w) {
  w->files[0].index = 0;
  w->list[w->nlist++] = 0;
  for (size_t k = 0; k < w->nlist; k++) {
    struct obj *f = &w->files[w->list[k]];
    size_t it = 0;
    bool bad = false;
    const char *name;
    while ((name = dr_dyn_next_needed(&f->o.dyn, &it, &bad))) {
      if (bad) break; /* dryad: "invalid DT_NEEDED string" */
      int j = find_file(w, name);
      if (j < 0) continue;
      if (w->files[j].index < 0) {
        w->files[j].index = (int)w->nlist;
        w->list[w->nlist++] = (uint32_t)j;
      }
      bool dup = false;
      for (uint32_t e = 0; e < f->nneeded; e++) dup |= f->needed[e] == (uint32_t)j;
      if (!dup && f->nneeded < MAX_FILES) f->needed[f->nneeded++] = (uint32_t)j;
    }
  }
  for (size_t k = 0; k < w->nlist; k++) {
    struct obj *f = &w->files[w->list[k]];
    f->symobj = (struct dr_symobj){&f->o.dyn, f->o.versions, f->o.nversions, k == 0, false};
    w->scope[k] = &f->symobj;
  }
}

/* Initialisation order over load-list indices; false if core/order.c refuses. */
static bool sort(struct world *w, uint32_t *order) {
  uint32_t first[MAX_FILES + 1], deps[MAX_FILES * MAX_FILES], scratch[3 * MAX_FILES], e = 0;
  for (size_t k = 0; k < w->nlist; k++) {
    struct obj *f = &w->files[w->list[k]];
    first[k] = e;
    for (uint32_t i = 0; i < f->nneeded; i++) deps[e++] = (uint32_t)w->files[f->needed[i]].index;
  }
  first[w->nlist] = e;
  struct dr_graph g = {w->nlist, first, deps};
  if (!dr_sort_init_order(&g, order, scratch)) return false;
  bool seen[MAX_FILES] = {false};
  for (size_t k = 0; k < w->nlist; k++) {
    if (order[k] >= w->nlist || seen[order[k]]) __builtin_trap();
    seen[order[k]] = true;
  }
  return true;
}

struct need_ctx {
  struct world *w;
};

static const char *check_need(void *arg, const char *file, const char *name, uint32_t hash,
                              bool weak) {
  struct need_ctx *c = arg;
  (void)weak;
  for (size_t k = 0; k < c->w->nlist; k++) {
    struct obj *def = &c->w->files[c->w->list[k]];
    if (def->soname && strcmp(def->soname, file) == 0 && def->o.dyn.verdef) {
      fz_defines(&def->o, name, hash);
      break;
    }
  }
  return 0;
}

static void check_versions(struct world *w) {
  struct need_ctx c = {w};
  for (size_t k = 0; k < w->nlist; k++) {
    struct obj *f = &w->files[w->list[k]];
    dr_versions_each_need(&f->o.image, &f->o.dyn, check_need, &c);
  }
}

/* Lays out static TLS as interp/tls.c does; false where dryad would stop. */
static bool layout_tls(struct world *w) {
  struct dr_tls_block b[MAX_FILES];
  struct obj *who[MAX_FILES];
  size_t n = 0;
  for (size_t k = 0; k < w->nlist; k++) {
    struct obj *f = &w->files[w->list[k]];
    const Elf64_Phdr *t = f->o.file.tls;
    if (!t) continue;
    f->tls_modid = n + 1;
    uint64_t align = t->p_align ? t->p_align : 1;
    b[n] = (struct dr_tls_block){t->p_memsz, align, t->p_vaddr & (align - 1), 0};
    who[n++] = f;
  }
  uint64_t used = 0, max_align = 0;
  if (!dr_tls_layout(b, n, 64, &used, &max_align)) return false;
  for (size_t i = 0; i < n; i++) {
    /* Each block lies below the thread pointer at its alignment, apart from the others. */
    if (b[i].offset < b[i].blocksize || b[i].offset > used || max_align < b[i].align ||
        (b[i].offset + b[i].firstbyte) % b[i].align != 0)
      __builtin_trap();
    for (size_t j = 0; j < i; j++)
      if (b[i].blocksize && b[j].blocksize && b[i].offset - b[i].blocksize < b[j].offset &&
          b[j].offset - b[j].blocksize < b[i].offset)
        __builtin_trap();
    who[i]->tls_tpoff = -(int64_t)b[i].offset;
  }
  return true;
}

struct reloc_ctx {
  struct world *w;
  struct obj *self;
};

static int type_class(uint32_t type) {
  switch (type) {
    case R_X86_64_JUMP_SLOT: case R_X86_64_DTPMOD64: case R_X86_64_DTPOFF64:
    case R_X86_64_TPOFF64: case 36 /* R_X86_64_TLSDESC */:
      return DR_CLASS_PLT;
    case R_X86_64_COPY:
      return DR_CLASS_COPY;
    default:
      return 0;
  }
}

/* interp/resolve.c's dr_resolve and interp/relocate.c's resolve_cb, over the world. */
static const char *resolve(void *arg, uint32_t symidx, uint32_t type, struct dr_symval *out) {
  struct reloc_ctx *c = arg;
  struct obj *o = c->self, *def = o;
  const struct dr_dynamic *d = &o->o.dyn;
  const Elf64_Sym *sym = 0;
  if (symidx != 0) {
    if (symidx >= d->nsymtab) __builtin_trap(); /* core/reloc.c checks it first */
    const Elf64_Sym *ref = &d->symtab[symidx];
    unsigned vis = ELF64_ST_VISIBILITY(ref->st_other);
    if (ELF64_ST_BIND(ref->st_info) == STB_LOCAL || vis == STV_HIDDEN || vis == STV_INTERNAL) {
      sym = ref;
    } else {
      const char *name = dr_dyn_str(d, ref->st_name);
      if (!name) return "invalid symbol name";
      const struct dr_version *v = 0;
      if (d->versym && symidx < d->nversym) {
        uint32_t ndx = d->versym[symidx] & 0x7fff;
        if (ndx < o->o.nversions && o->o.versions[ndx].name && o->o.versions[ndx].hash)
          v = &o->o.versions[ndx];
      }
      struct dr_lookup q;
      dr_lookup_init(&q, name, v, type_class(type), 0);
      size_t k = 0;
      uint32_t idx = 0;
      bool found = false;
      if (d->symbolic) {
        const struct dr_symobj *self[1] = {&o->symobj};
        found = dr_find_in_scope(self, 1, &q, &k, &idx);
        k = (size_t)o->index;
      }
      if (!found) found = dr_find_in_scope(c->w->scope, c->w->nlist, &q, &k, &idx);
      if (!found) {
        if (ELF64_ST_BIND(ref->st_info) != STB_WEAK) return "undefined symbol";
        return 0;
      }
      if (k >= c->w->nlist) __builtin_trap();
      def = &c->w->files[c->w->list[k]];
      if (idx == 0 || idx >= def->o.dyn.nsyms) __builtin_trap();
      sym = &def->o.dyn.symtab[idx];
    }
    if (type == R_X86_64_COPY) {
      /* The source must lie inside the defining object (interp/relocate.c), also
       * for a local reference, which copies from the object itself. */
      uint64_t n = sym->st_size < ref->st_size ? sym->st_size : ref->st_size;
      if (!dr_image_ptr(&def->o.image, sym->st_value, n, false))
        return "COPY relocation source outside its object";
    }
  }
  out->found = true;
  out->addr = sym ? def->o.image.bias + sym->st_value : 0;
  out->size = sym ? sym->st_size : 0;
  out->st_value = sym ? sym->st_value : 0;
  out->ifunc = sym && ELF64_ST_TYPE(sym->st_info) == STT_GNU_IFUNC && sym->st_shndx != SHN_UNDEF;
  out->tls_modid = def->tls_modid;
  out->tls_tpoff = def->tls_tpoff;
  if (sym && ELF64_ST_TYPE(sym->st_info) == STT_TLS && !def->o.file.tls)
    return "TLS symbol in an object without PT_TLS";
  return 0;
}

/* Resolvers are fuzzed bytes: never run them. */
static uint64_t call_ifunc(void *arg, uint64_t resolver) {
  (void)arg;
  return resolver ^ 0x5a5a;
}

/* interp/relocate.c's relocate_object: RELR, then RELA and JMPREL as glibc's ranges. */
static void relocate(struct world *w, struct obj *f) {
  struct reloc_ctx c = {w, f};
  struct dr_reloc_ops ops = {&c, resolve, call_ifunc, 0x1000};
  struct dr_image *im = &f->o.image;
  const struct dr_dynamic *d = &f->o.dyn;
  uint64_t rel, sym;
  dr_count_relocs(d, &rel, &sym);
  if (dr_apply_relr(im, d->relr, d->nrelr)) return;
  const Elf64_Rela *rela = d->rela, *jmprel = d->jmprel;
  uint64_t nrela = d->nrela, njmprel = d->njmprel;
  bool lazy = !d->bind_now && njmprel && d->pltgot;
  if (rela && jmprel && rela + nrela == jmprel + njmprel && nrela >= njmprel) nrela -= njmprel;
  if (!rela) rela = jmprel, nrela = 0;
  if (!lazy && jmprel && rela + nrela == jmprel) nrela += njmprel, njmprel = 0;
  uint64_t bad = UINT64_MAX;
  if (dr_apply_rela(im, d, rela, nrela, &ops, &bad)) {
    if (bad >= nrela) __builtin_trap();
    return;
  }
  if (lazy) {
    uint8_t *got = dr_image_ptr(im, d->pltgot, 3 * 8, true);
    if (!got) return; /* dryad: "invalid DT_PLTGOT" */
    uint64_t words[2] = {(uint64_t)(uintptr_t)f, 0x2000}; /* GOT[1], GOT[2] */
    memcpy(got + 8, words, sizeof words);                 /* a fuzzed GOT may be unaligned */
    if (dr_apply_jmprel_lazy(im, d, jmprel, njmprel, &ops)) return;
  } else if (dr_apply_rela(im, d, jmprel, njmprel, &ops, 0)) {
    return;
  }
  /* The first call through each PLT slot (interp/relocate.c's dryad_lazy_fixup). */
  for (uint64_t i = 0; i < d->njmprel && i < 4096; i++) {
    const Elf64_Rela *r = &d->jmprel[i];
    void *slot = dr_image_ptr(im, r->r_offset, 8, true);
    if (!slot || ELF64_R_SYM(r->r_info) >= d->nsymtab ||
        ELF64_R_TYPE(r->r_info) != R_X86_64_JUMP_SLOT)
      continue;
    struct dr_symval s = {0};
    if (resolve(&c, ELF64_R_SYM(r->r_info), R_X86_64_JUMP_SLOT, &s) == 0) {
      uint64_t v = s.found ? (s.ifunc ? call_ifunc(0, s.addr) : s.addr) : 0; /* no addend */
      memcpy(slot, &v, 8);
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static struct world w;
  memset(&w, 0, sizeof w);
  const size_t seplen = sizeof FZ_SEP - 1;
  size_t start = 0;
  while (w.nfiles < MAX_FILES) {
    size_t end = start;
    while (end + seplen <= size && memcmp(data + end, FZ_SEP, seplen) != 0) end++;
    if (end + seplen > size) end = size;
    struct obj *f = &w.files[w.nfiles++];
    f->ok = load_file(f, data + start, end - start);
    if (end == size) break;
    start = end + seplen;
  }
  if (w.files[0].ok) {
    load_closure(&w);
    uint32_t order[MAX_FILES];
    bool sorted = sort(&w, order);
    check_versions(&w);
    if (layout_tls(&w)) {
      /* Initialisation order, dependencies first (reverse load order if unsorted). */
      for (size_t i = w.nlist; i-- > 0;)
        relocate(&w, &w.files[w.list[sorted ? order[i] : i]]);
    }
  }
  for (size_t i = 0; i < w.nfiles; i++) {
    fz_free(&w.files[i].o);
    free(w.files[i].bytes);
  }
  return 0;
}
