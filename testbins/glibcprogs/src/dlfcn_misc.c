/* dlfcn_misc: the rest of the dlfcn API as glibc answers it: dlopen(NULL),
 * dlsym in the main program (exported with -rdynamic), RTLD_NEXT, dlvsym of two
 * versions, dladdr and dladdr1, dlinfo (link map, origin, TLS module id),
 * RTLD_GLOBAL promotion of a RTLD_LOCAL object, RTLD_NODELETE, objects kept by a
 * dlsym(RTLD_DEFAULT) binding, dlerror after success, dl_iterate_phdr. Object
 * paths are printed as base names. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main_exported(int x) { return x * 2; }

static const char *base(const char *s) {
  const char *slash = s ? strrchr(s, '/') : NULL;
  return slash ? slash + 1 : (s && *s ? s : "(main)");
}

static int phdr_cb(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  int *n = data;
  int loads = 0;
  for (int i = 0; i < info->dlpi_phnum; i++) loads += info->dlpi_phdr[i].p_type == PT_LOAD;
  printf("  dl_iterate_phdr %d: %s, %s PT_LOAD, tls module %s\n", (*n)++, base(info->dlpi_name),
         loads > 0 ? "has" : "no", info->dlpi_tls_modid ? "yes" : "no");
  return 0;
}

int main(void) {
  void *self = dlopen(NULL, RTLD_NOW);
  int (*me)(int) = (int (*)(int))dlsym(self, "main_exported");
  printf("dlopen(NULL) + dlsym main_exported: %d\n", me ? me(21) : -1);
  void *(*next_malloc)(size_t) = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
  printf("RTLD_NEXT malloc is libc's: %d\n", next_malloc == dlsym(RTLD_DEFAULT, "malloc"));
  void *m1 = dlvsym(RTLD_DEFAULT, "memcpy", "GLIBC_2.2.5"), *m2 = dlvsym(RTLD_DEFAULT, "memcpy", "GLIBC_2.14");
  printf("dlvsym memcpy@GLIBC_2.2.5 %s, @GLIBC_2.14 %s, different %d\n", m1 ? "found" : "missing",
         m2 ? "found" : "missing", m1 != m2);
  if (!dlvsym(RTLD_DEFAULT, "memcpy", "GLIBC_9.9")) printf("dlvsym memcpy@GLIBC_9.9: %s\n", dlerror() ? "error" : "no error");
  printf("dlerror after that: %s\n", dlerror() ? "still set" : "clear");

  Dl_info info;
  const ElfW(Sym) *sym = NULL;
  if (dladdr1((void *)printf, &info, (void **)&sym, RTLD_DL_SYMENT))
    printf("dladdr1(printf): %s %s, st_size>0 %d\n", base(info.dli_fname), info.dli_sname, sym && sym->st_size > 0);
  if (dladdr((void *)main_exported, &info)) printf("dladdr(main_exported): %s\n", info.dli_sname ? info.dli_sname : "(no name)");

  void *h = dlopen("plugin_tls.so", RTLD_LAZY | RTLD_LOCAL);
  struct link_map *lm = NULL;
  dlinfo(h, RTLD_DI_LINKMAP, &lm);
  char origin[4096] = "";
  dlinfo(h, RTLD_DI_ORIGIN, origin);
  size_t modid = 0;
  dlinfo(h, RTLD_DI_TLS_MODID, &modid);
  printf("dlinfo: l_name %s, origin ends in /bin %d, tls module id > 0 %d\n", base(lm->l_name),
         strlen(origin) >= 4 && strcmp(origin + strlen(origin) - 4, "/bin") == 0, modid > 0);
  printf("RTLD_LOCAL: plugin_get via RTLD_DEFAULT: %s\n", dlsym(RTLD_DEFAULT, "plugin_get") ? "found" : "not found");
  dlerror();
  void *g = dlopen("plugin_tls.so", RTLD_LAZY | RTLD_NOLOAD | RTLD_GLOBAL);
  printf("promoted to RTLD_GLOBAL: same handle %d, plugin_get via RTLD_DEFAULT: %s\n", g == h,
         dlsym(RTLD_DEFAULT, "plugin_get") ? "found" : "not found");

  int c1 = dlclose(g), c2 = dlclose(h);
  int still = dlopen("plugin_tls.so", RTLD_LAZY | RTLD_NOLOAD) != NULL;
  printf("dlclose of both handles: %d %d; still loaded: %d\n", c1, c2, still);
  /* A dlsym(RTLD_DEFAULT) from the main program that binds to a dlopened object
   * makes that object undeletable in glibc (the main program can never go). */
  void *m5 = dlopen("plugin_many5.so", RTLD_NOW | RTLD_GLOBAL);
  printf("dlsym(RTLD_DEFAULT, many_get): %s\n", dlsym(RTLD_DEFAULT, "many_get") ? "found" : "not found");
  c1 = dlclose(m5);
  still = dlopen("plugin_many5.so", RTLD_NOW | RTLD_NOLOAD) != NULL;
  printf("dlclose %d; still loaded: %d\n", c1, still);

  void *nd = dlopen("plugin_many3.so", RTLD_NOW | RTLD_NODELETE);
  c1 = dlclose(nd);
  still = dlopen("plugin_many3.so", RTLD_NOW | RTLD_NOLOAD) != NULL;
  printf("RTLD_NODELETE: dlclose %d; still loaded: %d\n", c1, still);
  int n = 0;
  dl_iterate_phdr(phdr_cb, &n);
  fflush(stdout);
  return 0;
}
