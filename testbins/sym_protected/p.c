/* libp.so: protected definitions, and its own references to them.
 * Built twice: libp.so, as run, with pfunc, pdata and paddr_fn STV_PROTECTED;
 * stub/libp.so (same soname, -DSTUB), link-time only, with them STV_DEFAULT:
 * neither linker links a non-PIE program against the protected ones (see
 * main.c). */
#include "testbin.h"

#ifdef STUB
#define PROT
#else
#define PROT __attribute__((visibility("protected")))
#endif
/* Keep the calls: a protected function may be inlined into its own object. */
#ifdef __clang__
#define NOIPA __attribute__((noinline))
#else
#define NOIPA __attribute__((noipa))
#endif

PROT NOIPA const char *pfunc(void) { return "libp's pfunc"; }
PROT int pdata = 7;
PROT NOIPA int paddr_fn(void) { return 42; }

/* Code: bound by the linker, no dynamic relocation (the symbols are not
 * preemptible). */
const char *libp_calls_pfunc(void) { return pfunc(); }
int libp_reads_pdata(void) { return pdata; }
void libp_bump_pdata(void) { pdata++; }
void *libp_addr_paddr_fn(void) { return (void *)paddr_fn; }

/* Data: GNU ld writes R_X86_64_64 against the protected function (so that the
 * loader can make it equal to a program's canonical PLT address), lld a
 * R_X86_64_RELATIVE to the function itself. */
const char *(*libp_pfunc_ptr)(void) = pfunc;
int (*libp_paddr_fn_ptr)(void) = paddr_fn;
