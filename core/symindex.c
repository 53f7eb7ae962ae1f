/* core/symindex.c: the scope's hash values in one open-addressed table. */
#include "symindex.h"

/* The most symbols indexed: slots stay addressable by a 32-bit position. */
#define MAX_HASHED (1u << 29)

/* A slot's position: the hash's high bits after a multiply, since GNU hash's
 * low bits follow a name's last character closely. */
static inline uint32_t home(uint32_t key, uint32_t bits) {
  return (uint32_t)(((uint64_t)key * 0x9e3779b97f4a7c15ULL) >> (64 - bits));
}

static inline const uint32_t *chains(const struct dr_dynamic *d, uint32_t *count) {
  /* dr_find_in_object finds nothing without a symbol table or hashed symbols. */
  *count = d->symtab && d->gnu.chains ? d->nsyms - d->gnu.symoffset : 0;
  return d->gnu.chains;
}

uint64_t dr_symindex_slots(const struct dr_symobj *const *scope, size_t n, uint64_t *nhashed) {
  uint64_t total = 0;
  for (size_t k = 0; k < n; k++) {
    const struct dr_dynamic *d = scope[k]->dyn;
    if (d->symtab && !d->gnu.nbuckets && d->sysv.nbucket) return 0;
    uint32_t c;
    chains(d, &c);
    total += c;
  }
  *nhashed = total;
  if (total > MAX_HASHED || n > DR_SYMINDEX_MORE - 1) return 0;
  uint64_t slots = 16;
  while (slots * 3 < total * 4) slots *= 2;
  return slots;
}

void dr_symindex_build(struct dr_symindex *x, uint64_t *slots, uint64_t nslots,
                       const struct dr_symobj *const *scope, size_t n) {
  uint32_t bits = (uint32_t)__builtin_ctzll(nslots), mask = (uint32_t)nslots - 1;
  *x = (struct dr_symindex){slots, bits, scope, n};
  for (size_t k = 0; k < n; k++) {
    uint32_t count;
    const uint32_t *c = chains(scope[k]->dyn, &count);
    for (uint32_t i = 0; i < count; i++) {
      uint32_t key = c[i] | 1, at = home(key, bits);
      for (;; at = (at + 1) & mask) {
        uint64_t s = slots[at];
        if (!s) {
          slots[at] = (uint64_t)key << 32 | k;
          break;
        }
        if ((uint32_t)(s >> 32) == key) {
          /* Another of this object's names leaves the slot as it is. */
          if (((uint32_t)s & ~DR_SYMINDEX_MORE) != k) slots[at] = s | DR_SYMINDEX_MORE;
          break;
        }
      }
    }
  }
}

bool dr_symindex_find(const struct dr_symindex *x, struct dr_lookup *q, size_t *obj_index,
                      uint32_t *sym_index) {
  uint32_t key = q->gnu_hash | 1, mask = (1u << x->bits) - 1;
  for (uint32_t at = home(key, x->bits);; at = (at + 1) & mask) {
    uint64_t s = x->slots[at];
    if (!s) return false; /* no object hashes a name to it */
    if ((uint32_t)(s >> 32) != key) continue;
    size_t k = (uint32_t)s & ~DR_SYMINDEX_MORE, more;
    /* The first object that might, asked as the walk would ask it. */
    if (dr_find_in_scope(x->scope + k, 1, q, &more, sym_index)) {
      *obj_index = k;
      return true;
    }
    if (!(s & DR_SYMINDEX_MORE) || !dr_find_in_scope(x->scope + k + 1, x->n - k - 1, q, &more, sym_index))
      return false;
    *obj_index = k + 1 + more;
    return true;
  }
}
