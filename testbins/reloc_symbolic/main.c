/* Symbolic relocations across objects: R_X86_64_64 with addends, GLOB_DAT,
 * JUMP_SLOT, in a shared library and in a PIE executable.
 *
 *   prog ──> liba.so ──> libb.so
 *     └─────────────────────^
 */
#include "testbin.h"

extern int b_array[8];
extern const char b_string[];
int b_func(int);
int b_other(int);
void a_report(void);

/* In the PIE: R_X86_64_64 against libb's symbols (the code below never reads
 * b_array directly, so the linker has no reason to make a copy relocation). */
int *e_p5 = &b_array[5];
const char *e_s = b_string + 17;
int (*e_fp)(int) = b_func;
void (*e_rep)(void) = a_report;

int main(void) {
    e_rep();
    tb_show("exe: b_array[5]", *e_p5);
    tb_line(e_s);
    tb_show("exe: b_func(2) via pointer", e_fp(2));
    tb_show("exe: b_other(7) via PLT", b_other(7));
    tb_check("exe: function pointer equals library's address", (void *)e_fp == (void *)b_func);
    return 0;
}
