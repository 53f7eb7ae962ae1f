/* interp/glibc/glibc.h: meeting glibc 2.36's private contract with its ld.so.
 *
 * libc.so.6 reads and calls into its dynamic linker through _rtld_global,
 * _rtld_global_ro, struct link_map, the thread control block and about thirty
 * GLIBC_PRIVATE symbols. This directory fills those structures from dryad's
 * own state and implements the entry points. Book: docs/12-glibc-contract.md.
 */
#ifndef DRYAD_GLIBC_H
#define DRYAD_GLIBC_H

#include "../dryad.h"

/* A field of an object's glibc link_map, by offset (abi.h). */
#define LMF(o, off, T) (*(T *)((o)->glibc_link_map + (off)))

extern unsigned char _rtld_global[GL_SIZEOF_RTLD_GLOBAL] DR_EXPORT;
extern unsigned char _rtld_global_ro[GL_SIZEOF_RTLD_GLOBAL_RO] DR_EXPORT;
#define GL(off, T) (*(T *)(_rtld_global + (off)))
#define GLRO(off, T) (*(T *)(_rtld_global_ro + (off)))

/* glibc's struct r_scope_elem. */
struct gl_scope {
  struct dr_object **r_list;
  uint32_t r_nlist;
};

/* link_map.c */
void dr_glibc_fill_link_map(struct dr_process *p, struct dr_object *o) DR_HIDDEN;
void dr_glibc_set_versions(struct dr_object *o) DR_HIDDEN;
void dr_glibc_link_maps(struct dr_process *p) DR_HIDDEN;
void dr_glibc_set_relocated(struct dr_object *o) DR_HIDDEN;
void dr_glibc_open_maps(struct dr_process *p, struct dr_object *root, struct dr_object *first) DR_HIDDEN;
void dr_glibc_opened(struct dr_process *p) DR_HIDDEN;
void dr_glibc_free_link_map(struct dr_object *o) DR_HIDDEN;
void dr_glibc_set_init_called(struct dr_object *o) DR_HIDDEN;
struct gl_scope *dr_glibc_searchlist(struct dr_process *p, uint32_t ns) DR_HIDDEN;

/* rtld_global.c */
void dr_glibc_globals(struct dr_process *p) DR_HIDDEN;
void dr_glibc_namespaces(struct dr_process *p) DR_HIDDEN;

/* thread.c: the main thread's struct pthread, once %fs points at it. */
void dr_glibc_main_thread(struct dr_process *p, uint8_t *tcb) DR_HIDDEN;

/* cpu_features.c */
void dr_glibc_cpu_features(struct dr_process *p, uint8_t *cf) DR_HIDDEN;

/* tunables.c */
void dr_glibc_tunables(struct dr_process *p) DR_HIDDEN;
uint64_t dr_tunable(int id) DR_HIDDEN;

/* libc.c: the libc.so.6 of this process, if any, and its early initialisation. */
struct dr_object *dr_glibc_libc(struct dr_process *p) DR_HIDDEN;
void dr_glibc_check_libc(struct dr_process *p) DR_HIDDEN;
void dr_glibc_early_init(struct dr_process *p) DR_HIDDEN;
struct dr_object *dr_glibc_ns_libc(struct dr_process *p, uint32_t ns) DR_HIDDEN;
void dr_glibc_early_init_ns(struct dr_object *libc) DR_HIDDEN;

/* exports.c, dlfcn.c */
void dr_glibc_process_globals(struct dr_process *p) DR_HIDDEN;
void dr_glibc_bind_functions(void) DR_HIDDEN;
struct dr_object *_dl_find_dso_for_object(uint64_t addr) DR_EXPORT;
void _dl_mcount(uint64_t frompc, uint64_t selfpc) DR_EXPORT;

#endif
