/* interp/glibc/dlfcn.c: the dynamic linker's entry points that libc calls
 * through GLRO function pointers (dlsym, dlopen, dl_iterate_phdr's TLS query,
 * the unwinder's _dl_find_object) and the exception helpers it imports.
 *
 * Errors raised inside (a missing file, an undefined symbol) unwind to
 * catch_error, which hands libc the message in a buffer from libc's own
 * malloc, as dlerror expects. The engine of dlopen is interp/dlopen.c.
 * Book: docs/12-glibc-contract.md.
 */
#include "glibc.h"

void *dr_glibc_tls_get_addr_soft(struct dr_object *o) DR_HIDDEN;

/* glibc's struct dl_exception. */
struct dl_exception {
  const char *objname;
  const char *errstring;
  char *message_buffer;
};

/* NAME@GLIBC_2.2.5 as the program's global scope defines it (libc's, or an
 * interposer's), or NULL before relocation or without libc. glibc's ld.so binds
 * its allocator and mutex functions the same way (__rtld_malloc_init_real). */
void *dr_glibc_function(const char *name) { return dr_glibc_function_version(name, "GLIBC_2.2.5"); }

void *dr_glibc_function_version(const char *name, const char *version) {
  if (!dr_proc.relocated) return 0;
  struct dr_version v = {version, dr_elf_hash(version), 0, 0};
  struct dr_lookup q;
  dr_query_init(&q, name, &v, 0, 0);
  size_t k;
  uint32_t idx;
  if (!dr_find_in_scope(dr_proc.ns[0].global_scope, dr_proc.ns[0].nglobal, &q, &k, &idx)) return 0;
  struct dr_object *o = object_of(dr_proc.ns[0].global_scope[k]);
  return (void *)(o->l_addr + o->dyn.symtab[idx].st_value);
}

/* libc frees error messages and dynamic TLS blocks with its own free(): they
 * come from its malloc. */
void *dr_glibc_malloc(uint64_t n) {
  static void *(*fn)(uint64_t);
  if (!fn) fn = (void *(*)(uint64_t))dr_glibc_function("malloc");
  return fn ? fn(n) : dr_alloc(n);
}

void dr_glibc_free(void *ptr) {
  static void (*fn)(void *);
  if (!fn) fn = (void (*)(void *))dr_glibc_function("free");
  if (fn) fn(ptr);
}

DR_EXPORT void _dl_exception_create(struct dl_exception *e, const char *objname, const char *errstring);
void _dl_exception_create(struct dl_exception *e, const char *objname, const char *errstring) {
  if (!objname) objname = "";
  uint64_t lo = dr_strlen(objname) + 1, le = dr_strlen(errstring) + 1;
  char *buf = dr_glibc_malloc(lo + le);
  dr_memcpy(buf, errstring, le);
  dr_memcpy(buf + le, objname, lo);
  *e = (struct dl_exception){buf + le, buf, buf};
}

/* dlinfo(RTLD_DI_SERINFOSIZE, then RTLD_DI_SERINFO): libc calls this twice, first
 * counting (the directories and the bytes for them all), then filling the
 * caller's buffer of that size: the array of {name, flags}, the names after it. */
struct dl_serpath {
  char *dls_name;
  unsigned dls_flags;
};
struct dl_serinfo {
  uint64_t dls_size;
  unsigned dls_cnt;
  struct dl_serpath dls_serpath[];
};
struct serinfo_state {
  struct dl_serinfo *si;
  bool counting;
  unsigned idx;
  char *next;
};

static void serinfo_dir(void *arg, const char *dir) {
  struct serinfo_state *s = arg;
  uint64_t len = dr_strlen(dir) + 1;
  if (s->counting) {
    s->si->dls_cnt++;
    s->si->dls_size += len;
    return;
  }
  if (s->idx >= s->si->dls_cnt) return; /* the buffer was sized by a count that is exceeded */
  s->si->dls_serpath[s->idx++] = (struct dl_serpath){s->next, 0}; /* glibc's flags are 0 */
  dr_memcpy(s->next, dir, len);
  s->next += len;
}

DR_EXPORT void _dl_rtld_di_serinfo(struct dr_object *loader, struct dl_serinfo *si, _Bool counting);
void _dl_rtld_di_serinfo(struct dr_object *loader, struct dl_serinfo *si, _Bool counting) {
  struct serinfo_state s = {si, counting, 0, (char *)&si->dls_serpath[si->dls_cnt]};
  if (counting) si->dls_cnt = 0, si->dls_size = 0;
  dr_load_lock(); /* the search's buffers are shared */
  dr_search_path_each(&dr_proc, loader, serinfo_dir, &s);
  dr_load_unlock();
  if (counting) si->dls_size += (uint64_t)((char *)&si->dls_serpath[si->dls_cnt] - (char *)si);
}

/* GLRO(dl_lookup_symbol_x): glibc's lookup over a NULL-terminated scope array. */
static struct dr_object *lookup_symbol_x(const char *name, struct dr_object *undef_map,
                                         const Elf64_Sym **ref, struct gl_scope *scope[],
                                         const struct dr_version *version, int type_class,
                                         int flags, struct dr_object *skip_map) {
  struct dr_lookup q;
  dr_query_init(&q, name, version && version->hash ? version : 0, type_class,
                 (flags & 2) ? DR_LOOKUP_RETURN_NEWEST : 0);
  for (size_t s = 0; scope && scope[s]; s++)
    for (uint32_t i = 0; i < scope[s]->r_nlist; i++) {
      struct dr_object *o = scope[s]->r_list[i];
      if (o == skip_map) continue;
      const struct dr_symobj *one[1] = {&o->symobj};
      size_t k;
      uint32_t idx;
      if (dr_debug_mask & DR_DEBUG_SYMBOLS) dr_debug_lookup(one, 1, &q, 0);
      if (dr_find_in_scope(one, 1, &q, &k, &idx)) {
        *ref = &o->dyn.symtab[idx];
        if ((dr_debug_mask & DR_DEBUG_BINDINGS) && undef_map)
          dr_dbg("binding file %s [%u] to %s [%u]: normal symbol `%s'%s%s%s", dr_object_name(undef_map),
                 undef_map->ns, dr_object_name(dr_debug_real(o)), dr_debug_real(o)->ns, name, q.version ? " [" : "", q.version ? q.version->name : "",
                 q.version ? "]" : "");
        /* glibc's add_dependency (DL_LOOKUP_ADD_DEPENDENCY): what a lookup binds to
         * stays loaded as long as the object that asked. */
        if ((flags & 1) && undef_map) dr_note_binding(undef_map, o);
        return o;
      }
    }
  /* A weak reference (the vDSO resolvers' probe) fails quietly; any other raises
   * the error dlsym reports through dlerror. */
  if (!*ref || ELF64_ST_BIND((*ref)->st_info) != STB_WEAK) {
    *ref = 0;
    char msg[512];
    if (version && version->name)
      dr_snprintf(msg, sizeof msg, "undefined symbol: %s, version %s", name, version->name);
    else
      dr_snprintf(msg, sizeof msg, "undefined symbol: %s", name);
    dr_fatal_load(undef_map ? dr_object_name(undef_map) : "", msg);
  }
  *ref = 0;
  return 0;
}

/* GLRO(dl_catch_error): runs OPERATE; an error raised inside comes back here
 * (interp/error.c) and goes to libc as one malloc'd buffer, message first,
 * object name after it, which libc frees when dlerror has reported it.
 *
 * libc raises some errors itself, with its own copy of _dl_signal_error
 * (dlmopen's "invalid mode"), which lands only in a catch made by libc's own
 * _dl_catch_exception: so OPERATE runs inside one of those too, and an error
 * from either side comes back. */
struct caught {
  void (*operate)(void *);
  void *args;
  struct dr_catch c;
  bool raised;
};

static void operate_caught(void *arg) {
  struct caught *k = arg;
  k->c.outer = dr_catch_current();
  if (dr_setjmp(k->c.jb)) {
    k->raised = true;
    return;
  }
  dr_catch_set(&k->c);
  k->operate(k->args);
  dr_catch_set(k->c.outer);
}

static int catch_error(const char **objname, const char **errstring, _Bool *mallocedp,
                       void (*operate)(void *), void *args) {
  static int (*libc_catch)(struct dl_exception *, void (*)(void *), void *);
  if (!libc_catch)
    libc_catch = (int (*)(struct dl_exception *, void (*)(void *), void *))dr_glibc_function_version(
        "_dl_catch_exception", "GLIBC_PRIVATE");
  struct caught k = {.operate = operate, .args = args};
  struct dl_exception e = {0, 0, 0};
  int errcode = libc_catch ? libc_catch(&e, operate_caught, &k) : (operate_caught(&k), 0);
  *objname = 0;
  *errstring = 0;
  *mallocedp = 0;
  if (k.raised) {
    uint64_t lm = dr_strlen(k.c.message) + 1, lo = dr_strlen(k.c.objname) + 1;
    char *buf = dr_glibc_malloc(lm + lo);
    dr_memcpy(buf, k.c.message, lm);
    dr_memcpy(buf + lm, k.c.objname, lo);
    dr_free(k.c.message);
    dr_free(k.c.objname);
    *errstring = buf;
    *objname = buf + lm;
    *mallocedp = 1;
    return 0; /* no errno: the message says it all */
  }
  if (e.errstring) { /* libc's own error, in libc's words and malloc'd buffer */
    *errstring = e.errstring;
    *objname = e.objname;
    *mallocedp = e.message_buffer == e.errstring;
    return errcode;
  }
  return 0;
}

static void *dl_open(const char *file, int mode, const void *caller, long nsid, int argc,
                     char **argv, char **env) {
  (void)argc, (void)argv, (void)env;
  return dr_dlopen(&dr_proc, file, mode, _dl_find_dso_for_object((uint64_t)caller), nsid);
}

static void dl_close(void *map) { dr_dlclose(&dr_proc, map); }
/* libc hands back the messages catch_error gave it: they came from its malloc. */
static void error_free(void *p) {
  if (p) dr_glibc_free(p);
}
static void libc_freeres(void) {}

/* glibc's struct dl_find_object. */
struct dl_find_object {
  uint64_t dlfo_flags;
  uint64_t dlfo_map_start, dlfo_map_end;
  struct dr_object *dlfo_link_map;
  uint64_t dlfo_eh_frame;
  uint64_t reserved[7];
};

static int find_object(uint64_t pc, struct dl_find_object *out) {
  struct dr_object *o = _dl_find_dso_for_object(pc);
  if (!o) return -1;
  out->dlfo_flags = 0;
  out->dlfo_map_start = LMF(o, LM_L_MAP_START, uint64_t);
  out->dlfo_map_end = LMF(o, LM_L_MAP_END, uint64_t);
  out->dlfo_link_map = o;
  out->dlfo_eh_frame = 0;
  for (uint16_t i = 0; i < o->phnum; i++)
    if (o->phdr[i].p_type == PT_GNU_EH_FRAME) out->dlfo_eh_frame = o->l_addr + o->phdr[i].p_vaddr;
  return 0;
}

void dr_glibc_bind_functions(void) {
  GLRO(GLRO_DL_DEBUG_PRINTF, void *) = (void *)dr_dbg; /* what libc prints through the linker */
  GLRO(GLRO_DL_MCOUNT, void *) = (void *)_dl_mcount;
  GLRO(GLRO_DL_LOOKUP_SYMBOL_X, void *) = (void *)lookup_symbol_x;
  GLRO(GLRO_DL_OPEN, void *) = (void *)dl_open;
  GLRO(GLRO_DL_CLOSE, void *) = (void *)dl_close;
  GLRO(GLRO_DL_CATCH_ERROR, void *) = (void *)catch_error;
  GLRO(GLRO_DL_ERROR_FREE, void *) = (void *)error_free;
  GLRO(GLRO_DL_TLS_GET_ADDR_SOFT, void *) = (void *)dr_glibc_tls_get_addr_soft;
  GLRO(GLRO_DL_LIBC_FREERES, void *) = (void *)libc_freeres;
  GLRO(GLRO_DL_FIND_OBJECT, void *) = (void *)find_object;
}
