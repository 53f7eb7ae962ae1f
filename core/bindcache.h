/* core/bindcache.h: the binding cache file's format.
 *
 * One run of a program records, object by object, what every symbol lookup of
 * its startup relocation found; the next run over the same files replays the
 * answers instead of hashing names and walking the scope. Nothing in the file
 * is trusted: dr_bc_check compares it with the objects of the run, and each
 * answer is checked when it is used. interp/bindcache.c reads and writes it.
 * Book: docs/17-binding-cache.md.
 *
 * Layout (native byte order, 8-byte words):
 *   struct dr_bc_header;
 *   struct dr_bc_object[nobjects];  one per object of the load list, in order
 *   uint64_t entries[nentries];     each object's lookups, a contiguous run, and
 *                                   the answers for its lazily bound PLT slots
 */
#ifndef DRYAD_CORE_BINDCACHE_H
#define DRYAD_CORE_BINDCACHE_H

#include "base.h"

#define DR_BC_MAGIC 0x3143424441595244ULL /* "DRYADBC1" */
#define DR_BC_VERSION 2u

/* Which file an object was mapped from, as stat(2) told: any change to it
 * (rewritten, replaced, touched) changes one of these. */
struct dr_bc_ident {
  uint64_t dev, ino, size;
  uint64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
};

struct dr_bc_header {
  uint64_t magic;
  uint32_t version, nobjects;
  uint64_t key[4];   /* the caller's: dryad's own build and the options that order lookups */
  uint64_t nentries;
};

struct dr_bc_object {
  struct dr_bc_ident id;
  uint64_t first, count;         /* its lookups: entries[first, first + count) */
  uint64_t plt_first, plt_count; /* one entry per DT_JMPREL entry, or none */
};

/* An entry: the reference (symbol index, type class) in the high word, what it
 * found in the low one: (defining object's load-list index << 20) | symbol index. */
#define DR_BC_SYM_BITS 20
#define DR_BC_MAX_OBJECTS (1u << (32 - DR_BC_SYM_BITS)) /* exclusive, with the two codes below */
#define DR_BC_UNDEF 0xffffffffu  /* no definition: an undefined weak reference */
#define DR_BC_LOOKUP 0xfffffffeu /* not recorded: searched again (the lookup has side effects) */

static inline uint64_t dr_bc_entry(uint32_t symidx, int type_class, uint32_t result) {
  return (uint64_t)((symidx << 2) | ((uint32_t)type_class & 3)) << 32 | result;
}

/* The result word for definition SYM of object OBJ, or false if it cannot be encoded. */
static inline bool dr_bc_result(uint32_t obj, uint32_t sym, uint32_t *result) {
  if (sym >= (1u << DR_BC_SYM_BITS) || obj >= DR_BC_MAX_OBJECTS - 1) return false;
  *result = obj << DR_BC_SYM_BITS | sym;
  return true;
}

/* Whether entry E answers the reference (SYMIDX, TYPE_CLASS); symbol indices
 * of 2^30 and more are never recorded. */
static inline bool dr_bc_matches(uint64_t e, uint32_t symidx, int type_class) {
  return symidx < (1u << 30) && (uint32_t)(e >> 32) == ((symidx << 2) | ((uint32_t)type_class & 3));
}

static inline uint32_t dr_bc_def_object(uint64_t e) { return (uint32_t)e >> DR_BC_SYM_BITS; }
static inline uint32_t dr_bc_def_symbol(uint64_t e) { return (uint32_t)e & ((1u << DR_BC_SYM_BITS) - 1); }

/* Bytes before the entries: the header and the object table. */
uint64_t dr_bc_head_size(uint32_t nobjects);

/* Fills the header at HEAD; the object table must follow it (the caller fills it). */
void dr_bc_make_header(struct dr_bc_header *head, const uint64_t key[4], uint32_t nobjects,
                       uint64_t nentries);

/* Checks FILE[0..size) against this run: its KEY and the identities IDS[0..n) of
 * its objects, in load order. Returns NULL and sets *objs and *entries (each
 * object's two ranges checked to lie within them), or says why the file does
 * not apply. */
const char *dr_bc_check(const void *file, uint64_t size, const uint64_t key[4],
                        const struct dr_bc_ident *ids, uint32_t n,
                        const struct dr_bc_object **objs, const uint64_t **entries);

#endif
