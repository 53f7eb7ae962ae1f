/* libmal.so: the library the malformed-object test mutates (see main.c). It has
 * a bit of everything a loader reads: GNU and SysV hash tables, versioned
 * definitions (foo@MAL_1, foo@@MAL_2), RELATIVE and symbolic data relocations,
 * an exported and a hidden IFUNC, initial-exec TLS, a constructor, PLT calls. */
#include "testbin.h"

int lib_data = 42;                       /* copied into prog (R_X86_64_COPY) */
int lib_array[4] = {1, 2, 3, 4};
const char *lib_str = "lib_str ok";      /* R_X86_64_RELATIVE */
__attribute__((tls_model("initial-exec"))) __thread int lib_tls = 7;

static int counter;
__attribute__((constructor)) static void lib_init(void) { counter = 10; }

int lib_fn(int x) { return x + counter; }
int (*lib_fnptr)(int) = lib_fn;          /* R_X86_64_64 against lib_fn */
int lib_call(int x) { return lib_fnptr(x) * 2 + lib_fn(0); }

int foo_v1(void) { return 1; }
int foo_v2(void) { return 2; }
__asm__(".symver foo_v1, foo@MAL_1");
__asm__(".symver foo_v2, foo@@MAL_2");

static int ifunc_impl(void) { return 5; }
static void *ifunc_resolver(void) { return (void *)ifunc_impl; }
int lib_ifunc(void) __attribute__((ifunc("ifunc_resolver")));
__attribute__((visibility("hidden"))) int lib_hidden_ifunc(void) __attribute__((ifunc("ifunc_resolver")));
int (*volatile lib_hidden_ptr)(void) = lib_hidden_ifunc; /* R_X86_64_IRELATIVE */
int lib_use_hidden(void) { return lib_hidden_ptr() + 1; }

int lib_tls_get(void) { return lib_tls; }
