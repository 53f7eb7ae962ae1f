/* prog_canon: takes the address of libp's protected paddr_fn in non-PIC
 * code (canonical PLT entry). See main.c. */
#include "testbin.h"

int paddr_fn(void);
void *libp_addr_paddr_fn(void);
extern int (*libp_paddr_fn_ptr)(void);

/* The address in non-PIC code (R_X86_64_32): the linker makes prog's PLT
 * entry for paddr_fn its address for the whole process. (A pointer in data
 * would get a dynamic R_X86_64_64 instead.) */
__attribute__((noinline)) static void *prog_addr(void) { return (void *)paddr_fn; }

static void same(const char *what, void *a, void *b) {
    tb_puts(what);
    tb_line(a == b ? ": same" : ": different");
}

int main(void) {
    int (*prog_ptr)(void) = (int (*)(void))prog_addr();
    same("prog's &paddr_fn vs libp's code's &paddr_fn", (void *)prog_ptr, libp_addr_paddr_fn());
    same("prog's &paddr_fn vs libp's data pointer", (void *)prog_ptr, (void *)libp_paddr_fn_ptr);
    same("libp's code's &paddr_fn vs libp's data pointer", libp_addr_paddr_fn(), (void *)libp_paddr_fn_ptr);
    tb_show("prog: paddr_fn() through its PLT", paddr_fn());
    tb_show("prog: through &paddr_fn", prog_ptr());
    tb_show("prog: through libp's data pointer", libp_paddr_fn_ptr());
    return 0;
}
