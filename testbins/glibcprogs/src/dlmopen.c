/* dlmopen: link-map namespaces as glibc's ld.so gives them. plugin_ns.so goes
 * into two new namespaces and once more into the first, and is dlopened into
 * the base namespace too; every copy must be distinct (its global, its TLS, its
 * libc.so.6), lookups stay in their namespace, dlinfo(RTLD_DI_LMID) and
 * dl_iterate_phdr see namespaces as glibc's do, and a namespace emptied by
 * dlclose is reused. The output is compared with glibc's ld.so's. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <string.h>

static int count(struct dl_phdr_info *info, size_t size, void *data) {
  (void)info, (void)size;
  ++*(int *)data;
  return 0;
}

static int objects(void) {
  int n = 0;
  dl_iterate_phdr(count, &n);
  return n;
}

static long lmid(void *h) {
  Lmid_t id = -10;
  if (dlinfo(h, RTLD_DI_LMID, &id) != 0) printf("dlinfo: %s\n", dlerror());
  return id;
}

static void *sym(void *h, const char *name) {
  void *p = dlsym(h, name);
  if (!p) printf("dlsym %s: %s\n", name, dlerror());
  return p;
}

static void *open_ns(Lmid_t ns, const char *what) {
  void *h = dlmopen(ns, "plugin_ns.so", RTLD_NOW);
  if (!h) printf("%s: %s\n", what, dlerror());
  return h;
}

/* What one copy says about itself. */
static void report(const char *name, void *h) {
  int (*bump)(void) = sym(h, "plugin_ns_bump"), (*tls)(void) = sym(h, "plugin_ns_bump_tls");
  int (*objs)(void) = sym(h, "plugin_ns_objects"), (*self)(void) = sym(h, "plugin_ns_default_is_self");
  int (*ctor)(void) = sym(h, "plugin_ns_constructed");
  long (*libc)(void) = sym(h, "plugin_ns_libc_lmid");
  if (!bump || !tls || !objs || !self || !ctor || !libc) return;
  int g = bump();
  int t = tls();
  printf("%s: lmid %ld, global %d, tls %d, constructed %d, objects seen inside %d, its libc in %ld, "
         "RTLD_DEFAULT finds itself %d\n",
         name, lmid(h), g, t, ctor(), objs(), libc(), self());
}

int main(void) {
  setvbuf(stdout, 0, _IONBF, 0); /* plugin copies write(2) straight to fd 1 */
  printf("base objects: %d\n", objects());
  void *a = open_ns(LM_ID_NEWLM, "dlmopen NEWLM a");
  void *b = open_ns(LM_ID_NEWLM, "dlmopen NEWLM b");
  if (!a || !b) return 1;
  long la = lmid(a), lb = lmid(b);
  printf("namespaces: a %ld, b %ld\n", la, lb);
  void *a2 = open_ns(la, "dlmopen into a's namespace");
  printf("again into a's namespace: same handle %d\n", a2 == a);
  void *base = dlopen("plugin_ns.so", RTLD_NOW);
  printf("dlopen into the base: distinct from a %d, b %d; lmid %ld\n", base != a, base != b, lmid(base));
  printf("base objects now: %d\n", objects());
  report("a", a);
  report("a", a2);
  report("b", b);
  report("base", base);
  int *ga = sym(a, "plugin_ns_global"), *gb = sym(b, "plugin_ns_global"), *g0 = sym(base, "plugin_ns_global");
  printf("globals distinct: %d %d %d\n", ga != gb, ga != g0, gb != g0);
  int *(*ta)(void) = sym(a, "plugin_ns_tls_address"), *(*tb)(void) = sym(b, "plugin_ns_tls_address");
  printf("TLS distinct: %d\n", ta() != tb());
  void *(*pa)(void) = sym(a, "plugin_ns_printf"), *(*pb)(void) = sym(b, "plugin_ns_printf");
  void *p0 = dlsym(RTLD_DEFAULT, "printf");
  printf("libc copies distinct: %d %d %d\n", pa() != pb(), pa() != p0, pb() != p0);
  printf("dlsym(a, printf) is a's libc: %d\n", dlsym(a, "printf") == pa());
  Dl_info info;
  if (dladdr((void *)pb, &info)) {
    const char *slash = strrchr(info.dli_fname, '/');
    printf("dladdr in b: %s, base %s\n", slash ? slash + 1 : info.dli_fname,
           info.dli_fbase == (void *)((struct link_map *)b)->l_addr ? "b's" : "another");
  }
  void *bad = dlmopen(9, "plugin_ns.so", RTLD_NOW);
  printf("dlmopen into namespace 9: %s\n", bad ? "opened" : dlerror());
  printf("dlclose a (first of two references): %d\n", dlclose(a2));
  printf("dlclose a: %d\n", dlclose(a));
  printf("NOLOAD in a's namespace: %p\n", dlmopen(la, "plugin_ns.so", RTLD_NOW | RTLD_NOLOAD));
  /* Errors libc raises itself, with its own _dl_signal_error, not the linker's. */
  bad = dlmopen(LM_ID_NEWLM, "plugin_ns.so", RTLD_NOW | RTLD_GLOBAL);
  printf("dlmopen with RTLD_GLOBAL: %s\n", bad ? "opened" : dlerror());
  bad = dlopen("plugin_ns.so", 0x12345);
  printf("dlopen with a bad mode: %s\n", bad ? "opened" : dlerror());
  bad = dlmopen(LM_ID_NEWLM, "plugin_ns_missing.so", RTLD_NOW);
  printf("dlmopen of a missing file: %s\n", bad ? "opened" : dlerror());
  void *c = open_ns(LM_ID_NEWLM, "dlmopen NEWLM c");
  if (!c) return 1;
  printf("a's namespace reused: %d\n", lmid(c) == la);
  report("c", c);
  printf("dlclose b %d, c %d, base %d\n", dlclose(b), dlclose(c), dlclose(base));
  printf("base objects at the end: %d\n", objects());
  return 0;
}
