/* interp/alloc.c: memory for dryad's bookkeeping.
 *
 * A bump allocator over anonymous mappings: objects, names and tables live as
 * long as the process (until dlclose arrives with its own free lists).
 */
#include <sys/mman.h>

#include "dryad.h"

static char *arena;
static uint64_t arena_left;

/* dlopen, lazy binding and TLS may allocate from several threads. */
static int alloc_lock;

void *dr_alloc(uint64_t size) {
  while (__atomic_exchange_n(&alloc_lock, 1, __ATOMIC_ACQUIRE)) dr_sched_yield();
  size = dr_align_up(size, 16);
  if (size > arena_left) {
    uint64_t chunk = size > 65536 ? dr_align_up(size, DR_PAGE) : 65536;
    void *p = dr_mmap(0, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (dr_mmap_failed(p)) {
      __atomic_store_n(&alloc_lock, 0, __ATOMIC_RELEASE);
      dr_fatal("cannot allocate memory");
    }
    arena = p;
    arena_left = chunk;
  }
  void *r = arena;
  arena += size;
  arena_left -= size;
  __atomic_store_n(&alloc_lock, 0, __ATOMIC_RELEASE);
  return r;
}

/* Every byte dr_alloc hands out comes from a fresh anonymous mapping and is
 * never handed out twice (nothing is freed), so it is already zero. */
void *dr_zalloc(uint64_t size) { return dr_alloc(size); }

char *dr_strndup(const char *s, uint64_t n) {
  char *d = dr_alloc(n + 1);
  dr_memcpy(d, s, n);
  d[n] = 0;
  return d;
}

char *dr_strdup(const char *s) { return dr_strndup(s, dr_strlen(s)); }
