/* interp/symindex.c: one table for startup's lookups along the global scope
 * (core/symindex.c; book: docs/06-symbols.md).
 *
 * A first run of a program with many objects makes thousands of lookups, and
 * each asks the Bloom filter of every object before the one that defines the
 * name: gimp's 16,000 each pass dozens of its 70. The index answers each with one probe,
 * for the price of one insertion per symbol the scope hashes. It is built
 * when the walks it saves cost more than that, so not for small programs nor
 * when the binding cache replays, and is gone before the program runs: its
 * lookups after startup walk, as dlopen changes the scope.
 */
#include <sys/mman.h>

#include "dryad.h"

/* Where it pays, by callgrind: build when the lookups startup will make
 * times the objects a walk may pass exceeds RATIO times the symbols indexed.
 * clang (18 objects, 91,000 symbols, 8.5 times) lost 6% with the index, gimp
 * (70, 38,000, 36 times) gained 44%; chromium, LibreOffice and inkscape lie
 * beyond (66 to 315 times), small programs below 1. */
#define RATIO 16

/* Lookups startup will make: each symbolic relocation at most, and the PLT's
 * when bound now. */
static uint64_t startup_lookups(const struct dr_process *p) {
  uint64_t n = 0;
  for (const struct dr_object *o = p->head; o; o = o->next) {
    n += o->dyn.nrela - o->dyn.relacount;
    if (p->opt.bind_now || o->dyn.bind_now) n += o->dyn.njmprel;
  }
  return n;
}

void dr_symindex_start(struct dr_process *p) {
  /* A replay makes almost no lookups; DRYAD_SYMINDEX is read only otherwise,
   * the replay being the start that counts every instruction. */
  if (dr_bindcache_replaying()) return;
  const char *v = dr_getenv(p, "DRYAD_SYMINDEX");
  bool on = v && dr_strcmp(v, "on") == 0, off = v && dr_strcmp(v, "off") == 0;
  const struct dr_namespace *ns = &p->ns[0];
  uint64_t nhashed, nslots;
  if (off || !(nslots = dr_symindex_slots(ns->global_scope, ns->nglobal, &nhashed)) ||
      (!on && startup_lookups(p) * ns->nglobal <= RATIO * nhashed))
    return;
  uint64_t t0 = dr_trace_now();
  /* Every page of the table is written: populated at once, not a fault each. */
  uint64_t *slots =
      dr_mmap(0, nslots * 8, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (dr_mmap_failed(slots)) return; /* the walk gives the same answers */
  dr_symindex_build(&p->symindex, slots, nslots, ns->global_scope, ns->nglobal);
  p->stats.indexed = nhashed;
  dr_trace_event("symbol index", "relocate", 0, t0, dr_trace_now(), nhashed, 0);
}

void dr_symindex_end(struct dr_process *p) {
  if (p->symindex.slots) dr_munmap(p->symindex.slots, 8ULL << p->symindex.bits);
  p->symindex = (struct dr_symindex){0};
}
