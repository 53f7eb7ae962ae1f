/* IFUNC resolvers: which ones run, in which order, and that each sees its own
 * object relocated. glibc relocates the objects in reverse load order (libb,
 * liba, prog); within an object, IRELATIVE relocations and symbol references to
 * IFUNC symbols call the resolver as they are applied; a JUMP_SLOT left lazy
 * calls the resolver at the first call instead. Both orders (lazy, and
 * LD_BIND_NOW=1) are checked.
 *
 *   prog ──> liba.so ──> libb.so
 *     └─────────────────────^
 *
 * prog: e_local, a local IFUNC (IRELATIVE); a pointer to libb's b_ifn in data
 * (R_X86_64_64 against an IFUNC symbol: resolved at relocation even when lazy);
 * a PLT call to a_exported (JUMP_SLOT, lazy by default).
 */
#include "ifunc.h"

int a_exported(int);
int a_use(int);
int b_ifn(int);

static int e_local_impl(int x) { return x + 50; }
static void *e_local_resolver(void) {
    resolver_says("e_local (prog, local)");
    return (void *)e_local_impl;
}
static int e_local(int) __attribute__((ifunc("e_local_resolver")));
int (*volatile e_local_ptr)(int) = e_local;
int (*volatile e_b_ptr)(int) = b_ifn;

int main(void) {
    tb_line("main");
    tb_show("e_local(1)", e_local_ptr(1));
    tb_show("b_ifn(1) via data pointer", e_b_ptr(1));
    tb_line("calling a_exported");
    tb_show("a_exported(1)", a_exported(1));
    tb_line("calling a_use");
    tb_show("a_use(1)", a_use(1));
    return 0;
}
