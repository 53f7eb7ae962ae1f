/* interp/ldebug.c: LD_DEBUG, glibc's diagnostics (book: docs/15-diagnostics.md).
 *
 * LD_DEBUG=libs,bindings,... prints what the dynamic linker does, each line
 * prefixed with the process id as glibc prints it ("%5d:\t"), on standard error
 * or in LD_DEBUG_OUTPUT.PID. libc prints some lines itself ("initialize
 * program", "transferring control") through GLRO(dl_debug_printf) when the
 * mask's "implicit calls" bit is set; it gets dryad's printer.
 */
#include <asm/unistd.h>
#include <fcntl.h>

#include "arch/x86_64/syscall.h"
#include "dryad.h"

uint32_t dr_debug_mask;
static int debug_fd = 2;

static const struct {
  const char *name;
  uint32_t mask;
  const char *help;
} categories[] = {
    {"libs", DR_DEBUG_LIBS | DR_DEBUG_IMPCALLS, "display library search paths"},
    {"reloc", DR_DEBUG_RELOC | DR_DEBUG_IMPCALLS, "display relocation processing"},
    {"files", DR_DEBUG_FILES | DR_DEBUG_IMPCALLS, "display progress for input file"},
    {"symbols", DR_DEBUG_SYMBOLS | DR_DEBUG_IMPCALLS, "display symbol table processing"},
    {"bindings", DR_DEBUG_BINDINGS | DR_DEBUG_IMPCALLS, "display information about symbol binding"},
    {"versions", DR_DEBUG_VERSIONS | DR_DEBUG_IMPCALLS, "display version dependencies"},
    {"scopes", DR_DEBUG_SCOPES, "display scope information"},
    {"all", DR_DEBUG_LIBS | DR_DEBUG_RELOC | DR_DEBUG_FILES | DR_DEBUG_SYMBOLS | DR_DEBUG_BINDINGS |
                DR_DEBUG_VERSIONS | DR_DEBUG_IMPCALLS | DR_DEBUG_SCOPES,
     "all previous options combined"},
    {"statistics", DR_DEBUG_STATISTICS, "display relocation statistics"},
    {"unused", DR_DEBUG_UNUSED, "determined unused DSOs"},
    {"help", DR_DEBUG_HELP, "display this help message and exit"},
};
#define NCATEGORIES (sizeof categories / sizeof categories[0])

static void help(void) {
  dr_printf(1, "Valid options for the LD_DEBUG environment variable are:\n\n");
  static const char pad[] = "          ";
  for (size_t i = 0; i < NCATEGORIES; i++)
    dr_printf(1, "  %s%s  %s\n", categories[i].name, &pad[dr_strlen(categories[i].name)],
              categories[i].help);
  dr_printf(1, "\nTo direct the debugging output into a file instead of standard output\n"
               "a filename can be specified using the LD_DEBUG_OUTPUT environment variable.\n");
  dr_exit(0);
}

/* Out of line: a frame of over a page is probed down its whole length
 * (-fstack-clash-protection), a fresh stack page for every run. */
static __attribute__((noinline)) void open_output(const char *out) {
  char path[4096];
  dr_snprintf(path, sizeof path, "%s.%d", out, (int)dr_syscall0(__NR_getpid));
  long fd = dr_syscall4(__NR_openat, -100 /* AT_FDCWD */, path,
                        O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd >= 0) debug_fd = (int)fd;
}

void dr_debug_setup(struct dr_process *p) {
  const char *v = p->opt.secure ? 0 : dr_getenv(p, "LD_DEBUG");
  while (v && *v) {
    while (*v == ',' || *v == ' ' || *v == ':') v++;
    const char *e = v;
    while (*e && *e != ',' && *e != ' ' && *e != ':') e++;
    for (size_t i = 0; i < NCATEGORIES && e > v; i++)
      if (dr_strlen(categories[i].name) == (size_t)(e - v) &&
          dr_strncmp(categories[i].name, v, (size_t)(e - v)) == 0)
        dr_debug_mask |= categories[i].mask;
    v = e;
  }
  if (dr_debug_mask & DR_DEBUG_HELP) help();
  const char *out = dr_debug_mask ? dr_getenv(p, "LD_DEBUG_OUTPUT") : 0;
  if (out && *out) open_output(out);
}

/* One or more lines, each with glibc's "  PID:\t" prefix; "\n" alone is one empty line. */
static void emit(const char *msg) {
  int pid = (int)dr_syscall0(__NR_getpid);
  for (const char *s = msg;;) {
    const char *nl = dr_strchr(s, '\n');
    uint64_t n = nl ? (uint64_t)(nl - s) : dr_strlen(s);
    if (!nl && n == 0 && s != msg) break; /* dr_dbg("") is an empty line, as in glibc */
    char line[1100];
    int k = dr_snprintf(line, sizeof line, "%5d:\t", pid);
    if (n <= sizeof line - (uint64_t)k - 1) {
      dr_memcpy(line + k, s, n);
      line[k + n] = '\n';
      dr_write(debug_fd, line, (uint64_t)k + n + 1);
    } else { /* a long scope list: the prefix, then the line itself */
      dr_write(debug_fd, line, (uint64_t)k);
      dr_write(debug_fd, s, n);
      dr_write(debug_fd, "\n", 1);
    }
    if (!nl) break;
    s = nl + 1;
  }
}

/* One line of any length, written at once from PARTS (glibc's search paths can
 * run to kilobytes). */
void dr_dbg_parts(const char *const parts[], int n) {
  char prefix[16];
  struct iov { const void *base; uint64_t len; } iov[8];
  int k = 0;
  int len = dr_snprintf(prefix, sizeof prefix, "%5d:\t", (int)dr_syscall0(__NR_getpid));
  iov[k++] = (struct iov){prefix, (uint64_t)len};
  for (int i = 0; i < n && k < 7; i++) iov[k++] = (struct iov){parts[i], dr_strlen(parts[i])};
  iov[k++] = (struct iov){"\n", 1};
  dr_syscall3(__NR_writev, debug_fd, (long)iov, k);
}

void dr_dbg(const char *fmt, ...) {
  char buf[1024];
  __builtin_va_list ap;
  __builtin_va_start(ap, fmt);
  dr_vsnprintf(buf, sizeof buf, fmt, ap);
  __builtin_va_end(ap);
  emit(buf);
}

static uint64_t cycles(void) { return dr_rdtsc(); }

void dr_debug_statistics(struct dr_process *p) {
  if (!(dr_debug_mask & DR_DEBUG_STATISTICS)) return;
  uint64_t total = cycles() - p->stats.t_start, rel = p->stats.t_reloc, load = p->stats.t_load;
  uint64_t rpct = total ? rel * 1000 / total : 0, lpct = total ? load * 1000 / total : 0;
  dr_dbg("\nruntime linker statistics:\n"
         "  total startup time in dynamic loader: %lu cycles\n"
         "            time needed for relocation: %lu cycles (%lu.%lu%%)\n"
         "                 number of relocations: %lu\n"
         "      number of relocations from cache: %lu\n"
         "        number of relative relocations: %lu\n"
         "           time needed to load objects: %lu cycles (%lu.%lu%%)\n"
         "     relocation worker threads (dryad): %u\n"
         "    symbols in startup's index (dryad): %lu\n"
         "                  binding cache (dryad): %s, %lu lookups replayed",
         total, rel, rpct / 10, rpct % 10, p->stats.symbolic + p->stats.relative,
         p->stats.cached, p->stats.relative, load, lpct / 10, lpct % 10, p->stats.threads,
         p->stats.indexed, p->stats.bindcache, p->stats.replayed);
}

/* LD_DEBUG=files: a new object mapped under NAME (glibc's "generating link map"),
 * with glibc's field widths; size is the span from the first PT_LOAD's page. */
void dr_debug_mapped(const struct dr_object *o, const char *name) {
  uint64_t lo = 0, hi = 0;
  bool first = true;
  for (uint16_t i = 0; i < o->phnum; i++) {
    const Elf64_Phdr *ph = &o->phdr[i];
    if (ph->p_type != PT_LOAD) continue;
    if (first) lo = dr_align_down(ph->p_vaddr, DR_PAGE), first = false;
    hi = ph->p_vaddr + ph->p_memsz;
  }
  dr_dbg("file=%s [%u];  generating link map\n"
         "  dynamic: 0x%016lx  base: 0x%016lx   size: 0x%016lx\n"
         "    entry: 0x%016lx  phdr: 0x%016lx  phnum:   %16u\n\n",
         name, dr_proc.loading_ns, (uint64_t)o->l_ld, o->l_addr, hi > lo ? hi - lo : 0, o->entry,
         (uint64_t)o->phdr, (unsigned)o->phnum);
}

/* LD_DEBUG=symbols: the objects a lookup of Q consulted in SCOPE, up to the one at
 * index LAST (all of them when nothing was found), skipping those the search
 * skips, as glibc's do_lookup_x prints them. */
void dr_debug_lookup(const struct dr_symobj *const *scope, size_t n, const struct dr_lookup *q,
                     size_t last) {
  for (size_t k = 0; k < n && k <= last; k++) {
    if (scope[k]->skip || ((q->type_class & DR_CLASS_COPY) && scope[k]->is_executable)) continue;
    const struct dr_object *x = dr_debug_real(object_of(scope[k]));
    dr_dbg("symbol=%s;  lookup in file=%s [%u]", q->name, dr_object_name(x), x->ns);
  }
}

/* One scope as glibc's _dl_show_scope prints it: " scope N: A B C". */
static void show_list(uint32_t index, const struct dr_symobj *const *list, uint32_t n) {
  uint64_t len = 16;
  for (uint32_t i = 0; i < n; i++) len += dr_strlen(dr_object_name(object_of(list[i]))) + 1;
  char *line = dr_alloc(len), *e = line;
  e += dr_snprintf(e, len, " scope %u:", index);
  for (uint32_t i = 0; i < n; i++) {
    const char *name = dr_object_name(object_of(list[i]));
    *e++ = ' ';
    dr_memcpy(e, name, dr_strlen(name));
    e += dr_strlen(name);
  }
  *e = 0;
  emit(line);
}

/* LD_DEBUG=scopes: the scopes O's lookups search, in glibc's l_scope order: an
 * object linked -Bsymbolic itself first; the global scope; a dlopened object's
 * own closure (before the global scope with RTLD_DEEPBIND); the vDSO itself.
 * The dynamic linker's own map has none. */
void dr_debug_scope(struct dr_process *p, const struct dr_object *o) {
  dr_dbg("object=%s [%u]", dr_object_name(o), o->ns);
  if (o->is_rtld && !o->is_proxy) { /* a namespace's stand-in has the namespace's scope */
    dr_dbg(" no scope\n\n");
    return;
  }
  const struct dr_symobj *self[1] = {&o->symobj};
  uint32_t k = 0;
  if (o->dyn.symbolic && !o->is_main && !o->is_vdso && !o->is_proxy) show_list(k++, self, 1);
  if (o->deepbind && o->local_scope) show_list(k++, o->local_scope, o->nlocal);
  show_list(k++, p->ns[o->ns].global_scope, p->ns[o->ns].nglobal);
  if (!o->deepbind && o->local_scope && !dr_local_is_global(p, o)) show_list(k++, o->local_scope, o->nlocal);
  if (o->is_vdso) show_list(k++, self, 1);
  dr_dbg("\n");
}

void dr_debug_initial_scopes(struct dr_process *p) {
  if (!(dr_debug_mask & DR_DEBUG_SCOPES)) return;
  dr_dbg("\nInitial object scopes");
  for (struct dr_object *o = p->head; o; o = o->next) dr_debug_scope(p, o);
}

/* LD_DEBUG=unused with --list or LD_TRACE_LOADED_OBJECTS (ldd -u): the program's
 * relocations are resolved, not applied, and each DT_NEEDED dependency no
 * binding went to is reported on standard output; the status is 1 if there is
 * one. As in glibc, --list leaves the PLT lazy (its JUMP_SLOTs are not looked
 * up), LD_TRACE_LOADED_OBJECTS does not, undefined symbols are not errors, and
 * no IFUNC resolver runs. */
void dr_debug_unused(struct dr_process *p) {
  struct dr_object *m = p->main;
  dr_build_global_scope(p);
  bool lazy = p->opt.list_lazy && !m->dyn.bind_now;
  if (dr_debug_mask & DR_DEBUG_RELOC)
    dr_dbg("\nrelocation processing: %s%s", dr_object_name(m), lazy ? " (lazy)" : "");
  bool *used = dr_zalloc(p->nobjects + 1);
  dr_resolve_only(p, m, lazy, used);
  bool any = false;
  for (uint32_t i = 0; i < m->nneeded; i++) {
    struct dr_object *d = m->needed[i];
    if (d->index <= p->nobjects && used[d->index]) continue;
    if (!any) dr_printf(1, "Unused direct dependencies:\n");
    any = true;
    dr_printf(1, "\t%s\n", dr_object_name(d));
  }
  dr_exit(any);
}
