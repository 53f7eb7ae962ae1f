/* interp/dryad.h: the process-facing half of dryad.
 *
 * interp/ owns everything that touches the OS or the running process: the
 * initial stack, system calls, mappings, the thread pointer, the objects of the
 * process and the handoff to the program. The pure logic it drives lives in
 * core/. Book: docs/02-design.md.
 */
#ifndef DRYAD_INTERP_DRYAD_H
#define DRYAD_INTERP_DRYAD_H

#include "../core/bindcache.h"
#include "../core/dynamic.h"
#include "../core/elf_file.h"
#include "../core/image.h"
#include "../core/reloc.h"
#include "../core/symbol.h"
#include "../core/symindex.h"
#include "../core/version.h"
#include "glibc/abi.h"

#define DR_HIDDEN __attribute__((visibility("hidden")))
#define DR_EXPORT __attribute__((visibility("default")))
/* Large static buffers go after every other zero-initialised variable
 * (interp/defs.bzl sorts .bss input sections by name): the small ones that
 * every start-up touches then share a few pages instead of being spread
 * between buffers, each first touch a page fault. */
#define DR_BUFFER __attribute__((section(".bss.zbuffers")))
#define DR_NORETURN __attribute__((noreturn))

#define DR_PAGE 4096

/* One loaded ELF object. It begins with glibc's private `struct link_map`
 * (interp/glibc/link_map.c fills it), because libc.so.6 reads those fields; its
 * first five are the public `struct link_map` of <link.h> that debuggers and
 * dl_iterate_phdr users walk. dryad's own bookkeeping follows. */
struct dr_resolved {
  struct dr_object *def;
  const Elf64_Sym *sym;
  uint32_t symidx;             /* the reference's index, plus 1: 0 is empty */
  int type_class;
};

struct dr_object {
  union {
    struct {
      uint64_t l_addr;         /* load bias */
      char *l_name;            /* path as opened; "" for the main program */
      Elf64_Dyn *l_ld;         /* run-time address of the dynamic section */
      struct dr_object *l_next, *l_prev;
    };
    uint8_t glibc_link_map[LM_SIZEOF];
  };
  /* l_next/l_prev chain the objects of one namespace, as glibc's readers expect;
   * dryad's own walks follow this list of every object, in load order. */
  struct dr_object *next, *prev;
  uint32_t ns;                 /* link-map namespace (glibc's l_ns) */
  bool is_proxy;               /* a namespace's stand-in for dryad itself (glibc's l_real) */

  struct dr_image image;
  struct dr_dynamic dyn;
  struct dr_version *versions;
  struct dr_verdef *verdefs;   /* DT_VERDEF as a table, for version checks (dr_object_defines) */
  uint32_t nversions, nverdefs;
  struct dr_symobj symobj;
  const char *soname;          /* DT_SONAME or NULL */
  const char *needed_name;     /* the name that first brought it in (for --list) */
  const char *found_via;       /* which search list found it (for --explain) */
  char *origin;                /* directory for $ORIGIN, or NULL */
  /* What stat said of its file: dev and ino tell a file loaded under two names,
   * all of it whether the binding cache applies (bindcache.c). */
  struct dr_bc_ident file_id;
  uint64_t map_start, map_size;/* the whole reserved span, for unmapping */
  uint64_t entry;              /* run-time entry point */
  const Elf64_Phdr *phdr;
  uint16_t phnum;
  uint32_t stack_flags;
  const Elf64_Phdr *relro;
  /* TLS */
  const Elf64_Phdr *tls;
  uint64_t tls_modid;
  int64_t tls_tpoff;           /* block start relative to the thread pointer (negative) */
  bool tls_in_surplus;         /* dlopen gave it static TLS from the surplus... */
  uint64_t tls_static_from;    /* ...where the used part ended before */
  /* Graph */
  struct dr_object **needed;   /* direct dependencies, DT_NEEDED order, duplicates dropped */
  uint32_t nneeded, nlocal;
  struct dr_object *loader;    /* the object whose DT_NEEDED loaded this one */
  const struct dr_symobj **local_scope; /* dlopen: the root's closure, searched after the global scope */
  void *pruned_scope;          /* glibc's l_local_scope as dlclose rebuilt it (dlopen.c), or NULL */
  uint64_t *tlsdesc_args;      /* TLSDESC arguments made for this object, chained (relocate.c) */
  uint32_t opencount;          /* dlopen references */
  uint32_t bc_index;           /* its number in the binding cache: load order, the vDSO left out */
  struct dr_object **reldeps;  /* dlopened objects this one's bindings point into */
  uint32_t nreldeps, capreldeps;
  bool dlopened, nodelete, tls_dynamic, bind_now, deepbind;
  bool tls_used_dynamic;       /* a thread allocated its block: it can no longer go static */
  uint64_t relative_done;      /* leading RELATIVE entries already applied (parallel.c) */
  uint64_t *prebound;          /* bit i: DT_RELA entry prebound_from + i applied by a worker (parallel.c) */
  uint64_t prebound_from, prebound_n;
  bool relr_done;
  bool replayed_ahead;         /* PREBOUND has a word more: the entries left to apply first (parallel.c) */
  uint32_t index;              /* position in the load list */
  bool is_main, is_rtld, is_vdso;
  bool listed;                 /* in the link list (l_next/l_prev) */
  bool missing;                /* an ldd placeholder for a library not found */
  bool provisional;            /* dryad itself, before any DT_NEEDED named it */
  bool in_global_scope;
  bool relocated, init_called, fini_called;
  bool unloading;              /* dlclose (or a failed dlopen) is taking it away */
  bool lazy;
  /* The last resolution of its relocation pass (dr_resolve), and that pass. */
  struct dr_resolved last_resolved;
  bool relocating;
  bool versions_pending;       /* its version tables wait for dr_versions_build_all */
  /* The binding cache (bindcache.c): whether its startup lookups are being
   * recorded, or the answers left to replay. */
  bool bc_record;
  const uint64_t *bc_pos, *bc_end;
  const uint64_t *bc_plt;      /* answers for its lazily bound PLT slots, by DT_JMPREL index (njmprel of them) */
};

struct dr_options {
  bool list;                   /* --list / LD_TRACE_LOADED_OBJECTS */
  bool list_env;               /* LD_TRACE_LOADED_OBJECTS: missing objects are listed, not fatal */
  bool list_lazy;              /* --list: LD_DEBUG=unused leaves the PLT lazy, as glibc */
  bool warn;                   /* LD_WARN: with LD_TRACE_LOADED_OBJECTS, ldd -d/-r */
  bool explain;                /* --explain: report as JSON, do not run */
  bool verify;
  bool inhibit_cache;
  bool bind_now;               /* LD_BIND_NOW */
  bool bind_not;               /* LD_BIND_NOT */
  bool secure;                 /* AT_SECURE */
  const char *library_path;    /* --library-path or LD_LIBRARY_PATH */
  const char *preload;         /* --preload and LD_PRELOAD, space/colon separated */
  const char *argv0;           /* --argv0 */
  uint32_t threads;            /* DRYAD_THREADS; 0: choose */
  uint64_t thread_chunk;       /* DRYAD_THREADS_CHUNK: relocations per work item, 0: default */
};

/* A link-map namespace (dlmopen): a set of objects that only bind to each
 * other. Namespace 0 holds the program and everything loaded for it. */
#define DR_NNS 16              /* glibc's DL_NNS */
struct dr_namespace {
  struct dr_object *head, *tail; /* its objects, chained by l_next */
  uint32_t nobjects;
  const struct dr_symobj **global_scope;
  uint32_t nglobal, global_cap;
  struct dr_object *rtld_proxy;  /* its link map for dryad, if something needs it */
  /* glibc's r_scope_elem for the global scope of namespaces other than 0
   * (namespace 0's is the program's l_searchlist). */
  struct {
    struct dr_object **r_list;
    uint32_t r_nlist;
  } searchlist;
};

/* The one process dryad runs in. */
struct dr_process {
  uint64_t *initial_sp;
  uint64_t *stack_end;         /* the program's initial stack pointer: __libc_stack_end */
  bool relocated;              /* every initial object is relocated */
  bool exiting;                /* the exit finalisers run: dlclose unloads nothing */
  bool tls_ready;              /* %fs points at the initial thread's TCB */
  long argc;
  char **argv;
  char **envp;
  char *env_ours[64];          /* startup: the entries named LD_*, DRYAD_*, GLIBC_*, MALLOC_* */
  uint8_t env_ours_len[64];    /* the length of each one's name (255: longer) */
  uint32_t nenv_ours;
  bool env_indexed;            /* env_ours is complete and current (dr_getenv) */
  Elf64_auxv_t *auxv;
  uint64_t at[64];             /* auxv values by AT_* type, for types < 64 */
  bool run_as_command;         /* dryad.so.1 PROG ...: dryad was exec'd itself */
  const char *progname;        /* name used in error messages */
  const char *platform;        /* $PLATFORM */
  const char *self_path;       /* how dryad was invoked, when run as a command */
  struct dr_options opt;
  struct dr_object *rtld;      /* dryad itself */
  struct dr_object *main;
  struct dr_object *vdso;      /* the kernel's linux-vdso.so.1, or NULL */
  struct dr_object *head, *tail;    /* every object, load order */
  uint32_t nobjects;
  struct dr_namespace ns[DR_NNS];
  uint32_t nns;                /* namespaces in use or used: glibc's dl_nns */
  uint32_t loading_ns;         /* where the objects being loaded now go */
  uint32_t *init_order;        /* load-list indices, dependents first (core/order.h) */
  uint64_t list_gen;           /* bumped whenever the link list changes */
  uint64_t sorted_gen;         /* list_gen when init_order was computed */
  struct dr_object **by_index;
  uint64_t tls_static_used, tls_static_align;
  uint64_t tls_max_modid;
  struct {
    uint32_t threads;          /* worker threads used for relocation */
    uint64_t relative;         /* relocations applied in the parallel phase */
    uint64_t symbolic, cached; /* symbol lookups for relocations, and those answered from cache */
    const char *bindcache;     /* what the binding cache did: "off", "recorded", "replayed", ... */
    uint64_t replayed;         /* lookups it answered */
    uint64_t indexed;          /* symbols in startup's symbol index (symindex.c) */
    uint64_t t_start, t_load, t_reloc; /* timestamp counter: start, cycles loading, relocating */
  } stats;
  struct dr_object **bc_objects; /* by bc_index: during startup while the binding cache is in
                                  * use, for good when its PLT answers serve lazy binding */
  uint32_t bc_nobjects;
  /* The global scope's symbol index while startup relocates (symindex.c):
   * valid for ns[0]'s scope while that is the array it was built over. */
  struct dr_symindex symindex;
  bool versions_now;           /* objects get version tables when loaded; before: they wait (load.c) */
  uint32_t versions_pending;   /* objects whose tables wait; read without the load lock */
};

extern struct dr_process dr_proc DR_HIDDEN;
void dr_sort_objects(struct dr_process *p) DR_HIDDEN;

/* interp/sys.c: thin wrappers over system calls, returning -errno on failure. */
long dr_write(int fd, const void *buf, uint64_t n) DR_HIDDEN;
long dr_open(const char *path, int flags) DR_HIDDEN;
long dr_read(int fd, void *buf, uint64_t n) DR_HIDDEN;
long dr_pread(int fd, void *buf, uint64_t n, uint64_t off) DR_HIDDEN;
long dr_close(int fd) DR_HIDDEN;
long dr_fstat(int fd, void *st) DR_HIDDEN;
void *dr_mmap(void *addr, uint64_t len, int prot, int flags, int fd, uint64_t off) DR_HIDDEN;
long dr_munmap(void *addr, uint64_t len) DR_HIDDEN;
long dr_mprotect(void *addr, uint64_t len, int prot) DR_HIDDEN;
DR_NORETURN void dr_exit(int status) DR_HIDDEN;
long dr_arch_prctl_set_fs(uint64_t addr) DR_HIDDEN;
bool dr_mmap_failed(void *p) DR_HIDDEN;
long dr_sched_yield(void) DR_HIDDEN;
long dr_ioctl(int fd, unsigned long req, void *arg) DR_HIDDEN;

/* interp/print.c: formatted output without libc (%s %d %u %x %lx %p %zu %c %%). */
void dr_printf(int fd, const char *fmt, ...) DR_HIDDEN;
int dr_snprintf(char *buf, uint64_t size, const char *fmt, ...) DR_HIDDEN;
int dr_vsnprintf(char *buf, uint64_t size, const char *fmt, __builtin_va_list ap) DR_HIDDEN;

/* interp/alloc.c: memory for dryad's own bookkeeping, and the readers that
 * must be done before dlclose frees what they may read. */
void *dr_alloc(uint64_t size) DR_HIDDEN;
void *dr_zalloc(uint64_t size) DR_HIDDEN;
void dr_free(void *p) DR_HIDDEN;
void dr_shrink(void *p, uint64_t size) DR_HIDDEN;
bool dr_reader_enter(void) DR_HIDDEN;
void dr_reader_leave(bool raised) DR_HIDDEN;
void dr_wait_readers(void) DR_HIDDEN;
void dr_free_after_readers(void *p) DR_HIDDEN;
char *dr_strdup(const char *s) DR_HIDDEN;
char *dr_strndup(const char *s, uint64_t n) DR_HIDDEN;

/* interp/error.c: glibc's wording, exit status 127; inside dlopen/dlsym, errors
 * unwind to the innermost catcher instead (arch/x86_64/jump.S). */
struct dr_catch {
  uint64_t jb[8];
  struct dr_catch *outer;
  char *objname, *message;
};
struct dr_catch *dr_catch_current(void) DR_HIDDEN;
void dr_catch_set(struct dr_catch *c) DR_HIDDEN;
int dr_setjmp(uint64_t jb[8]) DR_HIDDEN __attribute__((returns_twice));
DR_NORETURN void dr_longjmp(uint64_t jb[8], int value) DR_HIDDEN;
DR_NORETURN void dr_fatal_load(const char *name, const char *why) DR_HIDDEN;
DR_NORETURN void dr_rethrow(struct dr_catch *c) DR_HIDDEN;
DR_NORETURN void dr_fatal(const char *fmt, ...) DR_HIDDEN;
DR_NORETURN void dr_fatal_missing(const char *name, const char *why,
                                  const struct dr_object *requester) DR_HIDDEN;
void dr_print_tried(int fd, const char *name, const struct dr_object *requester) DR_HIDDEN;
DR_NORETURN void dr_fatal_symbol(const struct dr_object *o, const char *name,
                                 const struct dr_version *v) DR_HIDDEN;
void dr_warn_symbol(const struct dr_object *o, const char *name, const struct dr_version *v) DR_HIDDEN;
const char *dr_object_name(const struct dr_object *o) DR_HIDDEN;

/* interp/startup.c */
void dr_read_initial_stack(struct dr_process *p, uint64_t *sp) DR_HIDDEN;
void dr_read_environment(struct dr_process *p) DR_HIDDEN;
uint64_t *dr_parse_command_line(struct dr_process *p) DR_HIDDEN;
void dr_setup_rtld_object(struct dr_process *p) DR_HIDDEN;
void dr_setup_main_object(struct dr_process *p) DR_HIDDEN;
void dr_setup_vdso(struct dr_process *p) DR_HIDDEN;

/* interp/bindcache.c: the startup lookups of the last run, replayed. */
void dr_bindcache_note_file(struct dr_object *o, const void *st) DR_HIDDEN;
void dr_bindcache_open(struct dr_process *p) DR_HIDDEN;
bool dr_bindcache_active(void) DR_HIDDEN;
bool dr_bindcache_replaying(void) DR_HIDDEN;
void dr_bindcache_begin(struct dr_object *o) DR_HIDDEN;
void dr_bindcache_end(struct dr_object *o) DR_HIDDEN;
void dr_bindcache_skip(struct dr_object *o, uint32_t symidx, int type_class) DR_HIDDEN;
void dr_bindcache_record(struct dr_object *o, uint32_t symidx, int type_class, struct dr_object *def,
                         const Elf64_Sym *sym, bool plain) DR_HIDDEN;
void dr_bindcache_close(struct dr_process *p) DR_HIDDEN;
void dr_bindcache_record_plt(struct dr_object *o) DR_HIDDEN;
struct dr_object *dr_bindcache_plt(struct dr_object *o, uint64_t index, uint32_t symidx,
                                   const Elf64_Sym **sym) DR_HIDDEN;

/* interp/load.c: opening, checking and mapping objects. */
struct dr_object *dr_map_object(struct dr_process *p, const char *path, int fd,
                                const char **why) DR_HIDDEN;
bool dr_object_finish(struct dr_object *o, const char **why) DR_HIDDEN;
struct dr_object *dr_kernel_mapped_program(struct dr_process *p, const char **why) DR_HIDDEN;
void dr_append_object(struct dr_process *p, struct dr_object *o) DR_HIDDEN;
void dr_unlink_object(struct dr_process *p, struct dr_object *o) DR_HIDDEN;
void dr_free_object(struct dr_object *o) DR_HIDDEN;
struct dr_object *dr_rtld_proxy(struct dr_process *p, const char *path) DR_HIDDEN;
void dr_renumber_objects(struct dr_process *p) DR_HIDDEN;
void dr_apply_relro(struct dr_object *o) DR_HIDDEN;
void dr_versions_build_all(struct dr_process *p) DR_HIDDEN;
void dr_versions_settle(struct dr_process *p) DR_HIDDEN;
void dr_honour_gnu_stack(struct dr_process *p) DR_HIDDEN;
void dr_exec_stack_for(struct dr_process *p, struct dr_object *first) DR_HIDDEN;
void dr_each_thread(void (*fn)(uint8_t *tp, struct dr_object *o), struct dr_object *o) DR_HIDDEN;
struct dr_object *dr_find_by_file(struct dr_process *p, const char *path) DR_HIDDEN;
int __nptl_change_stack_perm(uint8_t *pd) DR_EXPORT;

/* interp/search.c: finding an object by name. */
struct dr_object *dr_load_needed(struct dr_process *p, const char *name,
                                 struct dr_object *requester, const char **why) DR_HIDDEN;
struct dr_object *dr_load_dlopened(struct dr_process *p, const char *file,
                                   struct dr_object *caller, const char **why) DR_HIDDEN;
void dr_load_preloads(struct dr_process *p) DR_HIDDEN;
char *dr_origin_of(const char *path) DR_HIDDEN;
void dr_forget_names(struct dr_object *o) DR_HIDDEN;
struct dr_object *dr_find_loaded(struct dr_process *p, const char *name) DR_HIDDEN;
void dr_load_dependencies(struct dr_process *p) DR_HIDDEN;
struct dr_object *dr_load_preload(struct dr_process *p, const char *name, const char **why) DR_HIDDEN;
void dr_search_path_each(struct dr_process *p, struct dr_object *req,
                         void (*each)(void *arg, const char *dir), void *arg) DR_HIDDEN;

/* interp/hwcaps.c: the subdirectories searched below each search directory. */
uint32_t dr_hwcaps_count(const struct dr_process *p) DR_HIDDEN;
const char *dr_hwcaps_subdir(uint32_t i) DR_HIDDEN;
size_t dr_hwcaps_subdir_len(uint32_t i) DR_HIDDEN;
#define DR_HWCAPS_MAX_DIRS 64 /* directories whose subdirectories are remembered */
int dr_hwcaps_dir(const char *dir, bool add) DR_HIDDEN;
bool dr_hwcaps_absent(int d, uint32_t i) DR_HIDDEN;
bool dr_hwcaps_all_absent(int d) DR_HIDDEN;
void dr_hwcaps_note(int d, uint32_t i, bool found, char *path, size_t slash) DR_HIDDEN;
struct dr_ldcache_cpu;
const struct dr_ldcache_cpu *dr_hwcaps_cache_cpu(const struct dr_process *p) DR_HIDDEN;
void dr_load_needed_from(struct dr_process *p, struct dr_object *start) DR_HIDDEN;

/* interp/resolve.c: symbol lookup over scopes. */
void dr_build_global_scope(struct dr_process *p) DR_HIDDEN;
void dr_check_versions(struct dr_process *p) DR_HIDDEN;
const struct dr_version *dr_ref_version(const struct dr_object *o, uint32_t symidx) DR_HIDDEN;
bool dr_object_defines(const struct dr_object *o, const char *version, uint32_t hash) DR_HIDDEN;
void dr_check_versions_from(struct dr_process *p, struct dr_object *start) DR_HIDDEN;
struct dr_object *object_of(const struct dr_symobj *s) DR_HIDDEN;
void dr_add_global(struct dr_process *p, struct dr_object *o) DR_HIDDEN;
void dr_remove_global(struct dr_process *p, struct dr_object *o) DR_HIDDEN;
void dr_note_binding(struct dr_object *o, struct dr_object *def) DR_HIDDEN;
struct dr_object *dr_resolve_search(struct dr_object *o, uint32_t symidx, int type_class,
                                    const Elf64_Sym **sym) DR_HIDDEN;
void dr_debug_binding(struct dr_object *o, uint32_t symidx, struct dr_object *def) DR_HIDDEN;
bool dr_resolve_plain(struct dr_object *o, uint32_t symidx, int type_class, uint64_t *value) DR_HIDDEN;
struct dr_object *dr_resolve_pure(struct dr_object *o, uint32_t symidx, int type_class, bool allow_ifunc,
                                  const Elf64_Sym **sym) DR_HIDDEN;

/* interp/relocate.c */
void dr_relocate_all(struct dr_process *p) DR_HIDDEN;
int dr_reloc_type_class(uint32_t type) DR_HIDDEN;
void dr_relocate_object(struct dr_process *p, struct dr_object *o) DR_HIDDEN;
void dr_relocate_relative(struct dr_process *p) DR_HIDDEN;
const char *dr_apply_holes(struct dr_object *o, const struct dr_reloc_ops *ops) DR_HIDDEN;
uint64_t dryad_lazy_fixup(struct dr_object *o, uint64_t index) DR_HIDDEN;

/* interp/symindex.c */
void dr_symindex_start(struct dr_process *p) DR_HIDDEN;
void dr_symindex_end(struct dr_process *p) DR_HIDDEN;

/* interp/tls.c */
void dr_setup_tls(struct dr_process *p) DR_HIDDEN;
void dr_tls_copy_images(struct dr_process *p) DR_HIDDEN;
void dr_tls_add_module(struct dr_process *p, struct dr_object *o) DR_HIDDEN;
void dr_tls_make_static(struct dr_object *o) DR_HIDDEN;
void dr_tls_copy_static(struct dr_process *p, struct dr_object *first) DR_HIDDEN;
void dr_tls_remove_module(struct dr_process *p, struct dr_object *o) DR_HIDDEN;
void dr_tls_reclaim_static(struct dr_object **v, uint32_t n) DR_HIDDEN;
void *dr_glibc_malloc(uint64_t n) DR_HIDDEN;
void *dr_glibc_function(const char *name) DR_HIDDEN;
void *dr_glibc_function_version(const char *name, const char *version) DR_HIDDEN;
void dr_glibc_free(void *ptr) DR_HIDDEN;

/* interp/init.c */
void dr_run_initialisers(struct dr_process *p) DR_HIDDEN;
void dr_init_object(struct dr_process *p, struct dr_object *o) DR_HIDDEN;
void dr_fini_object(struct dr_object *o) DR_HIDDEN;

/* interp/dlopen.c: loading at run time (dlopen's engine). */
struct dr_object *dr_dlopen(struct dr_process *p, const char *file, int mode,
                            struct dr_object *caller, long nsid) DR_HIDDEN;
void dr_dlclose(struct dr_process *p, struct dr_object *o) DR_HIDDEN;
void dr_load_lock(void) DR_HIDDEN;
void dr_load_unlock(void) DR_HIDDEN;
void dr_tls_lock(void) DR_HIDDEN;
void dr_tls_unlock(void) DR_HIDDEN;
void dryad_fini(void) DR_HIDDEN;

/* interp/debug.c: the r_debug interface for debuggers. */
void dr_debug_init(struct dr_process *p) DR_HIDDEN;
void dr_debug_state(int state) DR_HIDDEN;

bool dr_local_is_global(const struct dr_process *p, const struct dr_object *o) DR_HIDDEN;

/* The object LD_DEBUG names when a lookup finds O or a binding goes to it: a
 * namespace's stand-in for dryad is dryad itself, in namespace 0 (glibc's l_real). */
static inline const struct dr_object *dr_debug_real(const struct dr_object *o) {
  return o->is_proxy ? dr_proc.rtld : o;
}

/* interp/ldebug.c: LD_DEBUG, with glibc's category bits (libc tests IMPCALLS). */
#define DR_DEBUG_LIBS (1u << 0)
#define DR_DEBUG_IMPCALLS (1u << 1)
#define DR_DEBUG_BINDINGS (1u << 2)
#define DR_DEBUG_SYMBOLS (1u << 3)
#define DR_DEBUG_VERSIONS (1u << 4)
#define DR_DEBUG_RELOC (1u << 5)
#define DR_DEBUG_FILES (1u << 6)
#define DR_DEBUG_STATISTICS (1u << 7)
#define DR_DEBUG_UNUSED (1u << 8)
#define DR_DEBUG_SCOPES (1u << 9)
#define DR_DEBUG_HELP (1u << 10)
extern uint32_t dr_debug_mask DR_HIDDEN;
void dr_debug_setup(struct dr_process *p) DR_HIDDEN;
void dr_dbg(const char *fmt, ...) DR_HIDDEN;
void dr_dbg_parts(const char *const parts[], int n) DR_HIDDEN;
void dr_debug_statistics(struct dr_process *p) DR_HIDDEN;
void dr_debug_mapped(const struct dr_object *o, const char *name) DR_HIDDEN;
void dr_debug_lookup(const struct dr_symobj *const *scope, size_t n, const struct dr_lookup *q,
                     size_t last) DR_HIDDEN;
void dr_debug_scope(struct dr_process *p, const struct dr_object *o) DR_HIDDEN;
void dr_debug_initial_scopes(struct dr_process *p) DR_HIDDEN;
DR_NORETURN void dr_debug_unused(struct dr_process *p) DR_HIDDEN;

/* interp/trace.c: DRYAD_TRACE, a Chrome/Perfetto timeline of startup. */
void dr_trace_setup(struct dr_process *p) DR_HIDDEN;
bool dr_tracing(void) DR_HIDDEN;
uint64_t dr_trace_now(void) DR_HIDDEN;
void dr_trace_event(const char *name, const char *cat, const char *object, uint64_t start,
                    uint64_t end, uint64_t count, int tid) DR_HIDDEN;
void dr_trace_write(struct dr_process *p) DR_HIDDEN;

/* interp/list.c: --list */
void dr_resolve_only(struct dr_process *p, struct dr_object *o, bool lazy, bool *used) DR_HIDDEN;
DR_NORETURN void dr_list_objects(struct dr_process *p) DR_HIDDEN;

/* interp/explain.c: --explain */
DR_NORETURN void dr_explain(struct dr_process *p) DR_HIDDEN;
int dr_scope_lookup(struct dr_process *p, struct dr_object *o, struct dr_lookup *q,
                    struct dr_object **def, uint32_t *idx) DR_HIDDEN;

/* interp/arch/x86_64 */
void dr_cpu_init(void) DR_HIDDEN;
const char *dr_cpu_platform(const char *at_platform) DR_HIDDEN;
int dr_cpu_isa_level(void) DR_HIDDEN;
bool dr_cpu_avx512_1(void) DR_HIDDEN;
void dr_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]) DR_HIDDEN;
uint64_t dr_xgetbv0(void) DR_HIDDEN;
void dryad_runtime_resolve(void) DR_HIDDEN;
void dryad_tlsdesc_return(void) DR_HIDDEN;
void dryad_tlsdesc_dynamic(void) DR_HIDDEN;

/* Whether S begins with the N bytes of PREFIX: inline, for every entry of the
 * environment and every lookup. */
static inline __attribute__((always_inline)) bool dr_env_starts(const char *s, const char *prefix,
                                                               size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != prefix[i]) return false;
  return true;
}

/* Whether S, a name or a NAME=VALUE entry, is exactly WORD. */
static inline __attribute__((always_inline)) bool dr_env_is_word(const char *s, const char *word,
                                                                size_t n) {
  return dr_env_starts(s, word, n) && (s[n] == 0 || s[n] == '=');
}

/* Every variable dryad reads begins with one of these, or is one of the two
 * the binding cache's directory comes from (interp/bindcache.c): startup.c
 * indexes them. For a literal name the answer is known at compile time. */
static inline __attribute__((always_inline)) bool dr_env_ours(const char *s) {
  switch (s[0]) {
    case 'L': return dr_env_starts(s, "LD_", 3);
    case 'D': return dr_env_starts(s, "DRYAD_", 6);
    case 'G': return dr_env_starts(s, "GLIBC_", 6);
    case 'M': return dr_env_starts(s, "MALLOC_", 7);
    case 'H': return dr_env_is_word(s, "HOME", 4);
    case 'X': return dr_env_is_word(s, "XDG_CACHE_HOME", 14);
    default: return false;
  }
}

/* interp/startup.c: the value of variable NAME, LEN bytes long (OURS: whether
 * dr_env_ours says so); dr_getenv takes the length of a literal name, and that
 * answer, at compile time ("" makes any other argument an error). */
const char *dr_getenv_n(const struct dr_process *p, const char *name, size_t len, bool ours) DR_HIDDEN;
#define dr_getenv(p, name) dr_getenv_n((p), name "", sizeof(name "") - 1, dr_env_ours(name ""))

/* The same for a name known only at run time (glibc's tunables' aliases). */
static inline const char *dr_getenv_str(const struct dr_process *p, const char *name) {
  return dr_getenv_n(p, name, dr_strlen(name), dr_env_ours(name));
}

/* dr_resolve's common cases, inline in the relocation loop (resolve.c has the
 * rest): a reference to the object's own local symbol, a repeat of the last
 * lookup of the relocation pass, and a definition the binding cache recorded. */

/* The definition entry E of the binding cache names for a reference from O, if
 * it is one O's lookup could have found (dr_find_in_object's rules: an
 * executable's undefined function with a PLT address stands for its definition
 * except for PLT references); NULL for anything else. */
static inline struct dr_object *dr_bindcache_def(const struct dr_object *o, uint64_t e, int type_class,
                                                 const Elf64_Sym **sym) {
  uint32_t di = dr_bc_def_object(e), si = dr_bc_def_symbol(e);
  struct dr_object *def = di < dr_proc.bc_nobjects ? dr_proc.bc_objects[di] : 0;
  if (!def || (!def->in_global_scope && def != o) || def->ns != o->ns || si == 0 || si >= def->dyn.nsymtab)
    return 0;
  const Elf64_Sym *s = &def->dyn.symtab[si];
  if ((s->st_value == 0 && s->st_shndx != SHN_ABS && ELF64_ST_TYPE(s->st_info) != STT_TLS) ||
      (s->st_shndx == SHN_UNDEF && (type_class & DR_CLASS_PLT)))
    return 0;
  *sym = s;
  return def;
}

/* The version tables, built if startup deferred them (load.c): called before
 * anything reads them. One load when they are there. */
static inline void dr_versions_ready(void) {
  if (__builtin_expect(__atomic_load_n(&dr_proc.versions_pending, __ATOMIC_ACQUIRE) != 0, 0))
    dr_versions_build_all(&dr_proc);
}

/* dr_lookup_init for dryad's searches: every search reads version tables. */
static inline void dr_query_init(struct dr_lookup *q, const char *name, const struct dr_version *version,
                                 int type_class, int flags) {
  dr_versions_ready();
  dr_lookup_init(q, name, version, type_class, flags);
}

/* A reference its own object answers, with no lookup: local, hidden or
 * internal (dr_resolve, and parallel.c's replay ahead of it). */
static inline bool dr_binds_locally(const Elf64_Sym *ref) {
  unsigned vis = ELF64_ST_VISIBILITY(ref->st_other);
  return ELF64_ST_BIND(ref->st_info) == STB_LOCAL || vis == STV_HIDDEN || vis == STV_INTERNAL;
}

/* The answer a replayed relocation pass has for reference SYMIDX (class CLS) of O
 * without a search: O's last resolution, or the next entry of its stream, which
 * *FRESH says the caller consumes (o->bc_pos++) if it uses the answer. False when
 * neither answers (a search must). *DEF NULL: an undefined weak reference.
 * Used by the passes that bypass dr_resolve: relocate.c's and parallel.c's. */
static inline __attribute__((always_inline)) bool
dr_replay_answer(struct dr_object *o, uint32_t symidx, int cls, const Elf64_Sym *ref,
                 struct dr_object **def, const Elf64_Sym **sym, bool *fresh) {
  const struct dr_resolved *slot = &o->last_resolved;
  *fresh = false;
  if (slot->symidx == symidx + 1 && slot->type_class == cls) {
    *def = slot->def, *sym = slot->sym;
    return true;
  }
  if (o->bc_pos == o->bc_end || !dr_bc_matches(*o->bc_pos, symidx, cls)) return false;
  *fresh = true;
  if ((uint32_t)*o->bc_pos == DR_BC_UNDEF) {
    *def = 0, *sym = 0;
    return ELF64_ST_BIND(ref->st_info) == STB_WEAK;
  }
  return (*def = dr_bindcache_def(o, *o->bc_pos, cls, sym)) != 0;
}

/* Uses the stream's answer dr_replay_answer gave (*FRESH): the stream moves on,
 * the statistics count it, and it becomes the last resolution. */
static inline __attribute__((always_inline)) void
dr_replay_take(struct dr_object *o, uint32_t symidx, int cls, struct dr_object *def, const Elf64_Sym *sym) {
  o->bc_pos++;
  dr_proc.stats.symbolic++, dr_proc.stats.replayed++;
  o->last_resolved = (struct dr_resolved){def, sym, symidx + 1, cls};
}

/* The answers dr_resolve gives without a search: false when only a search can
 * tell. True leaves the definition in *def (NULL for an undefined weak
 * reference) and *sym. */
static inline __attribute__((always_inline)) bool
dr_resolve_known(struct dr_object *o, uint32_t symidx, int type_class, struct dr_object **def,
                 const Elf64_Sym **sym) {
  const Elf64_Sym *ref = &o->dyn.symtab[symidx];
  if (dr_binds_locally(ref)) {
    *sym = ref, *def = o;
    return true;
  }
  /* A symbol is often named by several relocations in a row (linkers sort each
   * relocation table by symbol): the relocation pass of O remembers its last
   * resolution and answers a repeat of the same (symbol, class) from it, as
   * glibc's l_lookup_cache does, so LD_DEBUG shows the same lookups. (An array
   * over the whole symbol table answered every repeat, but touched a page per
   * few symbols: twice glibc's page faults on big programs.) Lazy binding runs
   * in any thread, outside the pass, and is not cached here (bindcache.c has
   * answers for it). Then the binding cache's next answer, if it has one. */
  if (!o->relocating) return false;
  bool fresh;
  if (!dr_replay_answer(o, symidx, type_class, ref, def, sym, &fresh)) return false;
  if (!fresh) {
    dr_proc.stats.cached++;
    return true;
  }
  dr_replay_take(o, symidx, type_class, *def, *sym);
  if (__builtin_expect(dr_debug_mask & DR_DEBUG_BINDINGS, 0) && *def) dr_debug_binding(o, symidx, *def);
  return true;
}

/* Finds the definition that symbol SYMIDX of O refers to. Returns the defining
 * object and sets *sym, or returns NULL (*sym NULL) for an undefined weak
 * reference; an undefined strong reference is fatal, in glibc's words. */
static inline __attribute__((always_inline)) struct dr_object *
dr_resolve(struct dr_object *o, uint32_t symidx, int type_class, const Elf64_Sym **sym) {
  struct dr_object *def;
  if (dr_resolve_known(o, symidx, type_class, &def, sym)) return def;
  return dr_resolve_search(o, symidx, type_class, sym);
}

#endif
