/* liba.so: symbolic relocations against libb.so's symbols.
 *   R_X86_64_64 with addends: data pointers into libb's objects and a
 *     function pointer, in writable data;
 *   R_X86_64_GLOB_DAT: code reading b_value through the GOT;
 *   R_X86_64_JUMP_SLOT: calls to b_func and b_other through the PLT. */
#include "testbin.h"

extern int b_array[8];
extern long b_value;
extern const char b_string[];
int b_func(int);
int b_other(int);

int *a_p3 = &b_array[3];                /* R_X86_64_64 b_array + 12 */
int *a_p7 = b_array + 7;                /* R_X86_64_64 b_array + 28 */
const char *a_s = b_string + 7;         /* R_X86_64_64 b_string + 7 */
int (*a_fp)(int) = b_other;             /* R_X86_64_64 b_other */

void a_report(void) {
    tb_show("a: b_array[3]", *a_p3);
    tb_show("a: b_array[7]", *a_p7);
    tb_line(a_s);
    tb_show("a: b_other(5) via pointer", a_fp(5));
    tb_show("a: b_value via GOT", b_value);
    tb_show("a: b_func(1) via PLT", b_func(1));
    tb_check("a: pointer equals GOT address", a_p3 == &b_array[3]);
}
