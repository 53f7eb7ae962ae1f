/* core/symbol.h: finding a symbol definition, in one object and along a scope.
 *
 * The rules are glibc's (elf/dl-lookup.c), which programs depend on: the first
 * object of the scope with a matching definition wins, weak or not; hidden and
 * internal symbols never match from outside; a versioned reference matches the
 * named version or an unversioned default; an unversioned reference takes the
 * base/oldest definition, or the only non-hidden versioned one. GNU hash with
 * its Bloom filter is used where present, SysV hash otherwise.
 * Book: docs/06-symbols.md.
 */
#ifndef DRYAD_CORE_SYMBOL_H
#define DRYAD_CORE_SYMBOL_H

#include "version.h"

uint32_t dr_gnu_hash(const char *name);
uint32_t dr_elf_hash(const char *name);

/* One object as symbol lookup sees it. */
struct dr_symobj {
  const struct dr_dynamic *dyn;
  const struct dr_version *versions;  /* indexed by DT_VERSYM values */
  uint32_t nversions;
  bool is_executable;                 /* skipped for COPY lookups */
  bool skip;                          /* not searched (e.g. being removed) */
};

/* Relocation type classes, as glibc's ELF_RTYPE_CLASS_*. */
#define DR_CLASS_PLT 1   /* skip undefined symbols with a PLT address */
#define DR_CLASS_COPY 2  /* skip the executable */

/* Lookup flags. */
#define DR_LOOKUP_RETURN_NEWEST 1  /* dlsym: an unversioned request takes the default version */

struct dr_lookup {
  const char *name;
  uint32_t gnu_hash;
  uint32_t elf_hash;                  /* 0xffffffff: not yet computed */
  const struct dr_version *version;   /* NULL for an unversioned reference */
  int type_class;
  int flags;
};

void dr_lookup_init(struct dr_lookup *q, const char *name, const struct dr_version *version,
                    int type_class, int flags);

/* Index of the matching definition in OBJ, or 0 (STN_UNDEF). */
uint32_t dr_find_in_object(const struct dr_symobj *obj, struct dr_lookup *q);

/* Walks SCOPE[0..n) from the start. On success sets *obj_index and *sym_index and
 * returns true. Local (hidden/internal) definitions are skipped; STB_WEAK counts
 * as a definition, as glibc does by default (LD_DYNAMIC_WEAK unset). */
bool dr_find_in_scope(const struct dr_symobj *const *scope, size_t n, struct dr_lookup *q,
                      size_t *obj_index, uint32_t *sym_index);

#endif
