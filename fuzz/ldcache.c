/* fuzz/ldcache.c: `bazel run //fuzz:ldcache`: the /etc/ld.so.cache parser. */
#include <stdlib.h>
#include <string.h>

#include "core/ldcache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* An exactly-sized copy, so ASan sees any read past the end. */
  uint8_t *copy = malloc(size ? size : 1);
  memcpy(copy, data, size);
  struct dr_ldcache c;
  if (dr_ldcache_open(&c, copy, size) == 0) {
    static const char *const hwcaps[] = {"x86-64-v4", "x86-64-v3", "x86-64-v2"};
    const char *key, *value;
    int32_t flags;
    uint64_t hwcap;
    /* Every entry is read; only some are looked up by name. A lookup walks the run of
     * entries with an equal name, which in a fuzzed cache may be all of them, and
     * thousands of such lookups made the target run at 2 inputs a second. */
    for (uint32_t i = 0; i < 4096 && dr_ldcache_entry(&c, i, &key, &value, &flags, &hwcap); i++) {
      dr_ldcache_hwcaps_name(&c, hwcap);
      if (key && (i < 8 || i % 509 == 0)) dr_ldcache_lookup(&c, key, hwcaps, 3);
    }
    dr_ldcache_lookup(&c, "libc.so.6", hwcaps, 3);
    dr_ldcache_lookup(&c, "libm.so.6", 0, 0);
  }
  free(copy);
  return 0;
}
