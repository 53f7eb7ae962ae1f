/* dlcycle: dlopen and dlclose the same plugin (TLS, constructor, destructor,
 * lazily bound calls) 1500 times in one thread, and check that the process
 * does not grow: /proc/self/maps gains at most 8 lines and VmData at most
 * 2 MiB between cycle 300 and cycle 1500 (glibc: none). Prints the verdict
 * only, so that the output is the same under any loader that does not leak. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void measure(int *lines, long *data_kb) {
  FILE *f = fopen("/proc/self/maps", "r");
  int c;
  *lines = 0;
  while ((c = fgetc(f)) != EOF) *lines += c == '\n';
  fclose(f);
  f = fopen("/proc/self/status", "r");
  char line[256];
  *data_kb = -1;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "VmData:", 7) == 0) *data_kb = atol(line + 7);
  fclose(f);
}

int main(void) {
  int lines0 = 0, lines1;
  long data0 = 0, data1;
  for (int i = 1; i <= 1500; i++) {
    void *h = dlopen("stress_p3.so", RTLD_LAZY);
    if (!h) {
      printf("cycle %d: dlopen: %s\n", i, dlerror());
      return 1;
    }
    long (*run)(int) = (long (*)(int))dlsym(h, "plug_run");
    if (!run || run(1) != 64L * 3 + 64L * 64 * 3 + 2016) {
      printf("cycle %d: plug_run wrong\n", i);
      return 1;
    }
    if (dlclose(h) != 0) {
      printf("cycle %d: dlclose: %s\n", i, dlerror());
      return 1;
    }
    if (i == 300) measure(&lines0, &data0);
  }
  measure(&lines1, &data1);
  int ok = lines1 - lines0 <= 8 && data1 - data0 <= 2048;
  printf("dlcycle: 1500 dlopen/dlclose cycles: %s\n", ok ? "no growth" : "GROWTH");
  if (!ok || getenv("DLCYCLE_VERBOSE"))
    fprintf(stderr, "dlcycle: maps %d -> %d lines, VmData %ld -> %ld kB\n", lines0, lines1, data0, data1);
  return ok ? 0 : 1;
}
