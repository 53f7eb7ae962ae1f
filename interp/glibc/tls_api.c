/* interp/glibc/tls_api.c: the TLS entry points libc's nptl calls.
 *
 * pthread_create lays out each new thread's stack with room for the static TLS
 * block and a struct pthread at its top (sized from GLRO(dl_tls_static_size)),
 * then asks the dynamic linker for a DTV and the initial TLS images
 * (_dl_allocate_tls), and gives them back when the thread's stack is reused
 * or freed (_dl_deallocate_tls). Book: docs/09-tls.md, docs/12-glibc-contract.md.
 */
#include <sys/mman.h>

#include "glibc.h"

#define DTV_SURPLUS 14

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

static struct dr_dtv *dtv_of(uint8_t *tcb) { return *(struct dr_dtv **)(tcb + PD_HEADER_DTV); }

/* A DTV of its own for a new thread: mapped pages, so _dl_deallocate_tls can return them. */
static struct dr_dtv *new_dtv(void) {
  uint64_t len = GL(GL_DL_TLS_MAX_DTV_IDX, uint64_t) + DTV_SURPLUS;
  uint64_t bytes = dr_align_up((len + 2) * sizeof(struct dr_dtv), DR_PAGE);
  struct dr_dtv *a = dr_mmap(0, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (dr_mmap_failed(a)) return 0;
  a[0].val = (void *)len;
  return a + 1;
}

DR_EXPORT void *_dl_allocate_tls_init(uint8_t *tcb, _Bool init_tls);
void *_dl_allocate_tls_init(uint8_t *tcb, _Bool init_tls) {
  (void)init_tls;
  if (!tcb) return 0;
  /* pthread_create calls this without the load lock while another thread may
   * dlopen or dlclose: the slots and their objects are read under the TLS lock. */
  dr_tls_lock();
  struct dr_dtv *dtv = dtv_of(tcb);
  /* A thread stack nptl reuses keeps its DTV, which may predate later modules. */
  if ((uint64_t)dtv[-1].val < GL(GL_DL_TLS_MAX_DTV_IDX, uint64_t)) {
    struct dr_dtv *bigger = new_dtv();
    if (!bigger) {
      dr_tls_unlock();
      return 0;
    }
    if (dtv != GL(GL_DL_INITIAL_DTV, struct dr_dtv *))
      dr_munmap(dtv - 1, dr_align_up(((uint64_t)dtv[-1].val + 2) * sizeof *dtv, DR_PAGE));
    dtv = bigger;
    *(struct dr_dtv **)(tcb + PD_HEADER_DTV) = dtv;
  }
  for (struct slotinfo_list *l = GL(GL_DL_TLS_DTV_SLOTINFO_LIST, struct slotinfo_list *); l; l = l->next)
    for (uint64_t m = 1; m < l->len; m++) {
      struct dr_object *o = l->slot[m].map;
      if (!o || !o->tls) continue;
      if (o->tls_dynamic) {  /* allocated on first use (tls.c) */
        dtv[o->tls_modid] = (struct dr_dtv){(void *)-1, 0};
        continue;
      }
      uint8_t *block = tcb + o->tls_tpoff;
      dtv[o->tls_modid] = (struct dr_dtv){block, 0};
      dr_memcpy(block, (const void *)(o->l_addr + o->tls->p_vaddr), o->tls->p_filesz);
      dr_memset(block + o->tls->p_filesz, 0, o->tls->p_memsz - o->tls->p_filesz);
    }
  dtv[0].val = (void *)GL(GL_DL_TLS_GENERATION, uint64_t);
  dr_tls_unlock();
  return tcb;
}

DR_EXPORT void *_dl_allocate_tls(uint8_t *mem);
void *_dl_allocate_tls(uint8_t *mem) {
  if (!mem) {
    /* A whole block, TCB at the top (nptl always passes its own). */
    uint64_t size = GLRO(GLRO_DL_TLS_STATIC_SIZE, uint64_t), align = GLRO(GLRO_DL_TLS_STATIC_ALIGN, uint64_t);
    uint8_t *raw = dr_mmap(0, dr_align_up(size + align, DR_PAGE), PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (dr_mmap_failed(raw)) return 0;
    mem = (uint8_t *)dr_align_up((uint64_t)raw, align) + size - PD_SIZEOF;
  }
  struct dr_dtv *dtv = new_dtv();
  if (!dtv) return 0;
  *(struct dr_dtv **)(mem + PD_HEADER_DTV) = dtv;
  return _dl_allocate_tls_init(mem, 1);
}

DR_EXPORT void _dl_deallocate_tls(uint8_t *tcb, _Bool dealloc_tcb);
void _dl_deallocate_tls(uint8_t *tcb, _Bool dealloc_tcb) {
  (void)dealloc_tcb; /* libc always passes false: the TCB lives on the thread's stack */
  struct dr_dtv *dtv = dtv_of(tcb);
  if (!dtv) return;
  uint64_t len = (uint64_t)dtv[-1].val;
  /* Dynamic blocks came from libc's malloc (tls.c): they go back to its free. */
  for (uint64_t m = 1; m <= len; m++)
    if (dtv[m].to_free) dr_glibc_free(dtv[m].to_free), dtv[m].to_free = 0;
  if (dtv == GL(GL_DL_INITIAL_DTV, struct dr_dtv *)) return;
  dr_munmap(dtv - 1, dr_align_up((len + 2) * sizeof *dtv, DR_PAGE));
}

DR_EXPORT void _dl_get_tls_static_info(uint64_t *size, uint64_t *align);
void _dl_get_tls_static_info(uint64_t *size, uint64_t *align) {
  *size = GLRO(GLRO_DL_TLS_STATIC_SIZE, uint64_t);
  *align = GLRO(GLRO_DL_TLS_STATIC_ALIGN, uint64_t);
}

/* GLRO(dl_tls_get_addr_soft): MAP's block for this thread, or NULL; never allocates. */
void *dr_glibc_tls_get_addr_soft(struct dr_object *o) DR_HIDDEN;
void *dr_glibc_tls_get_addr_soft(struct dr_object *o) {
  if (!o->tls_modid) return 0;
  uint8_t *tp;
  __asm__("mov %%fs:0, %0" : "=r"(tp));
  struct dr_dtv *dtv = dtv_of(tp);
  if (o->tls_modid > (uint64_t)dtv[-1].val || dtv[o->tls_modid].val == (void *)-1) return 0;
  return dtv[o->tls_modid].val;
}
