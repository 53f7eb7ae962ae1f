/* float: libm only (no libstdc++): libm's IFUNC'd functions (FMA/AVX2 variants
 * chosen from the CPU features ld.so hands libc) and printf of doubles. */
#include <fenv.h>
#include <math.h>
#include <stdio.h>

int main(void) {
  double xs[] = {0.0, 0.5, 1.0, 2.0, 3.14159265358979, 10.0, 100.5};
  for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
    double x = xs[i];
    printf("x=%-8g sin=%.15g cos=%.15g exp=%.15g log1p=%.15g sqrt=%.15g\n", x, sin(x), cos(x),
           exp(x), log1p(x), sqrt(x));
    printf("          pow=%.15g atan2=%.15g tanh=%.15g erf=%.15g lgamma=%.15g\n", pow(x, 1.5),
           atan2(x, 1.0), tanh(x), erf(x), lgamma(x + 1.0));
  }
  printf("fma=%.17g cbrt=%.17g hypot=%.17g\n", fma(0.1, 10.0, -1.0), cbrt(27.0), hypot(3.0, 4.0));
  printf("floor=%g ceil=%g rint=%g nearbyint=%g round=%g trunc=%g\n", floor(-2.5), ceil(-2.5),
         rint(2.5), nearbyint(3.5), round(-2.5), trunc(-2.7));
  fesetround(FE_UPWARD);
  printf("upward: rint(2.1)=%g\n", rint(2.1));
  fesetround(FE_TONEAREST);
  printf("sinf=%.7g expf=%.7g powf=%.7g logf=%.7g\n", sinf(1.0f), expf(1.0f), powf(2.0f, 0.5f),
         logf(10.0f));
  return 0;
}
