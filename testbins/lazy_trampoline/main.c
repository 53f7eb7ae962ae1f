/* Lazy binding: arguments must arrive intact through the resolver trampoline
 * on the first (binding) call, and on the second (direct) call.
 *
 *   prog ──> libargs.so      (both built with -mavx; prog is lazily bound)
 *
 * 7 integer + 9 double arguments (one of each on the stack), a variadic call
 * (%al = 8), and 8 __m256 (%ymm0-7, whose upper halves a trampoline that saves
 * only %xmm would lose).
 */
#include "args.h"

static int have_avx(void) {
    unsigned a, b, c, d;
    __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    if (!(c & (1u << 27)) || !(c & (1u << 28))) return 0; /* OSXSAVE, AVX */
    __asm__("xgetbv" : "=a"(a), "=d"(d) : "c"(0));
    return (a & 6) == 6;
}

int main(void) {
    if (!have_avx()) {
        tb_line("this machine has no AVX: the scenario cannot run");
        return 77;
    }
    for (int round = 0; round < 2; round++) {
        tb_line(round == 0 ? "first calls (through the trampoline)" : "second calls");
        ints_and_doubles(1, -2, 3000000000L, -4000000000L, 5, 6, 0.5, 1.25, 2.125, 3.0625,
                         -4.5, 5.75, 6.875, 7.9375, 8, 9.5);
        varargs_doubles(8, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5);
        v8sf y[8];
        for (int r = 0; r < 8; r++)
            for (int k = 0; k < 8; k++) y[r][k] = (float)(r * 100 + k * 7 - 30);
        eight_m256(y[0], y[1], y[2], y[3], y[4], y[5], y[6], y[7]);
    }
    return 0;
}
