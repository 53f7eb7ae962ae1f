/* interp/tls.c: the initial thread's TLS and thread control block (book: docs/09-tls.md).
 *
 * x86-64 uses TLS variant II: %fs holds the thread pointer, which points at
 * the thread control block (TCB); the static TLS blocks of the initial objects
 * lie just below it, laid out by core/tls.c exactly as glibc lays them out.
 * The TCB is glibc's struct pthread (2368 bytes), because libc.so.6 and code it
 * compiled read it: %fs:0 is the TCB's own address, %fs:8 the DTV, %fs:0x28
 * the stack-protector canary and %fs:0x30 the pointer guard. The block and the
 * DTV are sized as glibc sizes them (a surplus for later dlopen, DTV_SURPLUS),
 * and recorded in _rtld_global(_ro), where libc's pthread_create reads them.
 */
#include <asm/unistd.h>
#include <linux/futex.h>
#include <sys/mman.h>

#include "../core/tls.h"
#include "arch/x86_64/syscall.h"
#include "dryad.h"
#include "glibc/glibc.h"

#define TCB_ALIGNMENT 64
#define DTV_SURPLUS 14
/* Slots the first slotinfo list keeps free for dlopen. glibc keeps 62; a full
 * list gets another of 64 chained on (dr_tls_add_module), and each slot is 16
 * bytes of start-up heap, part of a page fault. */
#define SLOTINFO_SURPLUS 6
#define TLS_STATIC_SURPLUS_PER_NS 144  /* glibc's LIBC_IE_TLS + OTHER_IE_TLS per namespace */

/* One DTV entry, glibc's dtv_t: the block and what to free with it. */
struct dr_dtv {
  void *val;
  void *to_free;
};

struct slotinfo {
  uint64_t gen;
  struct dr_object *map;
};
struct slotinfo_list {
  uint64_t len;
  struct slotinfo_list *next;
  struct slotinfo slot[];
};

static void assign_module_ids(struct dr_process *p) {
  uint64_t next = 1;
  for (struct dr_object *o = p->head; o; o = o->next)
    if (o->tls) o->tls_modid = next++;
  p->tls_max_modid = next - 1;
}

static uint64_t lay_out(struct dr_process *p) {
  uint64_t n = p->tls_max_modid ? p->tls_max_modid : 1;
  struct dr_tls_block *b = dr_alloc(n * sizeof *b);
  struct dr_object **who = dr_alloc(n * sizeof *who);
  size_t k = 0;
  for (struct dr_object *o = p->head; o; o = o->next) {
    if (!o->tls) continue;
    uint64_t align = o->tls->p_align ? o->tls->p_align : 1;
    b[k] = (struct dr_tls_block){o->tls->p_memsz, align, o->tls->p_vaddr & (align - 1), 0};
    who[k++] = o;
  }
  if (!dr_tls_layout(b, k, TCB_ALIGNMENT, &p->tls_static_used, &p->tls_static_align))
    dr_fatal("cannot allocate TLS block");
  for (size_t i = 0; i < k; i++) who[i]->tls_tpoff = -(int64_t)b[i].offset;
  return k;
}

/* glibc's surplus: room for dlopened objects' initial-exec TLS (_dl_tls_static_surplus_init). */
static uint64_t surplus(void) {
  uint64_t nns = dr_tunable(0 /* glibc.rtld.nns */), opt = dr_tunable(34 /* optional_static_tls */);
  return (nns - 1) * TLS_STATIC_SURPLUS_PER_NS + nns * TLS_STATIC_SURPLUS_PER_NS + opt +
         TLS_STATIC_SURPLUS_PER_NS;
}

static struct dr_dtv *make_dtv(struct dr_process *p, uint64_t tp) {
  uint64_t len = p->tls_max_modid + DTV_SURPLUS;
  struct dr_dtv *alloc = dr_zalloc((len + 2) * sizeof *alloc);
  alloc[0].val = (void *)len; /* dtv[-1].counter: entries */
  alloc[1].val = (void *)1;   /* dtv[0].counter: generation */
  struct dr_dtv *dtv = alloc + 1;
  for (struct dr_object *o = p->head; o; o = o->next)
    if (o->tls) dtv[o->tls_modid].val = (void *)(tp + (uint64_t)o->tls_tpoff);
  return dtv;
}

static void record(struct dr_process *p, uint64_t nelem, uint64_t static_size, uint64_t extra,
                   struct dr_dtv *dtv) {
  uint64_t len = p->tls_max_modid + 1 + SLOTINFO_SURPLUS;
  struct slotinfo_list *l = dr_zalloc(sizeof *l + len * sizeof(struct slotinfo));
  l->len = len;
  for (struct dr_object *o = p->head; o; o = o->next)
    if (o->tls) l->slot[o->tls_modid] = (struct slotinfo){1, o};
  GL(GL_DL_TLS_MAX_DTV_IDX, uint64_t) = p->tls_max_modid;
  GL(GL_DL_TLS_DTV_SLOTINFO_LIST, struct slotinfo_list *) = l;
  GL(GL_DL_TLS_STATIC_NELEM, uint64_t) = nelem;
  GL(GL_DL_TLS_STATIC_USED, uint64_t) = p->tls_static_used;
  GL(GL_DL_TLS_STATIC_OPTIONAL, uint64_t) = dr_tunable(34);
  GL(GL_DL_INITIAL_DTV, struct dr_dtv *) = dtv;
  GL(GL_DL_TLS_GENERATION, uint64_t) = 1;
  GLRO(GLRO_DL_TLS_STATIC_SIZE, uint64_t) = static_size;
  GLRO(GLRO_DL_TLS_STATIC_ALIGN, uint64_t) = p->tls_static_align;
  GLRO(GLRO_DL_TLS_STATIC_SURPLUS, uint64_t) = extra;
}

void dr_setup_tls(struct dr_process *p) {
  dr_glibc_tunables(p);
  assign_module_ids(p);
  uint64_t nelem = lay_out(p);
  uint64_t extra = surplus();
  uint64_t static_size = dr_align_up(p->tls_static_used + extra, p->tls_static_align) + PD_SIZEOF;
  char *mem = dr_mmap(0, dr_align_up(static_size + p->tls_static_align, DR_PAGE),
                      PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (dr_mmap_failed(mem)) dr_fatal("cannot allocate TLS block");
  /* As glibc: the TCB at the top of the aligned block, TLS blocks below it. */
  uint64_t tp = dr_align_up((uint64_t)mem, p->tls_static_align) + static_size - PD_SIZEOF;
  struct dr_dtv *dtv = make_dtv(p, tp);
  record(p, nelem, static_size, extra, dtv);
  uint8_t *tcb = (uint8_t *)tp;
  *(uint64_t *)(tcb + 0) = tp;              /* header.tcb: %fs:0 reads the thread pointer */
  *(struct dr_dtv **)(tcb + PD_HEADER_DTV) = dtv;
  *(uint64_t *)(tcb + PD_HEADER_SELF) = tp; /* header.self */
  const uint64_t *rnd = (const uint64_t *)p->at[AT_RANDOM];
  if (rnd) {
    /* The canary's low byte is zero so string overflows cannot reproduce it. */
    *(uint64_t *)(tcb + PD_HEADER_STACK_GUARD) = rnd[0] & ~(uint64_t)0xff;
    *(uint64_t *)(tcb + PD_HEADER_POINTER_GUARD) = rnd[1];
  }
  if (dr_arch_prctl_set_fs(tp) < 0) dr_fatal("cannot set up thread pointer");
  p->tls_ready = true;
  dr_glibc_main_thread(p, tcb);
}

/* The initial images are copied once relocation is done: .tdata may hold
 * relocated pointers. .tbss is already zero (fresh anonymous memory). */
void dr_tls_copy_images(struct dr_process *p) {
  uint64_t tp = (uint64_t)dr_thread_pointer();
  for (struct dr_object *o = p->head; o; o = o->next)
    if (o->tls)
      dr_memcpy((void *)(tp + (uint64_t)o->tls_tpoff), (const void *)(o->l_addr + o->tls->p_vaddr),
                o->tls->p_filesz);
}

static void init_static_block(uint8_t *tp, struct dr_object *o) {
  uint8_t *block = tp + o->tls_tpoff;
  dr_memcpy(block, (const void *)(o->l_addr + o->tls->p_vaddr), o->tls->p_filesz);
  dr_memset(block + o->tls->p_filesz, 0, o->tls->p_memsz - o->tls->p_filesz);
}

/* Every thread libc knows: nptl's lists of user-supplied and of its own stacks
 * (struct pthread's `list`), walked under its stack-cache lock as nptl's
 * __pthread_init_static_tls does. */
void dr_each_thread(void (*fn)(uint8_t *tp, struct dr_object *o), struct dr_object *o) {
  int *lock = &GL(GL_DL_STACK_CACHE_LOCK, int);
  /* nptl's lll_lock protocol: 1 held, 2 held with sleepers; it sleeps on the
   * lock as a private futex (LLL_PRIVATE), and a shared wake would miss it. */
  int free_ = 0;
  if (!__atomic_compare_exchange_n(lock, &free_, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
    while (__atomic_exchange_n(lock, 2, __ATOMIC_ACQUIRE) != 0)
      dr_syscall6(__NR_futex, (long)lock, FUTEX_WAIT_PRIVATE, 2, 0, 0, 0);
  const unsigned lists[2] = {GL_DL_STACK_USED, GL_DL_STACK_USER};
  for (int k = 0; k < 2; k++) {
    uint64_t *head = &GL(lists[k], uint64_t);
    for (uint64_t *n = (uint64_t *)head[0]; n && n != head; n = (uint64_t *)n[0])
      fn((uint8_t *)n - PD_LIST, o);
  }
  if (__atomic_exchange_n(lock, 0, __ATOMIC_RELEASE) == 2)
    dr_syscall6(__NR_futex, (long)lock, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
}

/* dlopen: new static-TLS blocks, once relocated, in every thread's block; the
 * calling thread's DTV points at its own. */
void dr_tls_copy_static(struct dr_process *p, struct dr_object *first) {
  uint64_t tp = (uint64_t)dr_thread_pointer();
  struct dr_dtv *dtv = *(struct dr_dtv **)(tp + PD_HEADER_DTV);
  for (struct dr_object *o = first; o; o = o->next) {
    if (!o->tls || o->tls_dynamic) continue;
    if (dr_glibc_libc(p)) dr_each_thread(init_static_block, o);
    else init_static_block((uint8_t *)tp, o);
    if (o->tls_modid <= (uint64_t)dtv[-1].val) dtv[o->tls_modid] = (struct dr_dtv){(uint8_t *)tp + o->tls_tpoff, 0};
  }
}

/* dlopen: a new TLS module. An object that asks for static TLS (DF_STATIC_TLS,
 * initial-exec code) gets room in the surplus left after the initial blocks;
 * any other gets its block on first use, per thread, in dr_tls_get_addr. */
/* The lowest module id dlclose has freed, or 0 (glibc reuses them: _dl_next_tls_modid). */
static uint64_t free_modid(struct dr_process *p) {
  uint64_t base = 0;
  for (struct slotinfo_list *l = GL(GL_DL_TLS_DTV_SLOTINFO_LIST, struct slotinfo_list *); l; l = l->next) {
    for (uint64_t i = base ? 0 : 1; i < l->len && base + i <= p->tls_max_modid; i++)
      if (!l->slot[i].map) return base + i;
    base += l->len;
  }
  return 0;
}

/* Room for O's block in the static TLS surplus, or the error glibc gives. */
void dr_tls_make_static(struct dr_object *o) {
  /* glibc's FORCED_DYNAMIC_TLS_OFFSET: blocks already handed out stay where they are. */
  if (o->tls_used_dynamic) dr_fatal_load(dr_object_name(o), "cannot allocate memory in static TLS block");
  uint64_t align = o->tls->p_align ? o->tls->p_align : 1;
  uint64_t first = (0 - (o->tls->p_vaddr & (align - 1))) & (align - 1);
  uint64_t used = GL(GL_DL_TLS_STATIC_USED, uint64_t);
  uint64_t off = dr_align_up(used + o->tls->p_memsz - first, align) + first;
  if (off > GLRO(GLRO_DL_TLS_STATIC_SIZE, uint64_t) - PD_SIZEOF)
    dr_fatal_load(dr_object_name(o), "cannot allocate memory in static TLS block");
  GL(GL_DL_TLS_STATIC_USED, uint64_t) = off;
  o->tls_in_surplus = true;
  o->tls_static_from = used;
  o->tls_tpoff = -(int64_t)off;
  o->tls_dynamic = false;
}

void dr_tls_add_module(struct dr_process *p, struct dr_object *o) {
  uint64_t reuse = free_modid(p);
  o->tls_modid = reuse ? reuse : ++p->tls_max_modid;
  /* Initial-exec code (DF_STATIC_TLS) needs a fixed offset; the rest is allocated per
   * thread on first use, unless a TPOFF64 relocation asks otherwise (relocate.c). */
  if (o->dyn.flags & DF_STATIC_TLS) dr_tls_make_static(o);
  else o->tls_dynamic = true;
  uint64_t gen = ++GL(GL_DL_TLS_GENERATION, uint64_t);
  uint64_t m = o->tls_modid;
  struct slotinfo_list *l = GL(GL_DL_TLS_DTV_SLOTINFO_LIST, struct slotinfo_list *);
  while (m >= l->len) {
    m -= l->len;
    if (!l->next) {
      struct slotinfo_list *n = dr_zalloc(sizeof *n + 64 * sizeof(struct slotinfo));
      n->len = 64;
      l->next = n;
    }
    l = l->next;
  }
  l->slot[m] = (struct slotinfo){gen, o};
  GL(GL_DL_TLS_MAX_DTV_IDX, uint64_t) = p->tls_max_modid;
}

/* dlclose: the module's slot is emptied and the generation moves on, so each
 * thread's DTV entry is dropped (and its block freed) at its next
 * __tls_get_addr. */
void dr_tls_remove_module(struct dr_process *p, struct dr_object *o) {
  (void)p;
  uint64_t m = o->tls_modid;
  for (struct slotinfo_list *l = GL(GL_DL_TLS_DTV_SLOTINFO_LIST, struct slotinfo_list *); l; l = l->next) {
    if (m < l->len) {
      l->slot[m].map = 0;
      l->slot[m].gen = ++GL(GL_DL_TLS_GENERATION, uint64_t);
      break;
    }
    m -= l->len;
  }
}

/* dlclose: static TLS of the unloaded objects V that lies at the end of the
 * used part is given back, so that a plugin with initial-exec TLS can be
 * loaded and unloaded for ever. Like glibc, only within one dlclose: a block
 * below a survivor's stays lost. */
void dr_tls_reclaim_static(struct dr_object **v, uint32_t n) {
  uint64_t *used = &GL(GL_DL_TLS_STATIC_USED, uint64_t);
  for (bool more = true; more;) {
    more = false;
    for (uint32_t i = 0; i < n; i++)
      if (v[i]->tls_in_surplus && (uint64_t)-v[i]->tls_tpoff == *used) {
        *used = v[i]->tls_static_from;
        v[i]->tls_in_surplus = false;
        more = true;
      }
  }
}

/* A DTV long enough for every module, replacing the thread's own if needed. */
static struct dr_dtv *current_dtv(uint8_t *tp) {
  struct dr_dtv *dtv = *(struct dr_dtv **)(tp + PD_HEADER_DTV);
  uint64_t max = GL(GL_DL_TLS_MAX_DTV_IDX, uint64_t), len = (uint64_t)dtv[-1].val;
  if (max <= len) return dtv;
  uint64_t nlen = max + DTV_SURPLUS;
  uint64_t bytes = dr_align_up((nlen + 2) * sizeof(struct dr_dtv), DR_PAGE);
  struct dr_dtv *a = dr_mmap(0, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (dr_mmap_failed(a)) dr_fatal("cannot allocate TLS block");
  dr_memcpy(a + 1, dtv, (len + 1) * sizeof *a);
  a[0].val = (void *)nlen;
  if (dtv != GL(GL_DL_INITIAL_DTV, struct dr_dtv *))
    dr_munmap(dtv - 1, dr_align_up((len + 2) * sizeof *dtv, DR_PAGE));
  *(struct dr_dtv **)(tp + PD_HEADER_DTV) = a + 1;
  return a + 1;
}

static struct dr_object *module_object(uint64_t m) {
  for (struct slotinfo_list *l = GL(GL_DL_TLS_DTV_SLOTINFO_LIST, struct slotinfo_list *); l; l = l->next) {
    if (m < l->len) return l->slot[m].map;
    m -= l->len;
  }
  return 0;
}

/* A module's block for this thread, on its first use: from libc's malloc,
 * because libc frees dtv[m].to_free itself when a thread's stack is reused. */
static void *allocate_block(uint8_t *tp, struct dr_dtv *dtv, uint64_t m) {
  /* Static or dynamic is decided under the TLS lock: a dlopen in another
   * thread may be moving this module into static TLS (dr_tls_make_static). */
  dr_tls_lock();
  struct dr_object *o = module_object(m);
  if (!o || !o->tls) dr_fatal("TLS module %lu is not loaded", m);
  if (!o->tls_dynamic) {
    dtv[m].val = tp + o->tls_tpoff;
    dr_tls_unlock();
    return dtv[m].val;
  }
  o->tls_used_dynamic = true;
  dr_tls_unlock();
  uint64_t align = o->tls->p_align ? o->tls->p_align : 1;
  uint8_t *raw = dr_glibc_malloc(o->tls->p_memsz + align);
  if (!raw) dr_fatal("cannot allocate memory for thread-local data");
  uint8_t *block = (uint8_t *)dr_align_up((uint64_t)raw, align);
  dr_memcpy(block, (const void *)(o->l_addr + o->tls->p_vaddr), o->tls->p_filesz);
  dr_memset(block + o->tls->p_filesz, 0, o->tls->p_memsz - o->tls->p_filesz);
  dtv[m] = (struct dr_dtv){block, raw};
  return block;
}

/* Entries whose slot changed since this DTV's generation (a module dlclose
 * unloaded, or an id reused by a later dlopen) are dropped, their blocks given
 * back to libc's free; they are allocated again on next use. */
static void forget_changed(struct dr_dtv *dtv, uint64_t since) {
  uint64_t len = (uint64_t)dtv[-1].val, base = 0;
  for (struct slotinfo_list *l = GL(GL_DL_TLS_DTV_SLOTINFO_LIST, struct slotinfo_list *); l; l = l->next) {
    for (uint64_t i = 0; i < l->len && base + i <= len; i++) {
      uint64_t m = base + i;
      if (m == 0 || l->slot[i].gen <= since) continue;
      if (dtv[m].to_free) dr_glibc_free(dtv[m].to_free);
      dtv[m] = (struct dr_dtv){(void *)-1, 0};
    }
    base += l->len;
  }
}

/* The general- and local-dynamic TLS models call __tls_get_addr with
 * {module, offset} (arch/x86_64/jump.S realigns the stack and comes here). */
struct dr_tls_index {
  uint64_t module, offset;
};

void *dr_tls_get_addr(struct dr_tls_index *ti) DR_HIDDEN;
void *dr_tls_get_addr(struct dr_tls_index *ti) {
  uint8_t *tp = dr_thread_pointer();
  struct dr_dtv *dtv = *(struct dr_dtv **)(tp + PD_HEADER_DTV);
  uint64_t gen = __atomic_load_n(&GL(GL_DL_TLS_GENERATION, uint64_t), __ATOMIC_ACQUIRE);
  if ((uint64_t)dtv[0].val != gen) {
    uint64_t since = (uint64_t)dtv[0].val;
    dtv = current_dtv(tp);
    forget_changed(dtv, since);
    dtv[0].val = (void *)gen;
  }
  void *v = dtv[ti->module].val;
  if (!v || v == (void *)-1) v = allocate_block(tp, dtv, ti->module);
  return (char *)v + ti->offset;
}
