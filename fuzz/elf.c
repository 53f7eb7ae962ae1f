/* fuzz/elf.c: `bazel run //fuzz:elf`: header, program header, dynamic section and
 * version checks, then a lookup of every symbol name the object holds. */
#include "core/symbol.h"
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* An aligned, exact-size copy: AFL++'s driver hands over its shared-memory buffer
   * at an odd address, where a mapped file never is. */
  uint8_t *copy = fz_dup(data, size);
  struct fz_object o;
  if (fz_load(&o, copy, size) == 0) {
    struct dr_symobj self = {&o.dyn, o.versions, o.nversions, false, false};
    size_t it = 0;
    bool bad = false;
    while (dr_dyn_next_needed(&o.dyn, &it, &bad)) {
    }
    for (uint32_t i = 1; i < o.dyn.nsyms && i < 4096; i++) {
      const char *name = dr_dyn_str(&o.dyn, o.dyn.symtab[i].st_name);
      if (!name) continue;
      struct dr_lookup q;
      dr_lookup_init(&q, name, 0, 0, i & 1 ? DR_LOOKUP_RETURN_NEWEST : 0);
      dr_find_in_object(&self, &q);
    }
  }
  fz_free(&o);
  free(copy);
  return 0;
}
