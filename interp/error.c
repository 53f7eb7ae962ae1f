/* interp/error.c: fatal errors, worded as glibc's ld.so words them.
 *
 * Scripts and people parse these lines ("error while loading shared
 * libraries", "symbol lookup error"), so the wording and the exit status 127
 * are glibc's. Book: docs/04-finding-objects.md.
 */
#include <stdarg.h>

#include "dryad.h"

const char *dr_object_name(const struct dr_object *o) {
  if (o->l_name && o->l_name[0]) return o->l_name;
  return dr_proc.progname ? dr_proc.progname : "<main program>";
}

void dr_fatal_load(const char *name, const char *why) {
  dr_printf(2, "%s: error while loading shared libraries: %s: %s\n", dr_proc.progname, name, why);
  dr_exit(127);
}

void dr_fatal_symbol(const struct dr_object *o, const char *name, const struct dr_version *v) {
  if (v && v->name)
    dr_printf(2, "%s: symbol lookup error: %s: undefined symbol: %s, version %s\n",
              dr_proc.progname, dr_object_name(o), name, v->name);
  else
    dr_printf(2, "%s: symbol lookup error: %s: undefined symbol: %s\n", dr_proc.progname,
              dr_object_name(o), name);
  dr_exit(127);
}

void dr_fatal(const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  dr_vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  dr_printf(2, "%s: %s\n", dr_proc.progname ? dr_proc.progname : "dryad.so.1", buf);
  dr_exit(127);
}
