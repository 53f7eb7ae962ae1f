/* interp/glibc/rtld_global.c: _rtld_global and _rtld_global_ro.
 *
 * Two exported data objects whose layout is glibc's (abi.h). libc.so.6 finds
 * here the list of loaded objects, the locks it takes around them, the page
 * size, the CPU features its IFUNC resolvers select on, the static TLS size
 * its threads need, and function pointers into the dynamic linker (dlopen,
 * dlsym, ...). Book: docs/12-glibc-contract.md.
 */
#include "glibc.h"

unsigned char _rtld_global[GL_SIZEOF_RTLD_GLOBAL] __attribute__((aligned(64)));
unsigned char _rtld_global_ro[GL_SIZEOF_RTLD_GLOBAL_RO] __attribute__((aligned(64)));

/* GL(dl_ns)[k] for every namespace: its list, its size and its libc, as
 * libc's dl_iterate_phdr and dlinfo read them; GL(dl_nns). A namespace other
 * than 0 has no main search list, as in glibc (its objects' l_scope names it). */
void dr_glibc_namespaces(struct dr_process *p) {
  for (uint32_t k = 0; k < DR_NNS; k++) {
    uint8_t *ns = _rtld_global + GL_DL_NS + k * GL_SIZEOF_LINK_NAMESPACES;
    __atomic_store_n((struct dr_object **)(ns + GL_NS_LOADED), p->ns[k].head, __ATOMIC_RELEASE);
    *(uint32_t *)(ns + GL_NS_NLOADED) = p->ns[k].nobjects;
    *(struct dr_object **)(ns + GL_NS_LIBC_MAP) = dr_glibc_ns_libc(p, k);
    /* Recursive mutexes (PTHREAD_MUTEX_RECURSIVE_NP): libc locks them itself. */
    *(int32_t *)(ns + GL_NS_UNIQUE_SYM_TABLE + GL_MUTEX_KIND) = 1;
  }
  GL(GL_DL_NNS, uint64_t) = p->nns;
}

static void fill_global(struct dr_process *p) {
  uint8_t *ns0 = _rtld_global + GL_DL_NS;
  *(struct gl_scope **)(ns0 + GL_NS_MAIN_SEARCHLIST) = &LMF(p->main, LM_L_SEARCHLIST, struct gl_scope);
  dr_glibc_namespaces(p);
  GL(GL_DL_LOAD_LOCK + GL_MUTEX_KIND, int32_t) = 1;
  GL(GL_DL_LOAD_WRITE_LOCK + GL_MUTEX_KIND, int32_t) = 1;
  GL(GL_DL_LOAD_TLS_LOCK + GL_MUTEX_KIND, int32_t) = 1;
  GL(GL_DL_LOAD_ADDS, uint64_t) = p->nobjects;
  GL(GL_DL_STACK_FLAGS, uint32_t) = p->main->stack_flags;
  /* nptl's stack lists were set up with the main thread (thread.c). */
}

/* The vDSO's functions, at the version the kernel gives them (LINUX_2.6);
 * NULL makes libc use the system call. */
static void *vdso_sym(struct dr_object *v, const char *name) {
  struct dr_version ver = {"LINUX_2.6", dr_elf_hash("LINUX_2.6"), 0, 0};
  struct dr_lookup q;
  dr_query_init(&q, name, &ver, 0, 0);
  uint32_t i = dr_find_in_object(&v->symobj, &q);
  /* glibc looks these up in the vDSO's own scope, and LD_DEBUG reports it so. */
  if (dr_debug_mask & DR_DEBUG_SYMBOLS) dr_dbg("symbol=%s;  lookup in file=%s [0]", name, v->l_name);
  if (i && (dr_debug_mask & DR_DEBUG_BINDINGS))
    dr_dbg("binding file %s [0] to %s [0]: normal symbol `%s' [%s]", v->l_name, v->l_name, name, ver.name);
  return i ? (void *)(v->l_addr + v->dyn.symtab[i].st_value) : 0;
}

static void vdso_functions(struct dr_process *p) {
  struct dr_object *v = p->vdso;
  if (!v) return;
  GLRO(GLRO_DL_SYSINFO_MAP, struct dr_object *) = v;
  GLRO(GLRO_DL_VDSO_CLOCK_GETTIME64, void *) = vdso_sym(v, "__vdso_clock_gettime");
  GLRO(GLRO_DL_VDSO_GETTIMEOFDAY, void *) = vdso_sym(v, "__vdso_gettimeofday");
  GLRO(GLRO_DL_VDSO_TIME, void *) = vdso_sym(v, "__vdso_time");
  GLRO(GLRO_DL_VDSO_GETCPU, void *) = vdso_sym(v, "__vdso_getcpu");
  GLRO(GLRO_DL_VDSO_CLOCK_GETRES_TIME64, void *) = vdso_sym(v, "__vdso_clock_getres");
}

/* "Init all dirs" only needs to be non-NULL: libc takes it as "rtld is active". */
static uint64_t all_dirs_marker[4];

static void fill_global_ro(struct dr_process *p) {
  GLRO(GLRO_DL_DEBUG_MASK, int32_t) = (int32_t)dr_debug_mask;
  GLRO(GLRO_DL_PLATFORM, const char *) = p->platform;
  GLRO(GLRO_DL_PLATFORMLEN, uint64_t) = dr_strlen(p->platform);
  GLRO(GLRO_DL_PAGESIZE, uint64_t) = p->at[AT_PAGESZ] ? p->at[AT_PAGESZ] : DR_PAGE;
  /* sysconf asserts it is non-zero: the kernel's value, else the ABI minimum. */
  GLRO(GLRO_DL_MINSIGSTACKSIZE, uint64_t) = p->at[51 /* AT_MINSIGSTKSZ */] ? p->at[51] : 2048;
  GLRO(GLRO_DL_INHIBIT_CACHE, int32_t) = p->opt.inhibit_cache;
  GLRO(GLRO_DL_INITIAL_SEARCHLIST, struct gl_scope) = LMF(p->main, LM_L_SEARCHLIST, struct gl_scope);
  GLRO(GLRO_DL_CLKTCK, int32_t) = (int32_t)p->at[AT_CLKTCK];
  GLRO(GLRO_DL_DEBUG_FD, int32_t) = 2;
  GLRO(GLRO_DL_LAZY, int32_t) = !p->opt.bind_now;
  GLRO(GLRO_DL_BIND_NOT, int32_t) = p->opt.bind_not;
  GLRO(GLRO_DL_FPU_CONTROL, uint16_t) = p->at[AT_FPUCW] ? (uint16_t)p->at[AT_FPUCW] : 0x37f;
  GLRO(GLRO_DL_AUXV, Elf64_auxv_t *) = p->auxv;
  GLRO(GLRO_DL_HWCAP2, uint64_t) = p->at[AT_HWCAP2];
  GLRO(GLRO_DL_INIT_ALL_DIRS, uint64_t *) = all_dirs_marker;
  /* libc's free_mem walks _dl_all_dirs until it meets _dl_init_all_dirs: equal, it walks nothing. */
  GL(GL_DL_ALL_DIRS, uint64_t *) = all_dirs_marker;
  GLRO(GLRO_DL_SYSINFO_DSO, uint64_t) = p->at[AT_SYSINFO_EHDR];
  vdso_functions(p);
  /* glibc's dl_hwcap on x86-64 is not AT_HWCAP: HWCAP_X86_64, set by cpu_features.c. */
  dr_glibc_cpu_features(p, _rtld_global_ro + GLRO_DL_X86_CPU_FEATURES);
}

/* Runs once every object is loaded and TLS is laid out, before any relocation:
 * libc's IFUNC resolvers read these structures while libc is being relocated. */
void dr_glibc_globals(struct dr_process *p) {
  dr_glibc_check_libc(p);
  dr_glibc_process_globals(p);
  dr_glibc_link_maps(p);
  fill_global(p);
  fill_global_ro(p);
  dr_glibc_bind_functions();
}
