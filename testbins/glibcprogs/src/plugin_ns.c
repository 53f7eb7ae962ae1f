/* plugin_ns.so: dlmopened by dlmopen.c into several namespaces. Each copy has
 * its own global, its own TLS variable and its own libc.so.6; it reports what
 * its namespace looks like from inside, through that libc. Output goes through
 * write(2): each namespace's libc has a stdout buffer of its own. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int plugin_ns_global;
static __thread int plugin_ns_tls = 100;
static int constructed;

static void say(const char *what) {
  char buf[128];
  int n = snprintf(buf, sizeof buf, "plugin_ns: %s\n", what);
  write(1, buf, (size_t)n);
}

__attribute__((constructor)) static void init(void) {
  constructed++;
  say("constructor");
}
__attribute__((destructor)) static void fini(void) { say("destructor"); }

int plugin_ns_bump(void) { return ++plugin_ns_global; }
int plugin_ns_bump_tls(void) { return ++plugin_ns_tls; }
int *plugin_ns_tls_address(void) { return &plugin_ns_tls; }
int plugin_ns_constructed(void) { return constructed; }

static int count(struct dl_phdr_info *info, size_t size, void *data) {
  (void)info, (void)size;
  ++*(int *)data;
  return 0;
}

/* Objects dl_iterate_phdr shows from here: this namespace's. */
int plugin_ns_objects(void) {
  int n = 0;
  dl_iterate_phdr(count, &n);
  return n;
}

/* The namespace of the libc.so.6 this copy uses, as dlinfo reports it. */
long plugin_ns_libc_lmid(void) {
  void *h = dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD);
  Lmid_t id = -10;
  if (!h || dlinfo(h, RTLD_DI_LMID, &id) != 0) return -20;
  dlclose(h);
  return id;
}

/* A lookup from inside the namespace finds this copy's own definition. */
int plugin_ns_default_is_self(void) { return dlsym(RTLD_DEFAULT, "plugin_ns_bump") == (void *)plugin_ns_bump; }

/* This copy's libc: the address of its printf. */
void *plugin_ns_printf(void) { return (void *)printf; }
