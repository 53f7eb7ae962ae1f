/* dlopen_main.c: the dlopen role of the malformed-object test. A program linked
 * with glibc (dlopen lives in libc.so.6 and calls into the dynamic linker) that
 * opens a damaged libmal.so, then the good one:
 *
 *   dlopen_prog VARIANT GOOD
 *
 * prints "variant: lib_fn=N" or "variant: dlopen failed" (dlerror on stderr),
 * then the same for GOOD. A failed dlopen must leave nothing behind: the good
 * library must load and work after it. Exit status 0, or 3 if GOOD failed. */
#include <dlfcn.h>
#include <stdio.h>

static int try(const char *what, const char *path) {
  void *h = dlopen(path, RTLD_NOW);
  if (!h) {
    printf("%s: dlopen failed\n", what);
    fflush(stdout);
    fprintf(stderr, "%s: %s\n", what, dlerror());
    return 0;
  }
  int (*fn)(int) = (int (*)(int))dlsym(h, "lib_fn");
  printf("%s: lib_fn=%d\n", what, fn ? fn(1) : -1);
  fflush(stdout);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 3) return 2;
  try("variant", argv[1]);
  return try("good", argv[2]) ? 0 : 3;
}
