/* liba.so: a hidden IFUNC used internally (R_X86_64_IRELATIVE), an exported
 * IFUNC called from prog (JUMP_SLOT against an STT_GNU_IFUNC symbol), and a
 * call to libb's exported IFUNC. */
#include "ifunc.h"

int b_ifn(int);

static int a_local_impl(int x) { return x + 300; }
static void *a_local_resolver(void) {
    resolver_says("a_local (liba, hidden)");
    return (void *)a_local_impl;
}
__attribute__((visibility("hidden"))) int a_local(int) __attribute__((ifunc("a_local_resolver")));

static int a_exported_impl(int x) { return x + 400; }
static void *a_exported_resolver(void) {
    resolver_says("a_exported (liba, exported)");
    return (void *)a_exported_impl;
}
int a_exported(int) __attribute__((ifunc("a_exported_resolver")));

/* Through a pointer in data, so that the compiler cannot call a_local_impl
 * directly: the pointer needs the IRELATIVE value. */
int (*volatile a_local_ptr)(int) = a_local;

int a_use(int x) { return a_local_ptr(x) + b_ifn(0); }

__attribute__((constructor)) static void a_init(void) { tb_line("liba initialiser"); }
