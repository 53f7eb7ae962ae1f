/* interp/glibc/libc.c: the process's libc.so.6 and its early initialisation.
 *
 * Once everything is relocated and before any constructor runs, glibc's ld.so
 * calls libc's __libc_early_init(true): it sets up ctype tables, the
 * single-thread flags and the default thread stack size from our static TLS
 * size. dryad does the same. libc.so.6 is bound to one ld.so version; a libc
 * of another glibc release is refused here with a message, not left to crash.
 * Book: docs/12-glibc-contract.md.
 */
#include "glibc.h"

/* The libc.so.6 of namespace NS (glibc's libc_map), or NULL. */
struct dr_object *dr_glibc_ns_libc(struct dr_process *p, uint32_t ns) {
  for (struct dr_object *o = p->ns[ns].head; o; o = o->l_next)
    if (o->soname && dr_strcmp(o->soname, "libc.so.6") == 0) return o;
  return 0;
}

struct dr_object *dr_glibc_libc(struct dr_process *p) { return dr_glibc_ns_libc(p, 0); }

/* Looks NAME@VERSION up in O alone. Startup's version tables may wait (load.c):
 * the definition is then found by name alone, as the only one (glibc 2.36 has one
 * __libc_early_init), and its version checked by a walk of DT_VERDEF. */
static uint64_t lookup_in(struct dr_object *o, const char *name, const char *version) {
  struct dr_version v = {version, dr_elf_hash(version), 0, 0};
  struct dr_lookup q;
  if (o->versions_pending && o->dyn.versym) {
    dr_lookup_init(&q, name, 0, 0, 0); /* no table read: versym alone */
    uint32_t i = dr_find_in_object(&o->symobj, &q);
    if (i && i < o->dyn.nversym &&
        dr_verdef_index_is(&o->image, &o->dyn, o->dyn.versym[i] & 0x7fff, v.name, v.hash))
      return o->l_addr + o->dyn.symtab[i].st_value;
  }
  dr_query_init(&q, name, &v, 0, 0);
  uint32_t i = dr_find_in_object(&o->symobj, &q);
  return i ? o->l_addr + o->dyn.symtab[i].st_value : 0;
}

/* A glibc libc.so.6 (one that defines __libc_start_main) must be 2.36's: it
 * defines the GLIBC_2.36 node and nothing newer. Other libc.so.6 files (test
 * stand-ins) are not glibc and are left alone. */
static void check_version(struct dr_object *libc) {
  struct dr_lookup q;
  dr_query_init(&q, "__libc_start_main", 0, 0, DR_LOOKUP_RETURN_NEWEST);
  if (!libc->dyn.verdef || !dr_find_in_object(&libc->symobj, &q)) return;
  bool is_236 = dr_object_defines(libc, "GLIBC_2.36", dr_elf_hash("GLIBC_2.36"));
  bool newer = dr_object_defines(libc, "GLIBC_2.37", dr_elf_hash("GLIBC_2.37"));
  if (!is_236 || newer)
    dr_fatal_load(dr_object_name(libc),
                  "this libc.so.6 is not from glibc 2.36; dryad.so.1 implements glibc 2.36's "
                  "private interface only");
}

/* A replayed binding cache was written by a run over this very libc.so.6 (its
 * identity is in the file), which passed the check. */
void dr_glibc_check_libc(struct dr_process *p) {
  struct dr_object *libc = dr_glibc_libc(p);
  if (libc && !dr_bindcache_replaying()) check_version(libc);
}

static void early_init(struct dr_object *libc, bool initial) {
  uint64_t fn = lookup_in(libc, "__libc_early_init", "GLIBC_PRIVATE");
  if (fn) ((void (*)(_Bool))fn)(initial);
}

void dr_glibc_early_init(struct dr_process *p) {
  struct dr_object *libc = dr_glibc_libc(p);
  if (libc) early_init(libc, true);
}

/* A libc.so.6 that dlopen or dlmopen brought in: glibc tells it that it is not
 * the process's first (initial false): it leaves the brk heap and the
 * single-thread optimisations to the first one. */
void dr_glibc_early_init_ns(struct dr_object *libc) { early_init(libc, false); }
