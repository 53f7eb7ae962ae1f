/* interp/deps.c: the initial objects, breadth-first (book: docs/04-finding-objects.md).
 *
 * The program comes first, then LD_PRELOAD/--preload objects, then the
 * DT_NEEDED closure level by level: the link list itself is the queue, so an
 * object's position is the order glibc would load it in, and the order symbol
 * lookup searches them.
 */
#include <fcntl.h>

#include "dryad.h"

/* LD_PRELOAD items are separated by spaces or colons. A preload that cannot be
 * loaded is reported and skipped, as glibc does. */
static void preload_list(struct dr_process *p, const char *list, const char *what,
                         bool paths_allowed) {
  const char *s = list;
  while (s && *s) {
    while (*s == ' ' || *s == ':') s++;
    const char *e = s;
    while (*e && *e != ' ' && *e != ':') e++;
    if (e == s) break;
    char *name = dr_strndup(s, (uint64_t)(e - s));
    s = e;
    /* Secure processes may preload only plain names (set-user-ID files, see
     * dr_load_preload), but for the paths of the trusted /etc/ld.so.preload. */
    if (p->opt.secure && !paths_allowed && dr_strchr(name, '/')) continue;
    const char *why = 0;
    if (!dr_load_preload(p, name, &why))
      dr_printf(2, "ERROR: ld.so: object '%s' from %s cannot be preloaded (%s): ignored.\n", name,
                what, why && dr_strncmp(why, "cannot open shared object file", 30) == 0
                          ? "cannot open shared object file" : why);
  }
}

/* /etc/ld.so.preload: system-wide preloads, after LD_PRELOAD, secure or not;
 * whitespace and colons separate them, as in glibc. */
static __attribute__((noinline)) void preload_from(struct dr_process *p, long fd);

static void preload_file(struct dr_process *p) {
  long fd = dr_open("/etc/ld.so.preload", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) preload_from(p, fd);
}

/* Apart: a frame of over a page is probed down its whole length
 * (-fstack-clash-protection), a fresh stack page for runs without the file. */
static void preload_from(struct dr_process *p, long fd) {
  char buf[4096];
  long n = dr_read((int)fd, buf, sizeof buf - 1);
  dr_close((int)fd);
  if (n <= 0) return;
  buf[n] = 0;
  for (long i = 0; i < n; i++)
    if (buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r') buf[i] = ' ';
  preload_list(p, buf, "/etc/ld.so.preload", true);
}

void dr_load_preloads(struct dr_process *p) {
  if (p->run_as_command && p->opt.preload && p->opt.preload != dr_getenv(p, "LD_PRELOAD")) {
    preload_list(p, dr_getenv(p, "LD_PRELOAD"), "LD_PRELOAD", false);
    preload_list(p, p->opt.preload, "--preload", false);
  } else {
    preload_list(p, p->opt.preload, "LD_PRELOAD", false);
  }
  preload_file(p);
}

/* LD_TRACE_LOADED_OBJECTS lists a library it cannot find and goes on, as glibc
 * does for ldd; the placeholder holds only its name and its place in the list. */
static struct dr_object *missing_object(struct dr_process *p, const char *name,
                                        struct dr_object *req) {
  struct dr_object *o = dr_find_loaded(p, name);
  if (o) return o;
  o = dr_zalloc(sizeof *o);
  o->loader = req;
  o->needed_name = dr_strdup(name);
  o->missing = true;
  o->l_name = (char *)o->needed_name;
  dr_append_object(p, o);
  return o;
}

static void add_edge(struct dr_object *o, struct dr_object *dep, uint32_t cap) {
  for (uint32_t i = 0; i < o->nneeded; i++)
    if (o->needed[i] == dep) return;
  if (o->nneeded < cap) o->needed[o->nneeded++] = dep;
}

/* Loads the DT_NEEDED closure of the objects from START to the end of the list. */
void dr_load_needed_from(struct dr_process *p, struct dr_object *start) {
  for (struct dr_object *o = start; o; o = o->next) {
    if (o->is_rtld) continue;
    size_t it = 0, count = 0;
    bool bad = false;
    while (dr_dyn_next_needed(&o->dyn, &it, &bad)) count++;
    o->needed = dr_alloc((count ? count : 1) * sizeof *o->needed);
    it = 0;
    const char *name;
    while ((name = dr_dyn_next_needed(&o->dyn, &it, &bad))) {
      if (bad) dr_fatal_load(dr_object_name(o), "invalid DT_NEEDED string");
      const char *why = 0;
      struct dr_object *dep = dr_load_needed(p, name, o, &why);
      if (!dep && p->opt.list_env) dep = missing_object(p, name, o);  /* ldd: "=> not found" */
      if (!dep) dr_fatal_missing(name, why, o);
      add_edge(o, dep, (uint32_t)count);
    }
  }
}

void dr_load_dependencies(struct dr_process *p) {
  dr_load_needed_from(p, p->head);
  /* dryad stays in the list, and joins the global scope, only if a DT_NEEDED
   * names it; otherwise it takes itself out, as glibc's ld.so does. */
  if (p->rtld->provisional) {
    dr_unlink_object(p, p->rtld);
    p->rtld->provisional = false;
  }
  p->rtld->in_global_scope = p->rtld->listed;
  dr_renumber_objects(p);
}
