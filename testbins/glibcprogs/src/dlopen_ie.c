/* dlopen_ie: a plugin with initial-exec TLS dlopened while other threads run;
 * each thread (created before and after the dlopen) sees its own copy starting
 * from the initial image. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static int (*get)(void);
static void (*add)(int);
static const char *(*str)(void);
static pthread_barrier_t opened;
static int seen[4];
static char strs[4][32];

static void *worker(void *arg) {
  long id = (long)arg;
  if (id < 2) pthread_barrier_wait(&opened); /* threads 0 and 1 exist before the dlopen */
  seen[id] = get();
  add((int)id);
  snprintf(strs[id], sizeof strs[id], "%s/%d", str(), get());
  return NULL;
}

int main(void) {
  pthread_t t[4];
  pthread_barrier_init(&opened, NULL, 3);
  for (long i = 0; i < 2; i++) pthread_create(&t[i], NULL, worker, (void *)i);
  void *h = dlopen("plugin_ie.so", RTLD_NOW);
  if (!h) {
    printf("dlopen: %s\n", dlerror());
    pthread_barrier_wait(&opened);
    return 0;
  }
  get = (int (*)(void))dlsym(h, "ie_get");
  add = (void (*)(int))dlsym(h, "ie_add");
  str = (const char *(*)(void))dlsym(h, "ie_str");
  add(100);
  pthread_barrier_wait(&opened);
  for (long i = 2; i < 4; i++) pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  for (int i = 0; i < 4; i++) printf("thread %d (%s the dlopen): saw %d, then %s\n", i, i < 2 ? "before" : "after", seen[i], strs[i]);
  printf("main: %d %s\n", get(), str());
  return 0;
}
