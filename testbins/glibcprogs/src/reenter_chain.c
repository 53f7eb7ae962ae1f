/* reenter_mN.so (N = REENTER_N, 1..3) for dlreenter: m1_run opens and closes
 * m2; m2's constructor opens m3, m3's opens m1; each destructor closes what its
 * constructor opened. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#if REENTER_N == 1
int m1_run(int i) {
  void *h = dlopen("reenter_m2.so", RTLD_LAZY);
  if (!h) {
    printf("m1: dlopen reenter_m2.so: %s\n", dlerror());
    exit(1);
  }
  printf("m1: dlclose(m2) = %d\n", dlclose(h));
  return i + 8;
}
__attribute__((destructor)) static void fini(void) { puts("m1: destructor"); }
#else
#define NEXT (REENTER_N == 2 ? "reenter_m3.so" : "reenter_m1.so")
static void *h;
__attribute__((constructor)) static void init(void) {
  h = dlopen(NEXT, RTLD_LAZY);
  if (!h) {
    printf("m%d: dlopen %s: %s\n", REENTER_N, NEXT, dlerror());
    exit(1);
  }
  printf("m%d: constructor opened %s\n", REENTER_N, NEXT);
}
__attribute__((destructor)) static void fini(void) {
  printf("m%d: destructor closes %s\n", REENTER_N, NEXT);
  int r = dlclose(h);
  printf("m%d: destructor: dlclose = %d\n", REENTER_N, r);
}
#endif
