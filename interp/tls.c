/* interp/tls.c: the initial thread's TLS and thread control block (book: docs/09-tls.md).
 *
 * x86-64 uses TLS variant II: %fs holds the thread pointer, which points at
 * the thread control block (TCB); the static TLS blocks of the initial objects
 * lie just below it, laid out by core/tls.c. The TCB's first words are what
 * compiled code reads directly: %fs:0 is the TCB's own address (so
 * `mov %fs:0, %rax` yields the thread pointer), %fs:8 the DTV, %fs:0x28 the
 * stack-protector canary and %fs:0x30 the pointer guard, both from AT_RANDOM.
 */
#include <sys/mman.h>

#include "../core/tls.h"
#include "arch/x86_64/syscall.h"
#include "dryad.h"

/* Room above the thread pointer for the TCB (glibc's struct pthread is 2304 bytes). */
#define DR_TCB_SIZE 4096

/* One DTV entry, as glibc lays it out: the block and whether it is static. */
struct dr_dtv {
  void *val;
  uint64_t is_static;
};

static void assign_module_ids(struct dr_process *p) {
  uint64_t next = 1;
  for (struct dr_object *o = p->head; o; o = o->l_next)
    if (o->tls) o->tls_modid = next++;
  p->tls_max_modid = next - 1;
}

static void lay_out(struct dr_process *p) {
  uint64_t n = p->tls_max_modid;
  struct dr_tls_block *b = dr_alloc((n ? n : 1) * sizeof *b);
  struct dr_object **who = dr_alloc((n ? n : 1) * sizeof *who);
  size_t k = 0;
  for (struct dr_object *o = p->head; o; o = o->l_next) {
    if (!o->tls) continue;
    uint64_t align = o->tls->p_align ? o->tls->p_align : 1;
    b[k] = (struct dr_tls_block){o->tls->p_memsz, align, o->tls->p_vaddr & (align - 1), 0};
    who[k++] = o;
  }
  if (!dr_tls_layout(b, k, 64, &p->tls_static_used, &p->tls_static_align))
    dr_fatal("cannot allocate TLS block");
  for (size_t i = 0; i < k; i++) who[i]->tls_tpoff = -(int64_t)b[i].offset;
}

static void fill_guards(struct dr_process *p, uint64_t *tcb) {
  const uint64_t *rnd = (const uint64_t *)p->at[AT_RANDOM];
  if (!rnd) return;
  /* The canary's low byte is zero so string overflows cannot reproduce it. */
  tcb[5] = rnd[0] & ~(uint64_t)0xff;
  tcb[6] = rnd[1];
}

void dr_setup_tls(struct dr_process *p) {
  assign_module_ids(p);
  lay_out(p);
  uint64_t below = dr_align_up(p->tls_static_used, p->tls_static_align);
  uint64_t size = below + DR_TCB_SIZE + p->tls_static_align;
  char *mem = dr_mmap(0, dr_align_up(size, DR_PAGE), PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (dr_mmap_failed(mem)) dr_fatal("cannot allocate TLS block");
  uint64_t tp = dr_align_up((uint64_t)mem + below, p->tls_static_align);
  struct dr_dtv *dtv = dr_zalloc((p->tls_max_modid + 2) * sizeof *dtv);
  dtv[0].val = (void *)(uintptr_t)p->tls_max_modid; /* dtv[-1]: number of entries */
  dtv++;                                             /* dtv[0].val: generation 0 */
  for (struct dr_object *o = p->head; o; o = o->l_next) {
    if (!o->tls) continue;
    char *block = (char *)(tp + (uint64_t)o->tls_tpoff);
    dr_memcpy(block, (const void *)(o->l_addr + o->tls->p_vaddr), o->tls->p_filesz);
    /* .tbss is already zero: the mapping is fresh. */
    dtv[o->tls_modid] = (struct dr_dtv){block, 1};
  }
  uint64_t *tcb = (uint64_t *)tp;
  tcb[0] = tp;             /* tcbhead_t.tcb: %fs:0 reads the thread pointer */
  tcb[1] = (uint64_t)dtv;  /* tcbhead_t.dtv */
  tcb[2] = tp;             /* tcbhead_t.self */
  fill_guards(p, tcb);
  if (dr_arch_prctl_set_fs(tp) < 0) dr_fatal("cannot set up thread pointer");
}

/* The general- and local-dynamic TLS models call this with {module, offset}. */
struct dr_tls_index {
  uint64_t module, offset;
};

DR_EXPORT void *__tls_get_addr(struct dr_tls_index *ti);
void *__tls_get_addr(struct dr_tls_index *ti) {
  struct dr_dtv *dtv = ((struct dr_dtv **)dr_thread_pointer())[1];
  return (char *)dtv[ti->module].val + ti->offset;
}
