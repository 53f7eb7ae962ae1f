/* interp/glibc/exports.c: the GLIBC_PRIVATE and public symbols libc.so.6 imports
 * from ld-linux-x86-64.so.2, other than TLS (tls.c, thread.c) and tunables.
 * See dryad.map for their version nodes. Book: docs/12-glibc-contract.md.
 */
#include <sys/mman.h>

#include "glibc.h"

DR_EXPORT void *__libc_stack_end;
DR_EXPORT char **_dl_argv;
DR_EXPORT int __libc_enable_secure;

void dr_glibc_process_globals(struct dr_process *p) {
  __libc_stack_end = p->stack_end;
  _dl_argv = p->argv;
  __libc_enable_secure = p->opt.secure;
}

/* Profiling (LD_PROFILE) is not supported: the hooks do nothing. */
void _dl_mcount(uint64_t frompc, uint64_t selfpc) { (void)frompc, (void)selfpc; }

/* Only keeps the GLIBC_2.34 node non-empty, as in glibc. */
DR_EXPORT void __rtld_version_placeholder(void);
void __rtld_version_placeholder(void) {}

/* Auditing (LD_AUDIT) is not supported: no audit module is ever active. */
DR_EXPORT void _dl_audit_preinit(void *map);
void _dl_audit_preinit(void *map) { (void)map; }
DR_EXPORT void _dl_audit_symbind_alt(void *l, const Elf64_Sym *ref, void **value, void *result);
void _dl_audit_symbind_alt(void *l, const Elf64_Sym *ref, void **value, void *result) {
  (void)l, (void)ref, (void)value, (void)result;
}

DR_EXPORT const void *_dl_x86_get_cpu_features(void);
const void *_dl_x86_get_cpu_features(void) { return _rtld_global_ro + GLRO_DL_X86_CPU_FEATURES; }

/* libc's fatal_error path: print and end with status 127. */
DR_EXPORT void _dl_fatal_printf(const char *fmt, ...) __attribute__((noreturn));
void _dl_fatal_printf(const char *fmt, ...) {
  char buf[1024];
  __builtin_va_list ap;
  __builtin_va_start(ap, fmt);
  int n = dr_vsnprintf(buf, sizeof buf, fmt, ap);
  __builtin_va_end(ap);
  dr_write(2, buf, n < (int)sizeof buf ? (uint64_t)n : sizeof buf - 1);
  dr_exit(127);
}

/* The object containing ADDR (dladdr, __cxa_thread_atexit_impl), or NULL. The
 * unwinder asks without the load lock: the walk is a reader dlclose waits for. */
struct dr_object *_dl_find_dso_for_object(uint64_t addr) {
  bool raised = dr_reader_enter();
  struct dr_object *o = dr_proc.head;
  for (; o; o = o->next)
    if (addr >= LMF(o, LM_L_MAP_START, uint64_t) && addr < LMF(o, LM_L_MAP_END, uint64_t) &&
        dr_image_contains(&o->image, addr, 1))
      break;
  dr_reader_leave(raised);
  return o;
}

/* Thread stacks that must be executable (a PT_GNU_STACK with PF_X). */
int __nptl_change_stack_perm(uint8_t *pd) {
  uint64_t block = *(uint64_t *)(pd + PD_STACKBLOCK), size = *(uint64_t *)(pd + PD_STACKBLOCK_SIZE);
  uint64_t guard = *(uint64_t *)(pd + PD_GUARDSIZE);
  long r = dr_mprotect((void *)(block + guard), size - guard, PROT_READ | PROT_WRITE | PROT_EXEC);
  return r < 0 ? (int)-r : 0;
}
