/* dlreenter: dlopen and dlclose called from the code of objects being loaded
 * and unloaded (glibc's unload6 and constload1).
 *
 * 1. reenter_m1.so's m1_run dlopens reenter_m2.so and closes it again; m2's
 *    constructor dlopens reenter_m3.so, whose constructor dlopens m1 once more.
 *    Closing m2 runs m2's destructor, which closes m3, whose destructor closes
 *    m1: dlclose re-entered from a finaliser while dlclose is running. m2 and
 *    m3 must go (after their destructors have returned), m1 must stay.
 * 2. reenter_a.so's constructor dlopens reenter_b.so (RTLD_GLOBAL) and its
 *    destructor closes it; a and b bind to each other, so dlclose of a leaves
 *    both loaded. At exit, a's destructor closes b: nothing may be unloaded
 *    while the exit finalisers run. */
#include <dlfcn.h>
#include <stdio.h>

static int loaded(const char *name) {
  void *h = dlopen(name, RTLD_LAZY | RTLD_NOLOAD);
  if (h) dlclose(h);
  return h != NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  void *h = dlopen("reenter_m1.so", RTLD_LAZY);
  int (*run)(int) = h ? (int (*)(int))dlsym(h, "m1_run") : NULL;
  if (!run) {
    printf("reenter_m1.so: %s\n", dlerror());
    return 1;
  }
  printf("m1_run(16) = %d\n", run(16));
  printf("loaded after m1_run: m1 %d, m2 %d, m3 %d\n", loaded("reenter_m1.so"), loaded("reenter_m2.so"),
         loaded("reenter_m3.so"));
  printf("dlclose(m1) = %d\n", dlclose(h));
  printf("m1 loaded after its dlclose: %d\n", loaded("reenter_m1.so"));

  void *a = dlopen("reenter_a.so", RTLD_LAZY | RTLD_GLOBAL);
  int (*a_run)(void) = a ? (int (*)(void))dlsym(a, "a_run") : NULL;
  if (!a_run) {
    printf("reenter_a.so: %s\n", dlerror());
    return 1;
  }
  printf("a_run() = %d\n", a_run());
  printf("dlclose(a) = %d\n", dlclose(a));
  printf("loaded after dlclose(a): a %d, b %d\n", loaded("reenter_a.so"), loaded("reenter_b.so"));
  puts("exit");
  return 0;
}
