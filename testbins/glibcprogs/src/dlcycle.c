/* dlcycle: dlopen and dlclose the same plugin (TLS, constructor, destructor,
 * lazily bound calls) 1500 times in one thread, and check that the process
 * does not grow: /proc/self/maps gains at most 8 lines and VmData at most
 * 2 MiB between cycle 300 and cycle 1500 (glibc: none). Prints the verdict
 * only, so that the output is the same under any loader that does not leak.
 *
 * `dlcycle mix` varies what each cycle does: one of eight plugins (with their
 * shared dependency), RTLD_GLOBAL every other time and then found through
 * dlsym(RTLD_DEFAULT), one of sixteen TLS plugins beside it (RTLD_NOW), a
 * dlopen of a missing file and a dlsym of a missing symbol (the error paths),
 * and the handles closed in either order.
 *
 * `dlcycle ie` cycles plugin_ie2.so, which needs plugin_ie.so, both with
 * initial-exec TLS (glibc's tst-tls13): their static TLS must come back at
 * each dlclose, or the surplus runs out after a few dozen cycles. */
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

/* One cycle of `dlcycle mix`; returns 0, or prints what went wrong. */
static int mixed_cycle(int i) {
  char name[64];
  int global = i & 1;
  snprintf(name, sizeof name, "stress_p%d.so", i % 8);
  void *h = dlopen(name, RTLD_LAZY | (global ? RTLD_GLOBAL : RTLD_LOCAL));
  snprintf(name, sizeof name, "plugin_many%d.so", i % 16);
  void *m = dlopen(name, RTLD_NOW);
  if (!h || !m) {
    printf("cycle %d: dlopen: %s\n", i, dlerror());
    return 1;
  }
  long (*run)(int) = (long (*)(int))dlsym(global ? RTLD_DEFAULT : h, "plug_run");
  if (!run || run(1) < 0) { /* -1: its constructor did not run */
    printf("cycle %d: plug_run wrong\n", i);
    return 1;
  }
  void (*add)(long) = (void (*)(long))dlsym(m, "many_add");
  long (*get)(void) = (long (*)(void))dlsym(m, "many_get");
  if (!add || !get || (add(i), get()) != (i % 16) * 1000L + i + 1) { /* a fresh TLS block */
    printf("cycle %d: many_get wrong\n", i);
    return 1;
  }
  if (dlopen("dlcycle-no-such-plugin.so", RTLD_NOW) || !dlerror() || dlsym(h, "no_such_symbol") || !dlerror()) {
    printf("cycle %d: an error went unreported\n", i);
    return 1;
  }
  void *first = i % 3 ? h : m, *second = i % 3 ? m : h;
  if (dlclose(first) != 0 || dlclose(second) != 0) {
    printf("cycle %d: dlclose: %s\n", i, dlerror());
    return 1;
  }
  return 0;
}

/* One cycle of `dlcycle ie`. */
static int ie_cycle(int i) {
  void *h = dlopen("plugin_ie2.so", RTLD_NOW);
  if (!h) {
    printf("cycle %d: dlopen: %s\n", i, dlerror());
    return 1;
  }
  int (*get)(void) = (int (*)(void))dlsym(h, "ie2_get");
  if (!get || get() != 42 + 2) {
    printf("cycle %d: ie2_get wrong\n", i);
    return 1;
  }
  dlclose(h);
  return 0;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  int mix = strcmp(mode, "mix") == 0, ie = strcmp(mode, "ie") == 0;
  int lines0 = 0, lines1;
  long data0 = 0, data1;
  for (int i = 1; i <= 1500; i++) {
    if (mix || ie) {
      if (mix ? mixed_cycle(i) : ie_cycle(i)) return 1;
      if (i == 300) measure(&lines0, &data0);
      continue;
    }
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
  printf("dlcycle%s%s: 1500 dlopen/dlclose cycles: %s\n", *mode ? " " : "", mode, ok ? "no growth" : "GROWTH");
  if (!ok || getenv("DLCYCLE_VERBOSE"))
    fprintf(stderr, "dlcycle: maps %d -> %d lines, VmData %ld -> %ld kB\n", lines0, lines1, data0, data1);
  return ok ? 0 : 1;
}
