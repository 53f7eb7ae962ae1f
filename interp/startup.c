/* interp/startup.c: what the kernel hands over, and how dryad was invoked.
 *
 * Two ways in (book: docs/03-entry.md): as the PT_INTERP of a program, the
 * kernel has mapped the program and tells us where through the auxiliary
 * vector; as a command (`dryad.so.1 [OPTIONS] PROG ARGS`), AT_ENTRY is our own
 * entry point and we map the program ourselves, then hide our own arguments by
 * moving the program's argv, envp and auxv down over them, as glibc 2.36 does.
 */
#include <fcntl.h>
#include <link.h>

#include <asm/unistd.h>

#include "arch/x86_64/syscall.h"
#include "dryad.h"

extern const Elf64_Ehdr __ehdr_start DR_HIDDEN;
extern Elf64_Dyn _DYNAMIC[] DR_HIDDEN;
void _dryad_start(void) DR_HIDDEN;

#define DRYAD_VERSION "0.1"

void dr_read_initial_stack(struct dr_process *p, uint64_t *sp) {
  p->initial_sp = sp;
  p->argc = (long)sp[0];
  p->argv = (char **)(sp + 1);
  p->envp = p->argv + p->argc + 1;
  char **e = p->envp;
  while (*e) e++;
  p->auxv = (Elf64_auxv_t *)(e + 1);
  for (Elf64_auxv_t *a = p->auxv; a->a_type != AT_NULL; a++)
    if (a->a_type < 64) p->at[a->a_type] = a->a_un.a_val;
  p->run_as_command = p->at[AT_ENTRY] == (uint64_t)&_dryad_start;
  p->progname = p->argc > 0 ? p->argv[0] : "";
  p->opt.secure = p->at[AT_SECURE] != 0;
  p->platform = dr_cpu_platform(p->at[AT_PLATFORM] ? (const char *)p->at[AT_PLATFORM] : "x86_64");
}

static const char *find(char *const *env, const char *name, size_t len) {
  for (uint32_t i = 0; env[i]; i++)
    if (env[i][0] == name[0] && dr_strncmp(env[i], name, len) == 0 && env[i][len] == '=')
      return env[i] + len + 1;
  return 0;
}

/* Startup reads some twenty variables: the environment is scanned once, for the
 * entries with our prefixes (index_environment), with the length of each name,
 * and lookups compare only names of their length. Once the program runs it may
 * change its environment, and lookups go back to envp. */
const char *dr_getenv_n(const struct dr_process *p, const char *name, size_t len, bool ours) {
  if (!p->env_indexed || !ours) return find(p->envp, name, len);
  for (uint32_t i = 0; i < p->nenv_ours; i++)
    if (p->env_ours_len[i] == len && dr_env_starts(p->env_ours[i], name, len))
      return p->env_ours[i] + len + 1;
  return 0;
}

static void index_environment(struct dr_process *p) {
  p->nenv_ours = 0;
  p->env_indexed = false;
  for (char **e = p->envp; *e; e++) {
    if (!dr_env_ours(*e)) continue;
    if (p->nenv_ours == sizeof p->env_ours / sizeof p->env_ours[0]) return; /* many: no index */
    size_t n = 0;
    while ((*e)[n] && (*e)[n] != '=' && n < 255) n++;
    if ((*e)[n] != '=') n = 255;  /* no value, or a name longer than any of ours */
    p->env_ours_len[p->nenv_ours] = (uint8_t)n;
    p->env_ours[p->nenv_ours++] = *e;
  }
  p->env_indexed = true;
}

/* What glibc removes from a secure (setuid) process's environment
 * (UNSECURE_ENVVARS), so the program and its children do not inherit it. */
static const char *const unsecure[] = {
    "GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "HOSTALIASES", "LD_AUDIT", "LD_DEBUG",
    "LD_DEBUG_OUTPUT", "LD_DYNAMIC_WEAK", "LD_HWCAP_MASK", "LD_LIBRARY_PATH", "LD_ORIGIN_PATH",
    "LD_PRELOAD", "LD_PROFILE", "LD_SHOW_AUXV", "LD_USE_LOAD_BIAS", "LOCALDOMAIN", "LOCPATH",
    "MALLOC_TRACE", "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS", "TMPDIR", "TZDIR",
    "MALLOC_CHECK_", "MALLOC_TOP_PAD_", "MALLOC_PERTURB_", "MALLOC_MMAP_THRESHOLD_",
    "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_MAX_", "MALLOC_ARENA_MAX", "MALLOC_ARENA_TEST",
};

static bool is_unsecure(const char *entry) {
  for (size_t i = 0; i < sizeof unsecure / sizeof unsecure[0]; i++) {
    size_t n = dr_strlen(unsecure[i]);
    if (dr_strncmp(entry, unsecure[i], n) == 0 && entry[n] == '=') return true;
  }
  return false;
}

/* Removes them in place; the auxiliary vector stays where it is (libc finds it
 * through GLRO(dl_auxv), not by walking past the environment). */
static void remove_unsecure(struct dr_process *p) {
  char **out = p->envp;
  for (char **e = p->envp; *e; e++)
    if (!is_unsecure(*e)) *out++ = *e;
  *out = 0;
}

void dr_read_environment(struct dr_process *p) {
  struct dr_options *o = &p->opt;
  const char *v;
  index_environment(p);
  /* In secure mode (setuid) the search path comes from trusted places only. */
  if (!o->secure) o->library_path = dr_getenv(p, "LD_LIBRARY_PATH");
  o->preload = dr_getenv(p, "LD_PRELOAD");
  if ((v = dr_getenv(p, "LD_BIND_NOW")) && *v) o->bind_now = true;
  if ((v = dr_getenv(p, "LD_BIND_NOT")) && *v) o->bind_not = true;
  if ((v = dr_getenv(p, "LD_TRACE_LOADED_OBJECTS")) && *v) o->list = o->list_env = true;
  if ((v = dr_getenv(p, "LD_WARN")) && *v) o->warn = true;
  if ((v = dr_getenv(p, "DRYAD_THREADS")))
    for (o->threads = 0; *v >= '0' && *v <= '9' && o->threads < 1000; v++) o->threads = o->threads * 10 + (uint32_t)(*v - '0');
  if ((v = dr_getenv(p, "DRYAD_THREADS_CHUNK")))
    for (o->thread_chunk = 0; *v >= '0' && *v <= '9' && o->thread_chunk < 1000000; v++)
      o->thread_chunk = o->thread_chunk * 10 + (uint64_t)(*v - '0');
  /* Kept for the preload step (restricted there), then gone from the environment. */
  if (o->secure && o->preload) o->preload = dr_strdup(o->preload);
  if (o->secure) remove_unsecure(p), index_environment(p);
}

static void usage(int fd, const char *self) {
  dr_printf(fd,
            "Usage: %s [OPTION]... EXECUTABLE-FILE [ARGS-FOR-PROGRAM...]\n"
            "You have invoked 'dryad.so.1', the program interpreter for dynamically-linked\n"
            "ELF programs (a drop-in replacement for ld-linux-x86-64.so.2).  Usually the\n"
            "program interpreter is invoked automatically when a dynamically-linked\n"
            "executable is started.\n\n"
            "You may invoke the program interpreter program directly from the command\n"
            "line to load and run an ELF executable file; this is like executing that\n"
            "file itself, but always uses the program interpreter you invoked,\n"
            "instead of the program interpreter specified in the executable file you\n"
            "run.  Invoking the program interpreter directly provides access to\n"
            "additional diagnostics, and changing the dynamic linker behavior without\n"
            "setting environment variables (which would be inherited by subprocesses).\n\n"
            "  --list                list all dependencies and how they are resolved\n"
            "  --verify              verify that given object really is a dynamically linked\n"
            "                        object we can handle\n"
            "  --inhibit-cache       Do not use " "/etc/ld.so.cache\n"
            "  --library-path PATH   use given PATH instead of content of the environment\n"
            "                        variable LD_LIBRARY_PATH\n"
            "  --preload LIST        preload objects named in LIST\n"
            "  --inhibit-rpath LIST  accepted as glibc's ld.so accepts it; ignored\n"
            "  --argv0 STRING        set argv[0] to STRING before running\n"
            "  --explain             resolve everything without running the program and\n"
            "                        print, as JSON, each object, each binding and problems\n"
            "  --help                display this help and exit\n"
            "  --version             output version information and exit\n\n"
            "Environment variables: LD_LIBRARY_PATH, LD_PRELOAD, LD_BIND_NOW, LD_BIND_NOT,\n"
            "LD_TRACE_LOADED_OBJECTS, LD_WARN (with it: undefined symbols, as ldd -d/-r),\n"
            "LD_DEBUG (LD_DEBUG=help lists its categories),\n"
            "LD_DEBUG_OUTPUT, GLIBC_TUNABLES and the tunables' aliases (MALLOC_CHECK_...);\n"
            "dryad's own: DRYAD_THREADS (relocation threads), DRYAD_THREADS_CHUNK (relocations\n"
            "per thread's work item, for tests), DRYAD_SYMINDEX (on or off: startup's symbol\n"
            "index, by default built where it pays),\n"
            "DRYAD_TRACE (a startup timeline), DRYAD_VERBOSE_ERRORS,\n"
            "DRYAD_BINDCACHE (the binding cache's directory, or off; by default\n"
            "$XDG_CACHE_HOME/dryad, else $HOME/.cache/dryad).\n",
            self);
}

/* Returns the stack pointer the program starts with. */
uint64_t *dr_parse_command_line(struct dr_process *p) {
  if (!p->run_as_command) return p->initial_sp;
  const char *self = p->argv[0];
  p->self_path = self;
  long i = 1;
  while (i < p->argc && p->argv[i][0] == '-' && p->argv[i][1] == '-') {
    const char *a = p->argv[i];
    bool has_arg = i + 1 < p->argc;
    if (dr_strcmp(a, "--list") == 0) p->opt.list = p->opt.list_lazy = true, i++;
    else if (dr_strcmp(a, "--verify") == 0) p->opt.verify = true, i++;
    else if (dr_strcmp(a, "--explain") == 0) p->opt.explain = p->opt.list_env = true, i++;
    else if (dr_strcmp(a, "--inhibit-cache") == 0) p->opt.inhibit_cache = true, i++;
    else if (dr_strcmp(a, "--library-path") == 0 && has_arg) p->opt.library_path = p->argv[i + 1], i += 2;
    else if (dr_strcmp(a, "--preload") == 0 && has_arg) p->opt.preload = p->argv[i + 1], i += 2;
    else if (dr_strcmp(a, "--argv0") == 0 && has_arg) p->opt.argv0 = p->argv[i + 1], i += 2;
    else if (dr_strcmp(a, "--inhibit-rpath") == 0 && has_arg) i += 2;  /* accepted, as glibc's */
    else if (dr_strcmp(a, "--help") == 0) usage(1, self), dr_exit(0);
    else if (dr_strcmp(a, "--version") == 0) {
      dr_printf(1, "dryad.so.1 (dryad) %s\nan x86-64 ELF dynamic linker, compatible with "
                   "ld.so (GNU libc) 2.36\n", DRYAD_VERSION);
      dr_exit(0);
    } else if (dr_strcmp(a, "--") == 0) {
      i++;
      break;
    } else {
      dr_printf(2, "%s: unrecognized option '%s'\nTry '%s --help' for more information.\n", self, a, self);
      dr_exit(1);
    }
  }
  if (i >= p->argc) {
    dr_printf(2, "%s: missing program name\n", self);
    usage(2, self);
    dr_exit(1);
  }
  /* Drop dryad's own arguments. As glibc 2.36 does (_dl_start_args_adjust),
   * argc, argv, envp and auxv move down over them, so the program starts at
   * the kernel's stack pointer, 16-byte aligned as the psABI requires. */
  uint64_t *dst = p->initial_sp;
  char **from = p->argv + i;
  long argc = p->argc - i;
  *dst++ = (uint64_t)argc;
  char **argv = (char **)dst;
  for (long k = 0; k <= argc; k++) *dst++ = (uint64_t)from[k];
  char **envp = (char **)dst;
  for (char **e = p->envp;; e++) {
    *dst++ = (uint64_t)*e;
    if (!*e) break;
  }
  Elf64_auxv_t *auxv = (Elf64_auxv_t *)dst;
  for (Elf64_auxv_t *a = p->auxv;; a++) {
    /* Read the pair first: with an odd shift its second word lands on this type. */
    uint64_t type = a->a_type, val = a->a_un.a_val;
    *dst++ = type;
    *dst++ = val;
    if (type == AT_NULL) break;
  }
  p->argc = argc;
  p->argv = argv;
  p->envp = envp;
  p->auxv = auxv;
  p->progname = p->argv[0];
  if (p->opt.argv0) p->argv[0] = (char *)p->opt.argv0;
  return p->initial_sp;
}

void dr_setup_rtld_object(struct dr_process *p) {
  struct dr_object *o = dr_zalloc(sizeof *o);
  const Elf64_Ehdr *e = &__ehdr_start;
  o->l_addr = (uint64_t)e;
  o->l_ld = _DYNAMIC;
  o->phdr = (const Elf64_Phdr *)((const char *)e + e->e_phoff);
  o->phnum = e->e_phnum;
  o->image = (struct dr_image){o->l_addr, o->phdr, o->phnum, false, 0, 0};
  o->is_rtld = true;
  o->relocated = true;
  o->l_name = "/lib64/ld-linux-x86-64.so.2";
  /* dr_object_finish reads the dynamic section, as every object's. */
  const char *why = 0;
  if (!dr_object_finish(o, &why)) dr_fatal("%s", why);
  p->rtld = o;
}

/* The program's directory, for $ORIGIN: where the kernel found it, as glibc
 * asks /proc/self/exe, read into BUF of SIZE bytes. A short buffer first: a
 * name that may not have fit is read again into a long one, out of line, since
 * a frame of over a page is probed down its whole length
 * (-fstack-clash-protection), a stack page more. */
#define LONG_EXE_NAME 4096
static char *exe_origin(struct dr_process *p, char *buf, long size);

static __attribute__((noinline)) char *long_origin(struct dr_process *p) {
  char buf[LONG_EXE_NAME];
  return exe_origin(p, buf, sizeof buf);
}

static char *exe_origin(struct dr_process *p, char *buf, long size) {
  long n = dr_syscall3(__NR_readlink, "/proc/self/exe", buf, size - 1);
  if (n <= 0) return dr_origin_of(p->progname);
  if (n == size - 1 && size < LONG_EXE_NAME) return long_origin(p);
  buf[n] = 0;
  return dr_origin_of(buf);
}

static char *main_origin(struct dr_process *p) {
  char buf[512];
  return exe_origin(p, buf, sizeof buf);
}

void dr_setup_main_object(struct dr_process *p) {
  struct dr_object *o;
  if (p->run_as_command) {
    const char *why = 0;
    o = dr_load_needed(p, p->progname, 0, &why);
    /* --verify, as glibc: 0 for a program that names a program interpreter,
     * 2 for another object dryad can load, 1 for one it cannot. */
    if (p->opt.verify) {
      bool interp = false;
      for (uint16_t i = 0; o && i < o->phnum; i++) interp |= o->phdr[i].p_type == PT_INTERP;
      dr_exit(!o ? 1 : interp ? 0 : 2);
    }
    if (!o) dr_fatal_load(p->progname, why);
    /* Tell the program where it is, as the kernel would have. */
    for (Elf64_auxv_t *a = p->auxv; a->a_type != AT_NULL; a++) {
      if (a->a_type == AT_PHDR) a->a_un.a_val = (uint64_t)o->phdr;
      if (a->a_type == AT_PHNUM) a->a_un.a_val = o->phnum;
      if (a->a_type == AT_ENTRY) a->a_un.a_val = o->entry;
      if (a->a_type == AT_EXECFN) a->a_un.a_val = (uint64_t)p->progname;
    }
  } else {
    const char *why = 0;
    o = dr_kernel_mapped_program(p, &why);
    if (!o || !dr_object_finish(o, &why)) dr_fatal_load(p->progname, why);
    o->origin = main_origin(p);
    dr_append_object(p, o);
  }
  o->is_main = true;
  o->l_name = "";
  /* dryad's own name is the program's PT_INTERP, as glibc names itself, even
   * when run as a command; a program without one gets the path dryad was run by. */
  p->rtld->l_name = 0;
  for (uint16_t i = 0; i < o->phnum; i++) {
    const Elf64_Phdr *ph = &o->phdr[i];
    const char *s = ph->p_type == PT_INTERP && ph->p_filesz
                        ? dr_image_ptr(&o->image, ph->p_vaddr, ph->p_filesz, false) : 0;
    if (s && s[ph->p_filesz - 1] == 0) p->rtld->l_name = (char *)s;
  }
  if (!p->rtld->l_name) p->rtld->l_name = (char *)(p->run_as_command ? p->self_path : "/lib64/ld-linux-x86-64.so.2");
  o->symobj.is_executable = true;
  p->main = o;
  /* As glibc: dryad is linked after the program from the start (debuggers see
   * both at the first r_debug event), then moved to where a DT_NEEDED names it,
   * or taken out if none does (dr_load_dependencies). */
  dr_append_object(p, p->rtld);
  p->rtld->provisional = true;
}

/* The vDSO: the kernel maps a small shared object into every process
 * (AT_SYSINFO_EHDR) with fast clock_gettime and friends. glibc lists it after
 * the program as "linux-vdso.so.1", outside the global scope, and libc finds
 * its functions through GLRO(dl_sysinfo_map). It is already relocated. */
void dr_setup_vdso(struct dr_process *p) {
  const Elf64_Ehdr *e = (const Elf64_Ehdr *)p->at[AT_SYSINFO_EHDR];
  if (!e || dr_memcmp(e->e_ident, ELFMAG, SELFMAG) != 0 || e->e_phentsize != sizeof(Elf64_Phdr))
    return;
  struct dr_object *o = dr_zalloc(sizeof *o);
  o->phdr = (const Elf64_Phdr *)((const char *)e + e->e_phoff);
  o->phnum = e->e_phnum;
  for (uint16_t i = 0; i < o->phnum; i++)
    if (o->phdr[i].p_type == PT_LOAD) {
      o->l_addr = (uint64_t)e - o->phdr[i].p_vaddr;
      break;
    }
  o->image = (struct dr_image){o->l_addr, o->phdr, o->phnum, false, 0, 0};
  const char *why = 0;
  if (!dr_object_finish(o, &why)) return; /* a vDSO we cannot read is simply not used */
  o->is_vdso = true;
  o->relocated = true;
  o->l_name = (char *)(o->soname ? o->soname : "linux-vdso.so.1");
  dr_append_object(p, o);
  p->vdso = o;
}
