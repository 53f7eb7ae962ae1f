/* interp/glibc/thread.c: the main thread's struct pthread.
 *
 * What glibc's ld.so does for the initial thread before any libc code runs
 * (its __tls_init_tp): nptl's lists, the kernel's tid and clear-tid address,
 * the robust mutex list, rseq registration, the thread-specific data block.
 * libc relies on each: pthread_self, robust mutexes, sched_getcpu, and the
 * stack-list walks of fork and setxid. Book: docs/12-glibc-contract.md.
 */
#include <asm/unistd.h>

#include "../arch/x86_64/syscall.h"
#include "glibc.h"

/* Exported (GLIBC_2.35): where the rseq area lies from the thread pointer, its size, its flags. */
DR_EXPORT ptrdiff_t __rseq_offset;
DR_EXPORT unsigned int __rseq_size;
DR_EXPORT const unsigned int __rseq_flags;
/* Written by libthread_db (gdb) before threads exist. */
DR_EXPORT _Bool __nptl_initial_report_events;

#define RSEQ_SIG 0x53053053
#define RSEQ_CPU_ID_UNINITIALIZED (-1)
#define RSEQ_CPU_ID_REGISTRATION_FAILED (-2)

static void list_init(uint64_t *l) { l[0] = l[1] = (uint64_t)l; }

/* list_add: ELEM after HEAD, as nptl's list.h. */
static void list_add(uint64_t *elem, uint64_t *head) {
  uint64_t *next = (uint64_t *)head[0];
  elem[0] = (uint64_t)next;
  elem[1] = (uint64_t)head;
  next[1] = (uint64_t)elem;
  head[0] = (uint64_t)elem;
}

static void register_rseq(uint8_t *tcb) {
  uint8_t *area = tcb + PD_RSEQ_AREA;
  *(int32_t *)(area + 4) = RSEQ_CPU_ID_UNINITIALIZED;
  __rseq_offset = PD_RSEQ_AREA;
  __rseq_size = 0;
  if (dr_tunable(5 /* glibc.pthread.rseq */) &&
      dr_syscall4(__NR_rseq, area, 32, 0, RSEQ_SIG) == 0) {
    __rseq_size = 20;
    return;
  }
  /* -2, not -1: libc's sched_getcpu and pthread_create read it. */
  *(int32_t *)(area + 4) = RSEQ_CPU_ID_REGISTRATION_FAILED;
}

void dr_glibc_main_thread(struct dr_process *p, uint8_t *tcb) {
  list_init(&GL(GL_DL_STACK_USED, uint64_t));
  list_init(&GL(GL_DL_STACK_USER, uint64_t));
  list_init(&GL(GL_DL_STACK_CACHE, uint64_t));
  list_add((uint64_t *)(tcb + PD_LIST), &GL(GL_DL_STACK_USER, uint64_t));
  *(int32_t *)(tcb + PD_TID) = (int32_t)dr_syscall1(__NR_set_tid_address, tcb + PD_TID);
  *(uint8_t **)(tcb + PD_SPECIFIC) = tcb + PD_SPECIFIC_1STBLOCK;
  tcb[PD_USER_STACK] = 1;
  tcb[PD_REPORT_EVENTS] = __nptl_initial_report_events;
  /* The robust list: empty, pointing at itself; futex_offset as nptl sets it. */
  uint8_t *head = tcb + PD_ROBUST_HEAD;
  *(uint8_t **)(tcb + PD_ROBUST_PREV) = head;
  *(uint8_t **)head = head;
  *(int64_t *)(head + 8) = -32;
  dr_syscall2(__NR_set_robust_list, head, 24);
  register_rseq(tcb);
  /* glibc stores __libc_stack_end itself here, an address used as a size. */
  *(uint64_t *)(tcb + PD_STACKBLOCK_SIZE) = (uint64_t)p->initial_sp;
}
