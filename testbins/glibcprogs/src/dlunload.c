/* dlunload: what dlclose of the last reference does under glibc: the plugin's
 * destructor runs inside dlclose, its mappings leave /proc/self/maps,
 * RTLD_NOLOAD no longer finds it, and opening it again runs its constructor
 * again with fresh TLS. */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static int mapped(const char *name) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[4096];
  int n = 0;
  while (fgets(line, sizeof line, f))
    if (strstr(line, name)) n++;
  fclose(f);
  return n > 0;
}

int main(void) {
  for (int round = 1; round <= 2; round++) {
    printf("round %d: dlopen\n", round);
    fflush(stdout);
    void *h = dlopen("plugin_tls.so", RTLD_NOW);
    if (!h) return 1;
    int (*get)(void) = (int (*)(void))dlsym(h, "plugin_get");
    void (*add)(int) = (void (*)(int))dlsym(h, "plugin_add");
    printf("round %d: ptls %d, mapped %d\n", round, get(), mapped("/plugin_tls.so"));
    add(100);
    void *again = dlopen("plugin_tls.so", RTLD_NOW);
    printf("round %d: second dlopen %s; dlclose %d\n", round, again == h ? "same" : "DIFFERENT",
           dlclose(again));
    printf("round %d: still open after one dlclose: %d\n", round,
           dlopen("plugin_tls.so", RTLD_NOW | RTLD_NOLOAD) != NULL);
    dlclose(h); /* the NOLOAD reference */
    printf("round %d: last dlclose\n", round);
    fflush(stdout);
    printf("round %d: dlclose %d\n", round, dlclose(h));
    printf("round %d: after dlclose: NOLOAD finds it: %d, mapped %d\n", round,
           dlopen("plugin_tls.so", RTLD_NOW | RTLD_NOLOAD) != NULL, mapped("/plugin_tls.so"));
  }
  return 0;
}
