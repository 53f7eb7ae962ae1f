/* Static TLS of the initial objects: local-exec in the executable, initial-exec
 * from the executable into a library and inside the library (R_X86_64_TPOFF64),
 * .tdata initial values, zeroed .tbss, 64-byte alignment, and the TCB
 * self-pointer at %fs:0 (the psABI's "thread pointer points to itself").
 *
 *   prog ──> libtlsie.so
 */
#include "testbin.h"

__thread int e_tdata = 0x1111;
__thread long e_tbss[4];
__thread char e_aligned[64] __attribute__((aligned(64))) = {1, 2, 3};

extern __thread int l_tdata __attribute__((tls_model("initial-exec")));
int *l_tdata_addr(void);
void lib_report(void);
long lib_tbss(void);

int main(void) {
    void *tp, *self;
    __asm__("mov %%fs:0, %0" : "=r"(tp));
    self = *(void **)tp;
    tb_check("%fs:0 holds the thread pointer itself", self == tp);
    tb_check("exe TLS block lies below the thread pointer", (char *)&e_tdata < (char *)tp);

    tb_show("exe e_tdata", e_tdata);
    tb_show("exe e_tbss[3]", e_tbss[3]);
    tb_show("exe e_aligned[1]", e_aligned[1]);
    tb_check("exe e_aligned is 64-byte aligned", ((unsigned long)e_aligned & 63) == 0);

    tb_show("exe sees l_tdata", l_tdata);
    tb_check("exe and lib agree on &l_tdata", &l_tdata == l_tdata_addr());
    l_tdata = 5;
    lib_report();
    tb_show("lib l_tbss after write", lib_tbss());
    e_tdata += 1;
    tb_show("exe e_tdata after write", e_tdata);
    return 0;
}
