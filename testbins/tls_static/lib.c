/* libtlsie.so: initial-exec TLS (R_X86_64_TPOFF64 in the GOT, DF_STATIC_TLS),
 * an initialised variable, a zeroed one, and a 64-byte aligned one. */
#include "testbin.h"

#define IE __attribute__((tls_model("initial-exec")))

IE __thread int l_tdata = 0x2222;
IE __thread long l_tbss;
IE __thread char l_aligned[64] __attribute__((aligned(64))) = {5, 6, 7};

int *l_tdata_addr(void) { return &l_tdata; }

void lib_report(void) {
    tb_show("lib l_tdata", l_tdata);
    tb_show("lib l_tbss", l_tbss);
    tb_show("lib l_aligned[2]", l_aligned[2]);
    tb_check("lib l_aligned is 64-byte aligned", ((unsigned long)l_aligned & 63) == 0);
    l_tbss = 77;
}

long lib_tbss(void) { return l_tbss; }
