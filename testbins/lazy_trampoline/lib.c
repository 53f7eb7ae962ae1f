/* libargs.so: functions that report exactly what arrived. Each is first called
 * through a lazy PLT slot, so the loader's resolver trampoline runs between
 * the caller and the callee and must preserve every argument register:
 * %rdi %rsi %rdx %rcx %r8 %r9, %xmm0-7 (and the full %ymm0-7), %rax (for a
 * variadic callee, %al is the number of vector registers used), and the stack
 * arguments. */
#include "args.h"

/* Integer checksums: each argument weighted by its position, so that a
 * swapped, lost or truncated argument changes the result. */
long ints_and_doubles(long a, long b, long c, long d, long e, long f, double d0, double d1,
                      double d2, double d3, double d4, double d5, double d6, double d7,
                      long g, double d8) {
    long ints = a * 1 + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7;
    double dbl = d0 * 1 + d1 * 2 + d2 * 3 + d3 * 4 + d4 * 5 + d5 * 6 + d6 * 7 + d7 * 8 + d8 * 9;
    tb_show("ints", ints);
    tb_show("doubles*1000", (long)(dbl * 1000));
    return ints;
}

long varargs_doubles(int n, ...) {
    __builtin_va_list ap;
    __builtin_va_start(ap, n);
    double sum = 0;
    for (int i = 0; i < n; i++) sum += __builtin_va_arg(ap, double) * (i + 1);
    __builtin_va_end(ap);
    tb_show("varargs doubles*1000", (long)(sum * 1000));
    return n;
}

long eight_m256(v8sf y0, v8sf y1, v8sf y2, v8sf y3, v8sf y4, v8sf y5, v8sf y6, v8sf y7) {
    v8sf all[8] = {y0, y1, y2, y3, y4, y5, y6, y7};
    long sum = 0;
    for (int r = 0; r < 8; r++)
        for (int k = 0; k < 8; k++) sum += (long)all[r][k] * (r * 8 + k + 1);
    tb_show("m256 lanes", sum);
    return sum;
}
