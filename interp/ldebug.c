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
  if (out && *out) {
    char path[4096];
    dr_snprintf(path, sizeof path, "%s.%d", out, (int)dr_syscall0(__NR_getpid));
    long fd = dr_syscall4(__NR_openat, -100 /* AT_FDCWD */, path,
                          O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0) debug_fd = (int)fd;
  }
}

/* One or more lines, each with glibc's "  PID:\t" prefix. */
static void emit(const char *msg) {
  int pid = (int)dr_syscall0(__NR_getpid);
  for (const char *s = msg;;) {
    const char *nl = dr_strchr(s, '\n');
    uint64_t n = nl ? (uint64_t)(nl - s) : dr_strlen(s);
    if (!nl && n == 0 && s != msg) break; /* dr_dbg("") is an empty line, as in glibc */
    char line[1100];
    int k = dr_snprintf(line, sizeof line, "%5d:\t", pid);
    if (n > sizeof line - (uint64_t)k - 2) n = sizeof line - (uint64_t)k - 2;
    dr_memcpy(line + k, s, n);
    line[k + n] = '\n';
    dr_write(debug_fd, line, (uint64_t)k + n + 1);
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

/* GLRO(dl_debug_printf): what libc prints through the dynamic linker. */
void dr_dbg_printf_for_libc(const char *fmt, ...) {
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
         "     relocation worker threads (dryad): %u",
         total, rel, rpct / 10, rpct % 10, p->stats.symbolic + p->stats.relative,
         p->stats.cached, p->stats.relative, load, lpct / 10, lpct % 10, p->stats.threads);
}
