/* dlopen the same library twice, then dlclose it twice: one load, one
   unload, at the last reference (docs/examples/dlopen-refcount.sh). */
#include <dlfcn.h>
#include <stdio.h>
int main(void) {
  setvbuf(stdout, 0, _IONBF, 0); /* interleave with LD_DEBUG on stderr */
  void *a = dlopen("./libfn.so", RTLD_NOW), *b = dlopen("libfn.so", RTLD_NOW | RTLD_NOLOAD);
  printf("same handle: %s\n", a == b ? "yes" : "no");
  int (*f)(void) = (int (*)(void))dlsym(a, "lib_function");
  printf("lib_function() = %d\n", f());
  dlclose(a);
  printf("after one dlclose: %s\n", dlopen("libfn.so", RTLD_NOW | RTLD_NOLOAD) ? "still loaded" : "gone");
  dlclose(b), dlclose(b);
  printf("after the last dlclose: %s\n", dlopen("libfn.so", RTLD_NOW | RTLD_NOLOAD) ? "still loaded" : "gone");
  return 0;
}
