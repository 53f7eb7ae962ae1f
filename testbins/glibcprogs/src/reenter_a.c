/* reenter_a.so for dlreenter (glibc's constload2): its constructor opens
 * reenter_b.so, its destructor closes it; a_run calls b, which calls back. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

extern int b_value(void);
static void *h;

int a_base(void) { return 20; }
int a_run(void) { return 22 + b_value(); }

__attribute__((constructor)) static void init(void) {
  h = dlopen("reenter_b.so", RTLD_GLOBAL | RTLD_LAZY);
  if (!h) {
    printf("a: dlopen reenter_b.so: %s\n", dlerror());
    exit(1);
  }
  puts("a: constructor opened reenter_b.so");
}

__attribute__((destructor)) static void fini(void) {
  int r = dlclose(h);
  printf("a: destructor: dlclose(b) = %d\n", r);
}
