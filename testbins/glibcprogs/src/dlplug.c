/* dlplug: dlopen/dlsym of plugins with TLS and a constructor/destructor.
 * Threads created before the dlopen use the plugin's TLS afterwards (their DTV
 * must be brought up to date); 16 more TLS plugins grow the DTV; dlsym and
 * dlopen errors come back through dlerror as glibc words them; dladdr names the
 * plugin. Usage: dlplug [PLUGIN.so] (default plugin_tls.so). The plugin is
 * dlclosed at the end, and its destructor runs either then (glibc unloads it)
 * or at exit (if the loader kept it). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define NTHREADS 4
#define NMANY 16

static int (*p_get)(void);
static void (*p_add)(int);
static int *(*p_addr)(void);
static const char *(*p_buf)(int);
static void *many[NMANY];
static pthread_barrier_t opened, done;

static int initial[NTHREADS], final[NTHREADS];
static uintptr_t addr[NTHREADS];
static char bufs[NTHREADS][64];
static long many_vals[NTHREADS];

static const char *base(const char *s) {
  const char *slash = strrchr(s, '/');
  return slash ? slash + 1 : s;
}

/* dlerror's text with directories cut from the object names it mentions. */
static void print_dlerror(const char *what) {
  const char *e = dlerror();
  if (!e) {
    printf("%s: no error\n", what);
    return;
  }
  const char *colon = strchr(e, ':');
  if (e[0] == '/' && colon) {
    char path[512];
    snprintf(path, sizeof path, "%.*s", (int)(colon - e), e);
    printf("%s: %s%s\n", what, base(path), colon);
  } else {
    printf("%s: %s\n", what, e);
  }
}

static void *worker(void *arg) {
  long id = (long)arg;
  pthread_barrier_wait(&opened);
  initial[id] = p_get();
  p_add((int)id * 10);
  final[id] = p_get();
  addr[id] = (uintptr_t)p_addr();
  snprintf(bufs[id], sizeof bufs[id], "%s", p_buf((int)id));
  long sum = 0;
  for (int i = 0; i < NMANY; i++) {
    long (*get)(void) = (long (*)(void))dlsym(many[i], "many_get");
    void (*add)(long) = (void (*)(long))dlsym(many[i], "many_add");
    add(id);
    sum += get();
  }
  many_vals[id] = sum;
  pthread_barrier_wait(&done);
  return NULL;
}

int main(int argc, char **argv) {
  const char *name = argc > 1 ? argv[1] : "plugin_tls.so";
  pthread_t t[NTHREADS];
  pthread_barrier_init(&opened, NULL, NTHREADS + 1);
  pthread_barrier_init(&done, NULL, NTHREADS + 1);
  for (long i = 0; i < NTHREADS; i++) pthread_create(&t[i], NULL, worker, (void *)i);

  if (dlopen("libnosuch-dryad.so", RTLD_NOW)) return 1;
  print_dlerror("dlopen libnosuch-dryad.so");
  print_dlerror("dlerror again");

  printf("dlopen %s\n", name);
  void *h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    print_dlerror("dlopen");
    return 1;
  }
  void *h2 = dlopen(name, RTLD_LAZY | RTLD_NOLOAD);
  printf("RTLD_NOLOAD while open: %s\n", h2 == h ? "same handle" : "DIFFERENT");
  if (h2) dlclose(h2);
  p_get = (int (*)(void))dlsym(h, "plugin_get");
  p_add = (void (*)(int))dlsym(h, "plugin_add");
  p_addr = (int *(*)(void))dlsym(h, "plugin_addr");
  p_buf = (const char *(*)(int))dlsym(h, "plugin_buf");
  int *ctor_runs = (int *)dlsym(h, "ctor_runs");
  printf("dlsym: %s, ctor_runs=%d\n", p_get && p_add && p_addr && p_buf ? "all found" : "MISSING",
         ctor_runs ? *ctor_runs : -1);
  if (dlsym(h, "plugin_nosuch")) return 1;
  print_dlerror("dlsym plugin_nosuch");
  if (dlsym(RTLD_DEFAULT, "plugin_get")) printf("RTLD_DEFAULT found a RTLD_LOCAL symbol\n");
  else print_dlerror("dlsym RTLD_DEFAULT plugin_get");
  int *main_tls = dlsym(h, "ptls");
  printf("dlsym of the TLS symbol ptls: %s, value %d\n",
         main_tls == p_addr() ? "this thread's copy" : "WRONG ADDRESS", main_tls ? *main_tls : -1);

  Dl_info info;
  if (dladdr((void *)p_get, &info))
    printf("dladdr(plugin_get): %s %s\n", base(info.dli_fname), info.dli_sname ? info.dli_sname : "?");

  char mname[32];
  for (int i = 0; i < NMANY; i++) {
    snprintf(mname, sizeof mname, "plugin_many%d.so", i);
    many[i] = dlopen(mname, (i % 2 ? RTLD_GLOBAL : RTLD_LOCAL) | RTLD_LAZY);
    if (!many[i]) {
      print_dlerror("dlopen many");
      return 1;
    }
  }

  p_add(1);
  pthread_barrier_wait(&opened);
  pthread_barrier_wait(&done);
  for (int i = 0; i < NTHREADS; i++) pthread_join(t[i], NULL);
  int distinct = 1;
  for (int i = 0; i < NTHREADS; i++) {
    printf("thread %d: ptls %d -> %d, buf \"%s\", many sum %ld\n", i, initial[i], final[i], bufs[i],
           many_vals[i]);
    for (int j = 0; j < i; j++)
      if (addr[i] == addr[j]) distinct = 0;
    if (addr[i] == (uintptr_t)p_addr()) distinct = 0;
  }
  printf("main: ptls %d, buf \"%s\", TLS addresses %s\n", p_get(), p_buf(99),
         distinct ? "distinct" : "SHARED");
  long msum = 0;
  for (int i = 0; i < NMANY; i++) msum += ((long (*)(void))dlsym(many[i], "many_get"))();
  printf("main: many sum %ld\n", msum);

  printf("dlclose: %d\n", dlclose(h));
  printf("end of main\n");
  fflush(stdout);
  return 0;
}
