#include "testbin.h"

typedef float v8sf __attribute__((vector_size(32)));

long ints_and_doubles(long a, long b, long c, long d, long e, long f, double d0, double d1,
                      double d2, double d3, double d4, double d5, double d6, double d7,
                      long g, double d8);
long varargs_doubles(int n, ...);
long eight_m256(v8sf y0, v8sf y1, v8sf y2, v8sf y3, v8sf y4, v8sf y5, v8sf y6, v8sf y7);
