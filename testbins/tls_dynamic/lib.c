/* libtlsgd.so: every dynamic TLS access model of a shared library.
 *   general-dynamic: R_X86_64_DTPMOD64 + R_X86_64_DTPOFF64 against a symbol,
 *     then __tls_get_addr (imported from ld-linux-x86-64.so.2@GLIBC_2.3);
 *   local-dynamic: R_X86_64_DTPMOD64 against no symbol, __tls_get_addr, then a
 *     link-time DTPOFF32 offset;
 *   TLSDESC: R_X86_64_TLSDESC, the loader's descriptor function called with
 *     the GOT pair in %rax (written in asm: clang 14 has no -mtls-dialect=gnu2);
 *   initial-exec: R_X86_64_TPOFF64, as the reference address.
 * Every model must give the same address for the same variable. */
#include "testbin.h"

#define GD __attribute__((tls_model("global-dynamic")))
#define LD __attribute__((tls_model("local-dynamic")))
#define IE __attribute__((tls_model("initial-exec")))

GD __thread int l_gd = 0x3333;
__attribute__((visibility("hidden"))) LD __thread long l_ld = 0x4444;
__attribute__((visibility("hidden"))) LD __thread long l_ld_bss;
extern GD __thread int e_exported; /* the executable's */

#define TLSDESC_ADDR(sym)                                                           \
    ({                                                                              \
        void *r_;                                                                   \
        __asm__("lea " #sym "@tlsdesc(%%rip), %%rax\n\t"                            \
                "call *" #sym "@tlscall(%%rax)\n\t"                                 \
                "add %%fs:0, %%rax"                                                 \
                : "=a"(r_)                                                          \
                :                                                                   \
                : "memory", "cc");                                                  \
        r_;                                                                         \
    })

#define IE_ADDR(sym)                                                                \
    ({                                                                              \
        char *r_;                                                                   \
        __asm__("mov " #sym "@gottpoff(%%rip), %0\n\t"                             \
                "add %%fs:0, %0"                                                    \
                : "=r"(r_));                                                        \
        (void *)r_;                                                                 \
    })

void lib_report(void) {
    tb_show("lib l_gd (general-dynamic)", l_gd);
    tb_show("lib l_ld (local-dynamic)", l_ld);
    tb_show("lib l_ld_bss (local-dynamic, .tbss)", l_ld_bss);
    tb_show("lib e_exported (general-dynamic, the executable's)", e_exported);
    tb_check("GD and IE agree on &l_gd", (void *)&l_gd == IE_ADDR(l_gd));
    tb_check("TLSDESC and IE agree on &l_gd", TLSDESC_ADDR(l_gd) == IE_ADDR(l_gd));
    tb_check("TLSDESC and GD agree on &e_exported", TLSDESC_ADDR(e_exported) == (void *)&e_exported);
    tb_show("lib l_ld via TLSDESC", *(long *)TLSDESC_ADDR(l_ld));
    l_ld_bss = 99;
    tb_show("lib l_ld_bss after write", *(long *)TLSDESC_ADDR(l_ld_bss));
}

int *l_gd_addr(void) { return &l_gd; }
