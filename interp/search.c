/* interp/search.c: which file a name means (book: docs/04-finding-objects.md).
 *
 * glibc's order, for a name without a slash, asked for by object R:
 *   1. DT_RPATH of R, then of the object that loaded R, and so on up to the
 *      program; only if R has no DT_RUNPATH;
 *   2. LD_LIBRARY_PATH (or --library-path), unless the process is secure;
 *   3. DT_RUNPATH of R alone;
 *   4. /etc/ld.so.cache, unless --inhibit-cache or R has DF_1_NODEFLIB;
 *   5. the system directories, unless R has DF_1_NODEFLIB.
 * A name with a slash is opened as it is (after $ORIGIN and friends). An object
 * already loaded under that name, or from the same file (device and inode), is
 * reused: each object is loaded once.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "../core/ldcache.h"
#include "../core/search.h"
#include "arch/x86_64/syscall.h"
#include "dryad.h"
#include <asm/unistd.h>

#define DR_PATH_MAX 4096

static const char *const system_dirs[] = {"/lib/x86_64-linux-gnu/", "/usr/lib/x86_64-linux-gnu/",
                                          "/lib/", "/usr/lib/"};
static const char system_path[] = "/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/lib:/usr/lib";
#define N_SYSTEM_DIRS (sizeof system_dirs / sizeof system_dirs[0])

/* Extra names an object answers to (each DT_NEEDED string that found it). */
struct dr_alias {
  struct dr_object *o;
  const char *name;
  struct dr_alias *next;
};
static struct dr_alias *aliases;

static bool name_matches(struct dr_object *o, const char *name);

static void add_alias(struct dr_object *o, const char *name) {
  if (name_matches(o, name)) return; /* dlopen of a loaded name adds nothing */
  struct dr_alias *a = dr_alloc(sizeof *a);
  *a = (struct dr_alias){o, dr_strdup(name), aliases};
  aliases = a;
}

/* dlclose: O's names go with it (a later object may get its address). */
void dr_forget_names(struct dr_object *o) {
  for (struct dr_alias **a = &aliases; *a;) {
    struct dr_alias *x = *a;
    if (x->o != o) {
      a = &x->next;
      continue;
    }
    *a = x->next;
    dr_free((void *)x->name);
    dr_free(x);
  }
}

static bool name_matches(struct dr_object *o, const char *name) {
  if (o->soname && dr_strcmp(o->soname, name) == 0) return true;
  if (o->l_name && o->l_name[0] && dr_strcmp(o->l_name, name) == 0) return true;
  for (struct dr_alias *a = aliases; a; a = a->next)
    if (a->o == o && dr_strcmp(a->name, name) == 0) return true;
  return false;
}

/* Among the objects of the namespace being loaded into: the same file is
 * loaded once per namespace. */
struct dr_object *dr_find_loaded(struct dr_process *p, const char *name) {
  for (struct dr_object *o = p->ns[p->loading_ns].head; o; o = o->l_next)
    if (name_matches(o, name)) return o;
  if (name_matches(p->rtld, name)) return p->rtld;
  return 0;
}

/* Inside a search by name (LD_DEBUG=libs reports each file tried). */
static bool searching;
/* Loading dlopen's argument (LD_DEBUG=files: "dynamically loaded by"). */
static bool dlopening;
/* Where the object being searched for was found, for --explain. */
static const char *found_via;

/* The result of trying one path. */
enum try_result { TRY_ABSENT, TRY_SKIPPED, TRY_LOADED, TRY_FAILED };

/* Every file tried for the current name, with why it was not taken: the
 * "cannot open shared object file" error lists them (interp/error.c). */
#define MAX_TRIED 64
struct tried {
  char *path;
  const char *why;
};
static struct tried tried[MAX_TRIED] DR_BUFFER; /* with the path buffers: only searches touch it */
/* glibc reports a name only found for another ELF class as such (found_other_class). */
static bool found_other_class;
static uint32_t ntried;

/* A new search forgets the last one's list. */
static void forget_tried(void) {
  for (uint32_t i = 0; i < ntried; i++) dr_free(tried[i].path);
  ntried = 0;
}

static void note_tried(const char *path, const char *why) {
  if (ntried < MAX_TRIED) tried[ntried++] = (struct tried){dr_strdup(path), why};
}

void dr_print_tried(int fd, const char *name, const struct dr_object *requester) {
  dr_printf(fd, "  %s was needed by %s; tried, in order:\n", name,
            requester ? dr_object_name(requester) : "the program");
  for (uint32_t i = 0; i < ntried; i++) dr_printf(fd, "    %s: %s\n", tried[i].path, tried[i].why);
  if (!ntried) dr_printf(fd, "    (no directory to search)\n");
}

static const char *open_error(long err) {
  switch (-err) {
    case ENOENT: return "no such file";
    case ENOTDIR: return "a path component is not a directory";
    case EACCES: return "permission denied";
    case ELOOP: return "too many symbolic links";
    default: return "cannot be opened";
  }
}

/* A secure process's LD_PRELOAD names: a file found in a directory (not through
 * the cache, as in glibc) is used only if it is set-user-ID, so nobody preloads a
 * buggy library that merely sits in a trusted directory. */
static bool suid_only;

/* How try_path was reached: a file in a searched directory (not the cache, not a
 * path given); one in a hwcaps subdirectory, whose absence is not worth a line
 * in the "tried" list (there are 19 below each directory). */
#define IN_DIRECTORY 1
#define IN_SUBDIRECTORY 2

static enum try_result try_path(struct dr_process *p, const char *path, struct dr_object **out,
                                const char **why, int how) {
  bool in_directory = how & (IN_DIRECTORY | IN_SUBDIRECTORY);
  if ((dr_debug_mask & DR_DEBUG_LIBS) && searching) dr_dbg("  trying file=%s", path);
  long fd = dr_open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (!(how & IN_SUBDIRECTORY) || (fd != -ENOENT && fd != -ENOTDIR)) note_tried(path, open_error(fd));
    return fd == -ENOENT || fd == -ENOTDIR ? TRY_ABSENT : TRY_SKIPPED;
  }
  struct stat st;
  bool have_st = dr_fstat((int)fd, &st) == 0;
  if (suid_only && in_directory && (!have_st || !(st.st_mode & S_ISUID))) {
    dr_close((int)fd);
    note_tried(path, "not set-user-ID (secure-mode preload)");
    return TRY_ABSENT;
  }
  if (have_st) {
    for (struct dr_object *o = p->ns[p->loading_ns].head; o; o = o->l_next)
      if (o->file_id.ino == st.st_ino && o->file_id.dev == st.st_dev && (o->file_id.ino || o->file_id.dev)) {
        dr_close((int)fd);
        *out = o;
        return TRY_LOADED;
      }
  }
  const char *err = 0;
  uint64_t t = dr_trace_now();
  struct dr_object *o = dr_map_object(p, path, (int)fd, &err);
  if (o) dr_trace_event("map", "load", path, t, dr_trace_now(), o->phnum, 0);
  dr_close((int)fd);
  if (o) {
    *out = o;
    return TRY_LOADED;
  }
  /* A file for another machine or class is passed over silently, as in glibc. */
  if (dr_strcmp(err, DR_ELF_NOT_FOR_US) == 0 || dr_strcmp(err, "wrong ELF class: ELFCLASS32") == 0) {
    bool other_class = dr_strcmp(err, DR_ELF_NOT_FOR_US) != 0;
    found_other_class |= other_class;
    note_tried(path, other_class ? "wrong ELF class: 32-bit" : "not an x86-64 ELF object");
    return TRY_SKIPPED;
  }
  *why = err;
  return TRY_FAILED;
}

static struct dr_dst_values dst_values(struct dr_process *p, struct dr_object *o) {
  return (struct dr_dst_values){
      .origin = o ? o->origin : 0,
      .lib = "lib/x86_64-linux-gnu",
      .platform = p->platform,
      .secure = p->opt.secure,
      .is_executable = o && o->is_main,
      .trusted_dirs = system_dirs,
      .n_trusted_dirs = N_SYSTEM_DIRS,
  };
}

/* Tries NAME in DIR's hwcaps subdirectories, then in DIR (no trailing slash;
 * "" is the current directory), skipping those known to be absent. D is DIR's
 * entry in hwcaps.c's table, or -1. */
static enum try_result try_dir(struct dr_process *p, const char *dir, int d, const char *name,
                               struct dr_object **out, const char **why) {
  uint32_t n = dr_hwcaps_count(p);
  static char path[DR_PATH_MAX] DR_BUFFER; /* under the load lock: small thread stacks */
  /* "DIR/", then each subdirectory and NAME after it, copied (a search tries
   * every subdirectory of every directory: this is what formatting cost most). */
  size_t ldir = dr_strlen(dir), lname = dr_strlen(name), base = ldir + (*dir != 0);
  if (base >= sizeof path) return TRY_ABSENT;
  dr_memcpy(path, dir, ldir);
  path[ldir] = '/';
  for (uint32_t i = 0; i < n; i++) {
    if (dr_hwcaps_absent(d, i)) continue;
    size_t lsub = dr_hwcaps_subdir_len(i); /* with its own slash, or 0 for DIR itself */
    if (base + lsub + lname >= sizeof path) continue;
    dr_memcpy(path + base, dr_hwcaps_subdir(i), lsub);
    dr_memcpy(path + base + lsub, name, lname + 1);
    enum try_result r = try_path(p, path, out, why, i + 1 < n ? IN_SUBDIRECTORY : IN_DIRECTORY);
    if (r == TRY_LOADED || r == TRY_FAILED) return r;
    /* As glibc (fillin_rpath), a relative directory is never taken for absent:
     * the current directory may change before the next search. */
    if (*dir != '/') continue;
    if (d < 0) d = dr_hwcaps_dir(dir, true);
    dr_hwcaps_note(d, i, r == TRY_SKIPPED, path, lsub ? base + lsub - 1 : ldir);
  }
  return TRY_ABSENT;
}

/* Whether DIR came earlier in the same list: glibc keeps a directory once per
 * search list (fillin_rpath), in its tries and in LD_DEBUG=libs. *SEEN holds
 * the list's directories by their entry in hwcaps.c's table (which has 64);
 * one that does not fit the table is not deduplicated. */
static bool repeated(const char *dir, int *d, uint64_t *seen) {
  _Static_assert(DR_HWCAPS_MAX_DIRS <= 64, "one bit of SEEN a directory");
  *d = dr_hwcaps_dir(dir, true);
  if (*d < 0) return false;
  if ((*seen >> *d) & 1) return true;
  *seen |= 1ull << *d;
  return false;
}

/* The directories of LIST, DST-expanded, without trailing slashes; false at the end. */
static bool next_dir(struct dr_path_iter *it, struct dr_dst_values *v, char *dir, uint64_t size) {
  const char *elem;
  size_t len;
  while (dr_path_next(it, &elem, &len)) {
    long n = dr_expand_dst(dir, size, elem, len, v);
    if (n < 0) continue;
    while (n > 1 && dir[n - 1] == '/') dir[--n] = 0;
    return true;
  }
  return false;
}

/* LD_DEBUG=libs: " search path=" and every directory still worth trying, as
 * glibc prints them (print_search_path). */
static void print_search_path(struct dr_process *p, const char *list, const char *seps,
                              struct dr_dst_values *v, const char *source) {
  static char line[16384] DR_BUFFER, dir[DR_PATH_MAX] DR_BUFFER;
  uint64_t k = 0;
  line[0] = 0;
  struct dr_path_iter it;
  dr_path_iter_init(&it, list, seps);
  uint32_t n = dr_hwcaps_count(p);
  uint64_t seen = 0;
  int d;
  while (next_dir(&it, v, dir, sizeof dir)) {
    if (repeated(dir, &d, &seen)) continue;
    for (uint32_t i = 0; i < n && k < sizeof line; i++) {
      if (dr_hwcaps_absent(d, i)) continue;
      k += (uint64_t)dr_snprintf(line + k, sizeof line - k, "%s%s%s%s", k ? ":" : "", dir,
                                 i + 1 < n && *dir ? "/" : "", dr_hwcaps_subdir(i));
      if (k < sizeof line && i + 1 < n) line[--k] = 0; /* the subdirectory's own slash */
    }
  }
  const char *parts[] = {" search path=", line, "\t\t(", source, ")"};
  dr_dbg_parts(parts, 5);
}

/* Tries NAME in each directory of LIST. */
static enum try_result try_list(struct dr_process *p, const char *list, const char *seps,
                                struct dr_object *owner, const char *name,
                                struct dr_object **out, const char **why, const char *source) {
  struct dr_dst_values v = dst_values(p, owner);
  if (dr_debug_mask & DR_DEBUG_LIBS) print_search_path(p, list, seps, &v, source);
  found_via = source;
  struct dr_path_iter it;
  dr_path_iter_init(&it, list, seps);
  static char dir[DR_PATH_MAX] DR_BUFFER;
  uint64_t seen = 0;
  int d;
  while (next_dir(&it, &v, dir, sizeof dir)) {
    if (repeated(dir, &d, &seen)) continue;
    enum try_result r = try_dir(p, dir, d, name, out, why);
    if (r == TRY_LOADED || r == TRY_FAILED) return r;
  }
  return TRY_ABSENT;
}

static const struct dr_ldcache *ldcache(void) {
  static struct dr_ldcache cache;
  static int state; /* 0 unread, 1 usable, -1 absent or malformed */
  if (state == 0) {
    state = -1;
    long fd = dr_open("/etc/ld.so.cache", O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && dr_fstat((int)fd, &st) == 0 && st.st_size > 0) {
      void *m = dr_mmap(0, (uint64_t)st.st_size, PROT_READ, MAP_PRIVATE, (int)fd, 0);
      if (!dr_mmap_failed(m) && dr_ldcache_open(&cache, m, (uint64_t)st.st_size) == 0) state = 1;
    }
    if (fd >= 0) dr_close((int)fd);
  }
  return state == 1 ? &cache : 0;
}

static const char *dyn_string(struct dr_object *o, uint64_t off) {
  return off == UINT64_MAX ? 0 : dr_dyn_str(&o->dyn, off);
}

/* One list of directories a search by name walks before the cache. */
struct path_list {
  const char *dirs, *seps;
  struct dr_object *owner; /* whose $ORIGIN it expands, and whose tag it is */
  const char *kind;        /* "RPATH", "LD_LIBRARY_PATH" or "RUNPATH" */
};
typedef enum try_result (*path_list_fn)(struct dr_process *p, const struct path_list *l, void *arg);

/* glibc's order before the cache, for a name REQ asks for: the DT_RPATH of REQ,
 * of the object that loaded it, and so on up to the program (only if REQ has no
 * DT_RUNPATH), LD_LIBRARY_PATH, then REQ's DT_RUNPATH. FN sees each list; the
 * walk stops at the first answer other than TRY_ABSENT, and returns it. */
static enum try_result each_path_list(struct dr_process *p, struct dr_object *req, path_list_fn fn,
                                      void *arg) {
  enum try_result r;
  if (req && req->dyn.runpath == UINT64_MAX) {
    for (struct dr_object *o = req; o; o = o->loader ? o->loader : (o->is_main ? 0 : p->main)) {
      /* The program's DT_RPATH is ignored when it has a DT_RUNPATH (_dl_init_paths). */
      const char *rpath =
          o->is_main && o->dyn.runpath != UINT64_MAX ? 0 : dyn_string(o, o->dyn.rpath);
      struct path_list l = {rpath, ":", o, "RPATH"};
      if (rpath && (r = fn(p, &l, arg)) != TRY_ABSENT) return r;
      if (o->is_main) break;
    }
  }
  struct path_list env = {p->opt.library_path, ":;", p->main, "LD_LIBRARY_PATH"};
  if (env.dirs && (r = fn(p, &env, arg)) != TRY_ABSENT) return r;
  struct path_list run = {req ? dyn_string(req, req->dyn.runpath) : 0, ":", req, "RUNPATH"};
  if (run.dirs && (r = fn(p, &run, arg)) != TRY_ABSENT) return r;
  return TRY_ABSENT;
}

struct search_args {
  const char *name;
  struct dr_object **out;
  const char **why;
};

static enum try_result search_list(struct dr_process *p, const struct path_list *l, void *arg) {
  struct search_args *a = arg;
  /* found_via points into SRC only until the next list; copied when the object is listed. */
  static char src[512] DR_BUFFER;
  if (l->dirs == p->opt.library_path)
    return try_list(p, l->dirs, l->seps, l->owner, a->name, a->out, a->why, l->kind);
  dr_snprintf(src, sizeof src, "%s from file %s", l->kind, dr_object_name(l->owner));
  return try_list(p, l->dirs, l->seps, l->owner, a->name, a->out, a->why, src);
}

static enum try_result search(struct dr_process *p, const char *name, struct dr_object *req,
                              struct dr_object **out, const char **why) {
  struct search_args a = {name, out, why};
  enum try_result r = each_path_list(p, req, search_list, &a);
  if (r != TRY_ABSENT) return r;
  bool nodeflib = req && (req->dyn.flags_1 & DF_1_NODEFLIB);
  /* A secure-mode preload skips the cache too: only directories, set-user-ID files. */
  const struct dr_ldcache *c = (p->opt.inhibit_cache || nodeflib || suid_only) ? 0 : ldcache();
  if (c && (dr_debug_mask & DR_DEBUG_LIBS)) dr_dbg(" search cache=/etc/ld.so.cache");
  const char *cached = c ? dr_ldcache_lookup_cpu(c, name, dr_hwcaps_cache_cpu(p)) : 0;
  found_via = "/etc/ld.so.cache";
  if (c && !cached) note_tried("/etc/ld.so.cache", "no entry for this name");
  if (!c && !nodeflib)
    note_tried("/etc/ld.so.cache", p->opt.inhibit_cache ? "not used (--inhibit-cache)"
                                   : suid_only        ? "not used (secure-mode preload)"
                                                      : "absent or unreadable");
  if (cached && (r = try_path(p, cached, out, why, 0)) != TRY_ABSENT && r != TRY_SKIPPED) return r;
  if (nodeflib) return TRY_ABSENT;
  return try_list(p, system_path, ":", 0, name, out, why, "system search path");
}

struct dr_object *dr_load_needed(struct dr_process *p, const char *name,
                                 struct dr_object *req, const char **why) {
  const char *asked = name;
  struct dr_object *o = dr_find_loaded(p, name);
  /* Another namespace gets a stand-in for dryad: it is never loaded twice. */
  if (o == p->rtld && p->loading_ns) {
    if (p->ns[p->loading_ns].rtld_proxy) return p->ns[p->loading_ns].rtld_proxy;
    if ((dr_debug_mask & DR_DEBUG_FILES) && req)
      dr_dbg("\nfile=%s [%u];  needed by %s [%u]", name, p->loading_ns, dr_object_name(req), req->ns);
    /* glibc finds the file by name there (through the cache, on Debian) and
     * names the stand-in by that path. */
    const struct dr_ldcache *c = dr_strchr(name, '/') ? 0 : ldcache();
    return dr_rtld_proxy(p, c ? dr_ldcache_lookup_cpu(c, name, dr_hwcaps_cache_cpu(p)) : 0);
  }
  if (o) {
    /* dryad itself moves to where a DT_NEEDED first names it. */
    if (o->provisional) {
      dr_unlink_object(p, o);
      dr_append_object(p, o);
      o->provisional = false;
    } else if (!o->listed) {
      dr_append_object(p, o);
    }
    return o;
  }
  if ((dr_debug_mask & DR_DEBUG_FILES) && req)
    dr_dbg("\nfile=%s [%u];  %s %s [%u]", name, p->loading_ns,
           dlopening ? "dynamically loaded by" : "needed by", dr_object_name(req), req->ns);
  enum try_result r;
  static char expanded[DR_PATH_MAX] DR_BUFFER;
  forget_tried();
  found_other_class = false;
  /* glibc expands $ORIGIN and friends in every DT_NEEDED name, slash or not. */
  if (dr_dst_count(name, dr_strlen(name))) {
    if (p->opt.secure) return *why = "DST not allowed in SUID/SGID programs", (struct dr_object *)0;
    struct dr_dst_values v = dst_values(p, req);
    if (dr_expand_dst(expanded, sizeof expanded, name, dr_strlen(name), &v) <= 0)
      return *why = "empty dynamic string token substitution", (struct dr_object *)0;
    name = expanded;
  }
  if (dr_strchr(name, '/')) {
    found_via = "path given";
    r = try_path(p, name, &o, why, 0);
  } else {
    if (dr_debug_mask & DR_DEBUG_LIBS) dr_dbg("find library=%s [%u]; searching", name, p->loading_ns);
    searching = true;
    r = search(p, name, req, &o, why);
    searching = false;
    if (dr_debug_mask & DR_DEBUG_LIBS) dr_dbg("\n");
  }
  if (r == TRY_ABSENT || r == TRY_SKIPPED) {
    *why = found_other_class ? "wrong ELF class: ELFCLASS32"
                             : "cannot open shared object file: No such file or directory";
    return 0;
  }
  if (r == TRY_FAILED) return 0;
  if (o == p->rtld && p->loading_ns) return dr_rtld_proxy(p, 0);
  if (!o->listed) {
    o->loader = req;
    o->needed_name = dr_strdup(asked);
    o->found_via = dr_strdup(found_via ? found_via : "");
    o->origin = dr_origin_of(o->l_name);
    if (dr_debug_mask & DR_DEBUG_FILES) dr_debug_mapped(o, asked);
    dr_append_object(p, o);
  }
  add_alias(o, asked);
  return o;
}

/* dlopen's FILE for CALLER: as dr_load_needed, reported as loaded by CALLER. */
struct dr_object *dr_load_dlopened(struct dr_process *p, const char *file, struct dr_object *caller,
                                   const char **why) {
  dlopening = true;
  struct dr_object *o = dr_load_needed(p, file, caller, why);
  dlopening = false;
  return o;
}

/* $ORIGIN: the directory of PATH, made absolute as glibc's _dl_new_object does:
 * a relative PATH is appended to the current directory unchanged ("./x" gives
 * "CWD/.") and cut at its last slash. */
char *dr_origin_of(const char *path) {
  uint64_t len = dr_strlen(path);
  /* An absolute path (every object found by a search) is cut where it lies. */
  if (path[0] == '/') return len + 1 > DR_PATH_MAX ? 0 : dr_strndup(path, dr_dirname_len(path, len));
  static char buf[DR_PATH_MAX] DR_BUFFER;
  if (dr_syscall2(__NR_getcwd, buf, sizeof buf) < 0) return 0;
  uint64_t n = dr_strlen(buf);
  if (n + 1 < sizeof buf) buf[n++] = '/';
  if (n + len + 1 > sizeof buf) return 0;
  dr_memcpy(buf + n, path, len + 1);
  size_t dir = dr_dirname_len(buf, n + len);
  return dr_strndup(buf, dir);
}

/* The loaded object whose file PATH is (same device and inode), or NULL. */
struct dr_object *dr_find_by_file(struct dr_process *p, const char *path) {
  long fd = dr_open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  struct stat st;
  struct dr_object *found = 0;
  if (dr_fstat((int)fd, &st) == 0)
    for (struct dr_object *o = p->ns[p->loading_ns].head; o && !found; o = o->l_next)
      if (o->file_id.ino == st.st_ino && o->file_id.dev == st.st_dev && (o->file_id.ino || o->file_id.dev)) found = o;
  dr_close((int)fd);
  return found;
}

/* An LD_PRELOAD name (glibc's __RTLD_SECURE): in a secure process, set-user-ID
 * files only. */
struct dr_object *dr_load_preload(struct dr_process *p, const char *name, const char **why) {
  suid_only = p->opt.secure;
  struct dr_object *o = dr_load_needed(p, name, p->main, why);
  suid_only = false;
  return o;
}

struct serinfo_args {
  void (*each)(void *arg, const char *dir);
  void *arg;
};

/* One list's directories, each once; a DT_RPATH or DT_RUNPATH list no directory
 * of which a search found to exist is dropped. */
static enum try_result serinfo_list(struct dr_process *p, const struct path_list *l, void *arg) {
  struct serinfo_args *a = arg;
  struct dr_dst_values v = dst_values(p, l->owner);
  struct dr_path_iter it;
  static char dir[DR_PATH_MAX] DR_BUFFER, seen[16][DR_PATH_MAX] DR_BUFFER; /* callers hold the load lock */
  int nseen = 0;
  bool any = l->owner == 0 || l->dirs == p->opt.library_path;
  for (dr_path_iter_init(&it, l->dirs, l->seps); !any && next_dir(&it, &v, dir, sizeof dir);)
    any = !dr_hwcaps_all_absent(dr_hwcaps_dir(dir, false));
  if (!any) return TRY_ABSENT;
  for (dr_path_iter_init(&it, l->dirs, l->seps); next_dir(&it, &v, dir, sizeof dir);) {
    bool dup = false; /* a directory twice in one list is listed once, as glibc */
    for (int k = 0; k < nseen && !dup; k++) dup = dr_strcmp(seen[k], dir) == 0;
    if (dup) continue;
    if (nseen < 16) dr_memcpy(seen[nseen++], dir, dr_strlen(dir) + 1);
    a->each(a->arg, *dir ? dir : ".");
  }
  return TRY_ABSENT;
}

/* dlinfo(RTLD_DI_SERINFO): each directory a search by name from REQ would
 * look in, in order, once per list (glibc's _dl_rtld_di_serinfo): the DT_RPATH
 * chain, LD_LIBRARY_PATH, REQ's DT_RUNPATH, the system directories. The cache
 * and the hwcaps subdirectories are not directories of the path. As in glibc,
 * a DT_RPATH or DT_RUNPATH list a search found none of to exist is dropped,
 * and every flag is 0. */
void dr_search_path_each(struct dr_process *p, struct dr_object *req,
                         void (*each)(void *arg, const char *dir), void *arg) {
  struct serinfo_args a = {each, arg};
  each_path_list(p, req, serinfo_list, &a);
  struct path_list sys = {system_path, ":", 0, "system search path"};
  if (!(req->dyn.flags_1 & DF_1_NODEFLIB)) serinfo_list(p, &sys, &a);
}
