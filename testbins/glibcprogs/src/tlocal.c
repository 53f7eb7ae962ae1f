/* tlocal: __thread variables in the executable (local-exec TLS, initialised and
 * zero-initialised) used by several pthreads: each thread sees its own copy,
 * starting from the initial image. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define NTHREADS 6

__thread int tl = 10;
__thread char tbuf[32];
static __thread long tzero;

static int results[NTHREADS];
static long zeros[NTHREADS];
static uintptr_t addrs[NTHREADS];
static char bufs[NTHREADS][32];

static void *worker(void *arg) {
  long id = (long)arg;
  zeros[id] = tzero;
  for (int i = 0; i < 1000; i++) {
    tl += (int)id;
    tzero++;
  }
  snprintf(tbuf, sizeof tbuf, "thread %ld", id);
  results[id] = tl;
  addrs[id] = (uintptr_t)&tl;
  snprintf(bufs[id], sizeof bufs[id], "%s", tbuf);
  return NULL;
}

int main(void) {
  pthread_t t[NTHREADS];
  for (long i = 0; i < NTHREADS; i++) pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < NTHREADS; i++) pthread_join(t[i], NULL);
  int distinct = 1;
  for (int i = 0; i < NTHREADS; i++) {
    printf("%d: tl=%d tzero-at-start=%ld tbuf=\"%s\"\n", i, results[i], zeros[i], bufs[i]);
    for (int j = 0; j < i; j++)
      if (addrs[i] == addrs[j]) distinct = 0;
    if (addrs[i] == (uintptr_t)&tl) distinct = 0;
  }
  printf("main: tl=%d tzero=%ld tbuf=\"%s\" addresses %s\n", tl, tzero, tbuf,
         distinct ? "distinct" : "SHARED");
  return 0;
}
