/* fuzz/relocs.c: `bazel run //fuzz:relocs -- [LIBFUZZER_ARGS]`.
 *
 * Applies every relocation of a fuzzed object (DT_RELR, DT_RELA, DT_JMPREL,
 * eagerly and lazily) to its in-memory image, resolving each symbol against the
 * object's own fuzzed symbol table with glibc's lookup rules. The engine must
 * reject bad offsets, symbol indices, types and sizes instead of writing
 * outside the image (ASan would crash on such a write).
 */
#include "core/reloc.h"
#include "core/symbol.h"
#include "harness.h"

static const char *resolve(void *arg, uint32_t symidx, uint32_t type, struct dr_symval *out) {
  struct fz_object *o = arg;
  (void)type;
  if (symidx == 0) {
    out->found = true;
    return 0;
  }
  const Elf64_Sym *ref = &o->dyn.symtab[symidx];
  const char *name = dr_dyn_str(&o->dyn, ref->st_name);
  if (!name) return "invalid symbol name";
  struct dr_symobj self = {&o->dyn, o->versions, o->nversions, false, false};
  const struct dr_symobj *scope[1] = {&self};
  struct dr_lookup q;
  dr_lookup_init(&q, name, 0, type == R_X86_64_JUMP_SLOT ? DR_CLASS_PLT : 0, 0);
  size_t k;
  uint32_t idx;
  if (!dr_find_in_scope(scope, 1, &q, &k, &idx)) return 0; /* undefined: weak-like */
  const Elf64_Sym *def = &o->dyn.symtab[idx];
  /* COPY reads from the definition: point it at the image only when it fits. */
  if (!dr_image_ptr(&o->image, def->st_value, def->st_size, false)) return "COPY source outside image";
  out->found = true;
  out->addr = o->image.bias + def->st_value;
  out->size = def->st_size;
  out->st_value = def->st_value;
  out->tls_modid = 1;
  out->tls_tpoff = -64;
  return 0;
}

/* Resolvers are never run on fuzzed code: answer a fixed address. */
static uint64_t call_ifunc(void *arg, uint64_t resolver) {
  (void)arg;
  return resolver ^ 0x5a5a;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* An aligned, exact-size copy: AFL++'s driver hands over its shared-memory buffer
   * at an odd address, where a mapped file never is. */
  uint8_t *copy = fz_dup(data, size);
  struct fz_object o;
  if (fz_load(&o, copy, size) == 0) {
    struct dr_reloc_ops ops = {&o, resolve, call_ifunc, 0x1000};
    uint64_t rel, sym;
    dr_count_relocs(&o.dyn, &rel, &sym);
    dr_apply_relr(&o.image, o.dyn.relr, o.dyn.nrelr);
    /* DT_RELACOUNT's entries as the worker threads apply them (a damaged count
     * included: parse time caps it at DT_RELA's), then everything in order. */
    uint64_t done;
    dr_apply_relative_counted(&o.image, o.dyn.rela, o.dyn.relacount, &done);
    dr_apply_rela(&o.image, &o.dyn, o.dyn.rela, o.dyn.nrela, &ops, 0);
    dr_apply_jmprel_lazy(&o.image, &o.dyn, o.dyn.jmprel, o.dyn.njmprel, &ops);
    dr_apply_rela(&o.image, &o.dyn, o.dyn.jmprel, o.dyn.njmprel, &ops, 0);
  }
  fz_free(&o);
  free(copy);
  return 0;
}
