/* libb.so: an exported IFUNC, b_ifn (STT_GNU_IFUNC, GLOBAL). */
#include "ifunc.h"

static int b_ifn_impl(int x) { return x + 2000; }

static void *b_ifn_resolver(void) {
    resolver_says("b_ifn (libb, exported)");
    return (void *)b_ifn_impl;
}
int b_ifn(int) __attribute__((ifunc("b_ifn_resolver")));

__attribute__((constructor)) static void b_init(void) { tb_line("libb initialiser"); }
