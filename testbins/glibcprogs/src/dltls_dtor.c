/* dltls_dtor: a thread uses a thread_local object of a dlopened plugin, then the
 * main thread dlcloses the plugin while that thread is still running. glibc
 * keeps the plugin until the thread's destructor has run (it must still be
 * mapped then), and unloads it afterwards. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_barrier_t touched, closed;
static void (*touch)(const char *);

static int mapped(const char *name) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[4096];
  int n = 0;
  while (fgets(line, sizeof line, f))
    if (strstr(line, name)) n++;
  fclose(f);
  return n > 0;
}

static void *worker(void *arg) {
  (void)arg;
  touch("the worker thread");
  pthread_barrier_wait(&touched);
  pthread_barrier_wait(&closed);
  printf("worker: exiting\n");
  fflush(stdout);
  return NULL;
}

int main(void) {
  void *h = dlopen("plugin_tlsdtor.so", RTLD_NOW);
  if (!h) {
    printf("dlopen: %s\n", dlerror());
    return 1;
  }
  touch = (void (*)(const char *))dlsym(h, "tlsdtor_touch");
  pthread_barrier_init(&touched, NULL, 2);
  pthread_barrier_init(&closed, NULL, 2);
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_barrier_wait(&touched);
  printf("main: dlclose %d\n", dlclose(h));
  printf("main: after dlclose, mapped %d\n", mapped("/plugin_tlsdtor.so"));
  fflush(stdout);
  pthread_barrier_wait(&closed);
  pthread_join(t, NULL);
  printf("main: worker joined, mapped %d, NOLOAD finds it %d\n", mapped("/plugin_tlsdtor.so"),
         dlopen("plugin_tlsdtor.so", RTLD_NOW | RTLD_NOLOAD) != NULL);
  return 0;
}
