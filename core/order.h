/* core/order.h: the order initialisers and finalisers run in.
 *
 * glibc 2.36 sorts objects by a depth-first walk of DT_NEEDED edges started from
 * the end of the breadth-first load list (elf/dl-sort-maps.c, the default "dfs"
 * algorithm); dependencies then initialise before their dependents. Matching
 * its order exactly matters: programs observe it. Book: docs/10-init-fini.md.
 */
#ifndef DRYAD_CORE_ORDER_H
#define DRYAD_CORE_ORDER_H

#include "base.h"

/* The dependency graph: object i's direct dependencies are
 * deps[first[i] .. first[i+1]) (indices into the load list, in DT_NEEDED order). */
struct dr_graph {
  size_t n;
  const uint32_t *first;  /* n + 1 entries */
  const uint32_t *deps;
};

/* Writes the sorted order to out[0..n): dependents before dependencies, so
 * initialisers run from out[n-1] down to out[0] and finalisers from out[0] up.
 * Object 0 (the main program) is reached only from the top level, as in glibc.
 * scratch must hold 3*n entries. Returns false if an edge is out of range. */
bool dr_sort_init_order(const struct dr_graph *g, uint32_t *out, uint32_t *scratch);

#endif
