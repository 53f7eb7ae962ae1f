/* core/version.h: symbol versioning (DT_VERSYM, DT_VERDEF, DT_VERNEED).
 *
 * Each object gets a table indexed by the values in its DT_VERSYM: entry i
 * names the version that index stands for, taken from the object's own
 * definitions (DT_VERDEF, base version excluded) or from its requirements
 * (DT_VERNEED, with the file that must provide it). Book: docs/06-symbols.md.
 */
#ifndef DRYAD_CORE_VERSION_H
#define DRYAD_CORE_VERSION_H

#include "dynamic.h"

/* Laid out as glibc's struct r_found_version, which libc.so.6 hands back to the
 * dynamic linker (dlvsym): interp/ passes these tables to libc unchanged. */
struct dr_version {
  const char *name;      /* NULL: index unused */
  uint32_t hash;         /* ELF hash of name, as stored in the object */
  int32_t hidden;        /* a VER_NDX hidden reference (vna_other & 0x8000) */
  const char *filename;  /* for requirements: vn_file; NULL for definitions */
};

/* Highest version index used by DT_VERDEF/DT_VERNEED, plus one; 0 if the object has
 * no versions. Returns -1 if the version chains are malformed. */
long dr_versions_count(struct dr_image *im, const struct dr_dynamic *d);

/* Fills out[0..n) (n from dr_versions_count). Returns NULL or an error message. */
const char *dr_versions_fill(struct dr_image *im, const struct dr_dynamic *d,
                             struct dr_version *out, size_t n);

/* Walks DT_VERNEED: calls need(arg, file, version name, hash, weak) for each requirement;
 * stops at the first non-NULL message need returns and returns it. */
typedef const char *(*dr_verneed_fn)(void *arg, const char *file, const char *name,
                                     uint32_t hash, bool weak);
const char *dr_versions_each_need(struct dr_image *im, const struct dr_dynamic *d,
                                  dr_verneed_fn need, void *arg);

/* true if the object defines version NAME (hash HASH) in DT_VERDEF (base excluded
 * unless it is the only match glibc accepts: glibc matches the base name too). */
bool dr_versions_defines(struct dr_image *im, const struct dr_dynamic *d, const char *name,
                         uint32_t hash);

/* Whether version index NDX of this object's DT_VERDEF is NAME (HASH): a walk of
 * the chain, for a question asked before any table is built. */
bool dr_verdef_index_is(struct dr_image *im, const struct dr_dynamic *d, uint32_t ndx, const char *name,
                        uint32_t hash);

/* A version definition as dr_versions_defines sees it (base included). */
struct dr_verdef {
  const char *name;
  uint32_t hash;          /* vd_hash, as stored */
};

/* What dr_versions_count, dr_versions_fill and a copy of DT_VERDEF give, from one walk
 * of each chain (loaders build both tables for every object they load): fills
 * OUT[0..min(n, cap)) as dr_versions_fill, copies the first DEFCAP definitions (base
 * included, chain order) into DEFS and sets *ndefs to how many the chain has. Returns
 * n, the versions table's length (0 without versions), or -1 if a chain is malformed.
 * A caller that gave less room than n or *ndefs calls again with enough. The
 * definitions table lets each DT_VERNEED entry be checked against an array instead
 * of a walk of the other object's chain (dr_verdefs_have). */
long dr_versions_tables(struct dr_image *im, const struct dr_dynamic *d, struct dr_version *out,
                        size_t cap, struct dr_verdef *defs, size_t defcap, size_t *ndefs);

/* dr_versions_defines over such a table (hashes compared first). */
bool dr_verdefs_have(const struct dr_verdef *defs, size_t n, const char *name, uint32_t hash);

#endif
