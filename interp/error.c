/* interp/error.c: fatal errors, worded as glibc's ld.so words them.
 *
 * Scripts and people parse these lines ("error while loading shared
 * libraries", "symbol lookup error"), so the wording and the exit status 127
 * are glibc's. Book: docs/04-finding-objects.md.
 */
#include <stdarg.h>

#include "arch/x86_64/syscall.h"
#include "dryad.h"

/* The innermost catcher is per thread: dlopen and dlsym run in any thread. It
 * lives in the thread control block, in tcbhead_t's __glibc_unused2 words,
 * which glibc keeps for layout and never uses. Before the thread pointer is set
 * up, nothing can be caught. */
#define CATCH_SLOT 128

static struct dr_catch **catch_slot(void) {
  uint8_t *tp = dr_proc.tls_ready ? dr_thread_pointer() : 0;
  return tp ? (struct dr_catch **)(tp + CATCH_SLOT) : 0;
}

struct dr_catch *dr_catch_current(void) {
  struct dr_catch **s = catch_slot();
  return s ? *s : 0;
}

void dr_catch_set(struct dr_catch *c) {
  struct dr_catch **s = catch_slot();
  if (s) *s = c;
}

/* Inside dlopen or dlsym, an error unwinds to the catcher instead of ending the process. */
static void raise_if_caught(const char *objname, const char *message) {
  struct dr_catch *c = dr_catch_current();
  if (!c) return;
  c->objname = dr_strdup(objname ? objname : "");
  c->message = dr_strdup(message);
  dr_catch_set(c->outer);
  dr_longjmp(c->jb, 1);
}

/* An error caught in C goes on to the next catcher out, with the same copies
 * (whoever catches last frees them), or ends the process as dr_fatal_load does. */
void dr_rethrow(struct dr_catch *c) {
  struct dr_catch *outer = dr_catch_current();
  if (!outer) {
    dr_printf(2, "%s: error while loading shared libraries: %s: %s\n", dr_proc.progname, c->objname,
              c->message);
    dr_exit(127);
  }
  outer->objname = c->objname;
  outer->message = c->message;
  dr_catch_set(outer->outer);
  dr_longjmp(outer->jb, 1);
}

const char *dr_object_name(const struct dr_object *o) {
  if (o->l_name && o->l_name[0]) return o->l_name;
  return dr_proc.progname ? dr_proc.progname : "<main program>";
}

void dr_fatal_load(const char *name, const char *why) {
  raise_if_caught(name, why);
  dr_printf(2, "%s: error while loading shared libraries: %s: %s\n", dr_proc.progname, name, why);
  dr_exit(127);
}

/* A DT_NEEDED that could not be loaded: glibc's line, then (beyond glibc) where
 * dryad looked and why each candidate was passed over. The extra lines go to a
 * terminal, or anywhere with DRYAD_VERBOSE_ERRORS=1, so scripts that parse
 * glibc's single line keep working. */
void dr_fatal_missing(const char *name, const char *why, const struct dr_object *requester) {
  raise_if_caught(name, why);
  dr_printf(2, "%s: error while loading shared libraries: %s: %s\n", dr_proc.progname, name, why);
  const char *v = dr_getenv(&dr_proc, "DRYAD_VERBOSE_ERRORS");
  struct { uint32_t iflag, oflag, cflag, lflag; uint8_t line, cc[19]; } tio;
  bool tty = dr_ioctl(2, 0x5401 /* TCGETS */, &tio) == 0;
  if ((v && *v == '1') || (tty && !(v && *v == '0'))) dr_print_tried(2, name, requester);
  dr_exit(127);
}

/* ldd -d/-r: glibc's print_unresolved, on standard error. */
void dr_warn_symbol(const struct dr_object *o, const char *name, const struct dr_version *v) {
  dr_printf(2, "undefined symbol: %s%s%s\t(%s)\n", name, v && v->name ? ", version " : "",
            v && v->name ? v->name : "", dr_object_name(o));
}

void dr_fatal_symbol(const struct dr_object *o, const char *name, const struct dr_version *v) {
  if (dr_catch_current()) {
    char msg[512];
    if (v && v->name) dr_snprintf(msg, sizeof msg, "undefined symbol: %s, version %s", name, v->name);
    else dr_snprintf(msg, sizeof msg, "undefined symbol: %s", name);
    raise_if_caught(dr_object_name(o), msg);
  }
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
  raise_if_caught("", buf);
  dr_printf(2, "%s: %s\n", dr_proc.progname ? dr_proc.progname : "dryad.so.1", buf);
  dr_exit(127);
}
