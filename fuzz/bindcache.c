/* fuzz/bindcache.c: `bazel run //fuzz:bindcache`: the binding cache's header check.
 * The identities the file is checked against are its own object table's, with
 * the first input byte choosing one to change, so that inputs get past the
 * comparison to the range checks; every entry of an accepted file is decoded
 * and each object's range read, which ASan bounds. */
#include <stdlib.h>
#include <string.h>

#include "core/bindcache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  uint8_t which = data[0];
  data++, size--;
  uint64_t *copy = malloc(size ? size : 1); /* malloc'd: 8-aligned, exactly sized for ASan */
  memcpy(copy, data, size);
  uint64_t key[4] = {0, 0, 0, 0};
  uint32_t n = 0;
  struct dr_bc_ident *ids = 0;
  if (size >= sizeof(struct dr_bc_header)) {
    const struct dr_bc_header *h = (const void *)copy;
    memcpy(key, h->key, sizeof key);
    uint64_t fit = (size - sizeof *h) / sizeof(struct dr_bc_object);
    n = h->nobjects <= fit ? h->nobjects : (uint32_t)fit;
    ids = malloc((n ? n : 1) * sizeof *ids);
    const struct dr_bc_object *o = (const void *)(h + 1);
    for (uint32_t i = 0; i < n; i++) ids[i] = o[i].id;
    if (n && which & 1) ids[which % n].ino ^= 1;
  }
  const struct dr_bc_object *objs;
  const uint64_t *entries;
  if (dr_bc_check(copy, size, key, ids, n, &objs, &entries) == 0) {
    uint64_t sum = 0;
    for (uint32_t i = 0; i < n; i++) {
      for (uint64_t k = 0; k < objs[i].count && k < 4096; k++) {
        uint64_t e = entries[objs[i].first + k];
        sum += dr_bc_def_object(e) + dr_bc_def_symbol(e) + dr_bc_matches(e, (uint32_t)k, 0);
      }
      for (uint64_t k = 0; k < objs[i].plt_count && k < 4096; k++)
        sum += dr_bc_def_symbol(entries[objs[i].plt_first + k]);
    }
    if (sum == 42) abort(); /* keeps the reads */
  }
  free(ids);
  free(copy);
  return 0;
}
