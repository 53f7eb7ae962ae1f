/* interp/alloc.c: memory for dryad's bookkeeping (book: docs/13-dlopen.md).
 *
 * A small allocator with free, so that dlclose gives back what dlopen took.
 * Blocks carry a 16-byte header with their size. Requests up to 32 KiB are cut
 * from 64 KiB chunks at their own size, rounded to 16 bytes: startup allocates
 * most of what a process ever does and frees little, and each page it spreads
 * over is a page fault (docs/14-parallel.md). A freed block goes on the free
 * list of the largest size class it holds, and serves requests of the
 * smallest class that holds them (core/sizeclass.h). Larger requests get a
 * mapping of their own, unmapped by dr_free. Chunks are never unmapped: a
 * process that loads and unloads the same objects again and again reuses the
 * same blocks and does not grow.
 *
 * Lookups that run without the load lock (lazy binding in any thread,
 * _dl_find_object under the C++ unwinder) may still be reading a scope array
 * or an object that dlclose takes away. As in glibc, such a reader raises the
 * gscope flag in its thread control block meanwhile; the writer publishes the
 * new array, waits until no other thread's flag is up (dr_wait_readers), and
 * only then frees the old one or unmaps the object.
 */
#include <asm/unistd.h>
#include <linux/futex.h>
#include <sys/mman.h>

#include "../core/sizeclass.h"
#include "arch/x86_64/syscall.h"
#include "dryad.h"
#include "glibc/glibc.h"

#define HEADER 16
#define GRAIN DR_CLASS_GRAIN
#define MAX_SMALL DR_CLASS_MAX
#define CHUNK 65536
#define POISON 0xa5                 /* freed memory: a stale pointer read from it faults */

struct header {
  uint64_t size;                    /* the whole block, header included */
  uint64_t magic;
};
#define MAGIC 0x647279616441ull     /* "Adryad": a block dr_alloc handed out */

/* A free block keeps its header; the list link follows it. */
static struct header *free_list[DR_NCLASS];

/* The first chunk lies in dryad's .bss, right after the small variables every
 * start-up touches (.bss.arena sorts between .bss and .bss.zbuffers): it starts
 * in their last page, not on a page of its own. */
static char first_chunk[CHUNK] __attribute__((section(".bss.arena"), aligned(GRAIN)));
static char *arena;
static uint64_t arena_left;
static bool first_taken;

/* dlopen, lazy binding and TLS may allocate from several threads. */
static int alloc_lock;

static void lock(void) {
  while (__atomic_exchange_n(&alloc_lock, 1, __ATOMIC_ACQUIRE)) dr_sched_yield();
}
static void unlock(void) { __atomic_store_n(&alloc_lock, 0, __ATOMIC_RELEASE); }

static struct header **link_of(struct header *h) { return (struct header **)(h + 1); }

/* A block of SIZE bytes, header included, begins at AT. */
static struct header *stamp(void *at, uint64_t size) {
  struct header *h = at;
  h->size = size;
  h->magic = MAGIC;
  return h;
}

/* Called with the lock held or not (HELD): it is let go before a fatal error. */
static void *map(uint64_t size, bool held) {
  void *p = dr_mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (dr_mmap_failed(p)) {
    if (held) unlock();
    dr_fatal("cannot allocate memory");
  }
  return p;
}

static void push_free(struct header *h) {
  unsigned c = dr_class_down(h->size);
  *link_of(h) = free_list[c];
  free_list[c] = h;
}

/* The tail of a used-up chunk goes to the free lists rather than to waste. */
static void spill_arena(void) {
  while (arena_left >= HEADER + GRAIN) {
    uint64_t s = arena_left < MAX_SMALL ? arena_left : MAX_SMALL;
    push_free(stamp(arena, s));
    arena += s;
    arena_left -= s;
  }
}

static void *alloc_block(uint64_t size, bool *fresh) {
  struct header *h;
  size = dr_align_up(size + HEADER, GRAIN);
  if (size > MAX_SMALL) {
    size = dr_align_up(size, DR_PAGE);
    h = stamp(map(size, false), size);
    *fresh = true;
    return h + 1;
  }
  unsigned c = dr_class_up(size);
  lock();
  if ((h = free_list[c])) {
    free_list[c] = *link_of(h);  /* its header says its own size, at least SIZE */
    *fresh = false;
  } else {
    if (size > arena_left) {
      spill_arena();
      arena = first_taken ? map(CHUNK, true) : first_chunk;
      arena_left = CHUNK;
      first_taken = true;
    }
    h = stamp(arena, size);
    arena += size;
    arena_left -= size;
    *fresh = true;
  }
  unlock();
  return h + 1;
}

void *dr_alloc(uint64_t size) {
  bool fresh;
  return alloc_block(size, &fresh);
}

/* Fresh chunk memory is zero already; a reused block is not. */
void *dr_zalloc(uint64_t size) {
  bool fresh;
  void *p = alloc_block(size, &fresh);
  if (!fresh) dr_memset(p, 0, size);
  return p;
}

/* Gives back the end of P's block past its first SIZE bytes: to the chunk when
 * P was the last block cut from it, else to the free lists. For tables filled
 * into generous room and then found small. The caller leaves the bytes past
 * SIZE zero: a chunk's memory is (dr_zalloc). */
void dr_shrink(void *p, uint64_t size) {
  struct header *h = (struct header *)p - 1;
  uint64_t keep = dr_align_up(size + HEADER, GRAIN);
  if (h->size > MAX_SMALL || keep + HEADER + GRAIN > h->size) return;
  lock();
  uint64_t spare = h->size - keep;
  if ((char *)h + h->size == arena) {
    arena -= spare;
    arena_left += spare;
  } else {
    push_free(stamp((char *)h + keep, spare));
  }
  h->size = keep;
  unlock();
}

void dr_free(void *p) {
  if (!p) return;
  struct header *h = (struct header *)p - 1;
  if (h->magic != MAGIC) dr_fatal("dr_free: not a block of dryad's (%p)", p);
  uint64_t size = h->size;
  if (size > MAX_SMALL) {
    dr_munmap(h, size);
    return;
  }
  dr_memset(p, POISON, size - HEADER);
  lock();
  push_free(h);
  unlock();
}

char *dr_strndup(const char *s, uint64_t n) {
  char *d = dr_alloc(n + 1);
  dr_memcpy(d, s, n);
  d[n] = 0;
  return d;
}

char *dr_strdup(const char *s) { return dr_strndup(s, dr_strlen(s)); }

/* glibc's THREAD_GSCOPE_SET_FLAG / RESET_FLAG, in the same TCB word libc's
 * own RTLD_DEFAULT dlsym raises: 1 in a lookup, 2 once a writer waits on it. */
#define GSCOPE_USED 1
#define GSCOPE_WAIT 2

static int *gscope_flag(uint8_t *tp) { return (int *)(tp + PD_HEADER_GSCOPE_FLAG); }

/* Returns whether this call raised the flag (a nested reader leaves it up). */
bool dr_reader_enter(void) {
  if (!dr_proc.tls_ready) return false;
  return __atomic_exchange_n(gscope_flag(dr_thread_pointer()), GSCOPE_USED, __ATOMIC_SEQ_CST) == 0;
}

void dr_reader_leave(bool raised) {
  if (!raised) return;
  int *f = gscope_flag(dr_thread_pointer());
  if (__atomic_exchange_n(f, 0, __ATOMIC_RELEASE) == GSCOPE_WAIT)
    dr_syscall6(__NR_futex, (long)f, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
}

static void wait_thread(uint8_t *tp, struct dr_object *o) {
  (void)o;
  if (tp == dr_thread_pointer()) return;
  int *f = gscope_flag(tp);
  for (int v; (v = __atomic_load_n(f, __ATOMIC_SEQ_CST)) != 0;) {
    if (v == GSCOPE_USED && !__atomic_compare_exchange_n(f, &v, GSCOPE_WAIT, false, __ATOMIC_SEQ_CST,
                                                         __ATOMIC_SEQ_CST))
      continue;
    dr_syscall6(__NR_futex, (long)f, FUTEX_WAIT_PRIVATE, GSCOPE_WAIT, 0, 0, 0);
  }
}

/* glibc's THREAD_GSCOPE_WAIT: after unpublishing, every lookup that may still
 * see the old data has finished. Without libc there is one thread. */
void dr_wait_readers(void) {
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  if (dr_proc.relocated && dr_glibc_libc(&dr_proc)) dr_each_thread(wait_thread, 0);
}

/* Frees P once no lookup can still be reading it (P is no longer published). */
void dr_free_after_readers(void *p) {
  if (!p) return;
  dr_wait_readers();
  dr_free(p);
}
