/* stress: loader threads dlopen/dlsym/dlclose eight plugins in a loop while
 * caller threads call 512 lazily bound functions (f_i in libstress_base.so,
 * which call leaf_i in libstress_leaf.so through lazily bound PLT slots) and
 * look symbols up with dlsym(RTLD_DEFAULT), and spawner threads start and join
 * short-lived threads. Runs for STRESS_SECONDS (default
 * 3) seconds. Fails on a wrong result, an unexpected dl* error, or
 * /proc/self/maps growing past a bound (a mapping leak); a deadlock is ended by
 * alarm() (exit by SIGALRM) and by the runner's timeout.
 * Prints "stress: ok" on success; STRESS_VERBOSE=1 adds counts on stderr. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stress_rep.h"

#define NPLUGINS 8
#define MAXTHREADS 16

#define DECL(i) int f_##i(int);
REP512(DECL)

static int call(int i, int x) {
  switch (i) {
#define CASE(i) \
  case 0##i:    \
    return f_##i(x);
    REP512(CASE)
  }
  return -1;
}

static atomic_int stop, errors;
static atomic_long loads, calls, lookups, spawns;

static void fail(const char *fmt, ...) {
  if (atomic_fetch_add(&errors, 1) < 10) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "stress: %s\n", msg);
  }
}

static int count_maps(void) {
  FILE *f = fopen("/proc/self/maps", "r");
  if (!f) return -1;
  int n = 0, c;
  while ((c = fgetc(f)) != EOF)
    if (c == '\n') n++;
  fclose(f);
  return n;
}

static void plugin_name(char *buf, size_t len, int k) { snprintf(buf, len, "stress_p%d.so", k); }

static void *loader(void *arg) {
  unsigned seed = (unsigned)(long)arg * 7919u + 1;
  char name[32];
  while (!atomic_load(&stop)) {
    int k = rand_r(&seed) % NPLUGINS;
    int flags = (rand_r(&seed) & 1 ? RTLD_LAZY : RTLD_NOW) | (rand_r(&seed) & 1 ? RTLD_GLOBAL : RTLD_LOCAL);
    plugin_name(name, sizeof name, k);
    void *h = dlopen(name, flags);
    if (!h) {
      fail("dlopen %s failed: %s", name, dlerror());
      continue;
    }
    long (*run)(int) = (long (*)(int))dlsym(h, "plug_run");
    if (!run) {
      fail("dlsym %s plug_run: %s", name, dlerror());
    } else {
      int x = rand_r(&seed) % 1000;
      long want = 64L * 3 * x + 64L * 64 * k + 63 * 64 / 2;
      long got = run(x);
      if (got != want) fail("%s: plug_run(%d) returned %ld, not %ld", name, x, got, want);
    }
    if (dlsym(h, "plug_nosuch")) fail("dlsym plug_nosuch found something in %s", name);
    else if (!dlerror()) fail("dlsym plug_nosuch in %s: no dlerror", name);
    if (dlclose(h) != 0) fail("dlclose %s: %s", name, dlerror());
    atomic_fetch_add(&loads, 1);
  }
  return NULL;
}

static void *caller(void *arg) {
  long id = (long)arg;
  int stride = 2 * (int)id + 1; /* odd: visits every slot of 512 */
  int i = (int)id * 97 % NFUNCS;
  char sym[16];
  unsigned seed = (unsigned)id;
  while (!atomic_load(&stop)) {
    for (int n = 0; n < NFUNCS; n++) {
      i = (i + stride) % NFUNCS;
      int x = n + (int)id;
      int got = call(i, x);
      if (got != 3 * x + i + 1) fail("f_%03o(%d) returned %d, not %d", i, x, got, 3 * x + i + 1);
    }
    atomic_fetch_add(&calls, NFUNCS);
    int j = rand_r(&seed) % NFUNCS;
    snprintf(sym, sizeof sym, "f_%03o", j);
    int (*f)(int) = (int (*)(int))dlsym(RTLD_DEFAULT, sym);
    if (!f) fail("dlsym(RTLD_DEFAULT, %s) failed: %s", sym, dlerror());
    else if (f(1) != 3 + j + 1) fail("%s via dlsym returned %d", sym, f(1));
    atomic_fetch_add(&lookups, 1);
  }
  return NULL;
}

/* Short-lived threads: nptl takes its stack-cache lock to create and to
 * retire each, while dlopen and dlclose take the same lock to walk the
 * threads. */
static void *nothing(void *arg) { return arg; }

static void *spawner(void *arg) {
  (void)arg;
  while (!atomic_load(&stop)) {
    pthread_t t;
    if (pthread_create(&t, NULL, nothing, NULL) != 0) {
      fail("pthread_create failed");
      continue;
    }
    pthread_join(t, NULL);
    atomic_fetch_add(&spawns, 1);
  }
  return NULL;
}

int main(void) {
  const char *s = getenv("STRESS_SECONDS");
  int seconds = s ? atoi(s) : 3;
  alarm((unsigned)seconds + 15);
  /* STRESS_LOADERS, STRESS_CALLERS, STRESS_SPAWNERS: how many threads of each
   * kind (default 3, 3 and 0; 0 isolates the other kinds when looking for a
   * bug). */
  const char *nl = getenv("STRESS_LOADERS"), *nc = getenv("STRESS_CALLERS"), *ns = getenv("STRESS_SPAWNERS");
  int nloaders = nl ? atoi(nl) : 3, ncallers = nc ? atoi(nc) : 3, nspawners = ns ? atoi(ns) : 0;
  if (nloaders < 0 || ncallers < 0 || nspawners < 0 || nloaders + ncallers + nspawners > MAXTHREADS) return 2;
  int maps0 = count_maps();
  void *all[NPLUGINS];
  char name[32];
  for (int k = 0; k < NPLUGINS; k++) {
    plugin_name(name, sizeof name, k);
    all[k] = dlopen(name, RTLD_NOW);
    if (!all[k]) {
      fprintf(stderr, "stress: %s\n", dlerror());
      return 1;
    }
  }
  int maps1 = count_maps();
  for (int k = 0; k < NPLUGINS; k++) dlclose(all[k]);
  /* Every plugin mapped at once, plus per thread a stack, its guard page and
   * a malloc arena (two mappings), plus slack. */
  int bound = maps1 + (nloaders + ncallers + 2 * nspawners) * 4 + 32;

  pthread_t t[MAXTHREADS];
  for (long i = 0; i < nloaders; i++) pthread_create(&t[i], NULL, loader, (void *)i);
  for (long i = 0; i < ncallers; i++) pthread_create(&t[nloaders + i], NULL, caller, (void *)i);
  for (long i = 0; i < nspawners; i++) pthread_create(&t[nloaders + ncallers + i], NULL, spawner, (void *)i);
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  int maxmaps = 0;
  do {
    usleep(20000);
    int m = count_maps();
    if (m > maxmaps) maxmaps = m;
    clock_gettime(CLOCK_MONOTONIC, &now);
  } while ((now.tv_sec - start.tv_sec) * 1000L + (now.tv_nsec - start.tv_nsec) / 1000000 < seconds * 1000L &&
           !atomic_load(&errors));
  atomic_store(&stop, 1);
  for (int i = 0; i < nloaders + ncallers + nspawners; i++) pthread_join(t[i], NULL);
  int maps_end = count_maps();
  if (getenv("STRESS_VERBOSE"))
    fprintf(stderr, "stress: %ld loads, %ld calls, %ld lookups, %ld spawns; maps %d before, %d all plugins, max %d, end %d, bound %d\n",
            atomic_load(&loads), atomic_load(&calls), atomic_load(&lookups), atomic_load(&spawns), maps0, maps1,
            maxmaps, maps_end, bound);
  if (maxmaps > bound) fail("/proc/self/maps grew to %d lines (bound %d)", maxmaps, bound);
  if ((nloaders && atomic_load(&loads) == 0) || (ncallers && atomic_load(&calls) == 0) ||
      (nspawners && atomic_load(&spawns) == 0))
    fail("no progress: %ld loads, %ld calls, %ld spawns", atomic_load(&loads), atomic_load(&calls),
         atomic_load(&spawns));
  if (atomic_load(&errors)) {
    printf("stress: FAILED\n");
    return 1;
  }
  printf("stress: ok\n");
  return 0;
}
