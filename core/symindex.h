/* core/symindex.h: a whole scope's GNU hash values in one table, built once.
 *
 * A lookup along a scope asks each object's Bloom filter in turn; with 70 to
 * 140 objects (gimp, inkscape, LibreOffice) that walk is most of a first run's
 * startup. Every GNU hash table stores the hash of each symbol it hashes (its
 * chain words), so one table over the scope can say, for a hash, the first
 * object that hashes a name to it, and whether any later one does. A lookup
 * then asks that object and, only if it declines, walks on from the next one:
 * the answer is dr_find_in_scope's, since no other object could match a name
 * of that hash. An object with a SysV table alone stores no hash values: no
 * index is built over a scope holding one. Book: docs/06-symbols.md.
 */
#ifndef DRYAD_CORE_SYMINDEX_H
#define DRYAD_CORE_SYMINDEX_H

#include "symbol.h"

struct dr_symindex {
  /* 0: empty; else (hash | 1) << 32 | the first object's scope position,
   * DR_SYMINDEX_MORE set if a later object hashes a name to it too. */
  uint64_t *slots;
  uint32_t bits;                     /* log2 of the number of slots */
  const struct dr_symobj *const *scope;
  size_t n;
};

#define DR_SYMINDEX_MORE 0x80000000u

/* The number of slots an index of SCOPE[0..n) needs (a power of two, at most
 * three quarters full), or 0 where none can be built; *NHASHED: the symbols
 * the scope's GNU tables hash. */
uint64_t dr_symindex_slots(const struct dr_symobj *const *scope, size_t n, uint64_t *nhashed);

/* Fills SLOTS, NSLOTS zeroed words (dr_symindex_slots's count), for SCOPE. */
void dr_symindex_build(struct dr_symindex *x, uint64_t *slots, uint64_t nslots,
                       const struct dr_symobj *const *scope, size_t n);

/* dr_find_in_scope (x->scope, x->n, ...) with the index's help: the same answer. */
bool dr_symindex_find(const struct dr_symindex *x, struct dr_lookup *q, size_t *obj_index,
                      uint32_t *sym_index);

#endif
