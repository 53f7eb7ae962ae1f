/* R_X86_64_RELATIVE in the executable (PIE) and in its library.
 *
 *   prog ──> librel.so
 */
#include "testbin.h"

void lib_report(void);

static long big[4] = {1000, 2000, 3000, 4000};
static const char msg[] = "relative string in executable";
static long *volatile p_big = &big[3];              /* addend 24 */
static const char *volatile p_msg = msg;
static const char *volatile names[] = {"alpha", "beta", msg + 9};

int main(void) {
    tb_show("exe big[3]", *p_big);
    tb_line(p_msg);
    for (int i = 0; i < 3; i++) tb_line(names[i]);
    lib_report();
    return 0;
}
