/* dlinfo(RTLD_DI_SERINFOSIZE, RTLD_DI_SERINFO): the directories a search by
 * name from a handle would try, in order (glibc's _dl_rtld_di_serinfo), for the
 * program and for a plugin it dlopened. The program's own directory (its
 * DT_RUNPATH is $ORIGIN: the path it was run by, or with symbolic links
 * resolved) is printed as <bin>, so the output is the machine's search path and
 * nothing else. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char bin[PATH_MAX], real[PATH_MAX];

static void show(const char *what, void *h) {
  Dl_serinfo size;
  if (!h || dlinfo(h, RTLD_DI_SERINFOSIZE, &size) != 0) {
    printf("%s: %s\n", what, dlerror());
    return;
  }
  Dl_serinfo *si = malloc(size.dls_size);
  if (dlinfo(h, RTLD_DI_SERINFOSIZE, si) != 0 || dlinfo(h, RTLD_DI_SERINFO, si) != 0) {
    printf("%s: %s\n", what, dlerror());
    return;
  }
  printf("%s: %u directories, %s\n", what, si->dls_cnt,
         size.dls_size == si->dls_size ? "size agrees" : "size differs");
  for (unsigned i = 0; i < si->dls_cnt; i++) {
    const char *d = si->dls_serpath[i].dls_name;
    bool own = strcmp(d, bin) == 0 || strcmp(d, real) == 0;
    printf("  %s (flags %#x)\n", own ? "<bin>" : d, si->dls_serpath[i].dls_flags);
  }
  free(si);
}

int main(int argc, char **argv) {
  (void)argc;
  setvbuf(stdout, 0, _IONBF, 0); /* in order with the plugin's lines */
  char cwd[PATH_MAX];
  const char *dir = dirname(strdup(argv[0]));
  if (dir[0] == '/' || !getcwd(cwd, sizeof cwd)) snprintf(bin, sizeof bin, "%s", dir);
  else snprintf(bin, sizeof bin, "%s/%s", cwd, dir);
  if (!realpath(bin, real)) real[0] = 0;
  show("program", dlopen(NULL, RTLD_NOW));
  show("plugin_ns.so", dlopen("plugin_ns.so", RTLD_NOW));
  return 0;
}
