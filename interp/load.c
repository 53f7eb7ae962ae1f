/* interp/load.c: opening, checking and mapping one object (book: docs/05-mapping.md).
 *
 * The ELF header and program headers are read with pread, not mapped: a
 * mapping of the whole file cost two system calls and a page fault per object.
 * core/ checks them, and every offset they name, against the file's size.
 * Then one PROT_NONE reservation
 * covers the object's whole address range (aligned to its largest p_align),
 * and each PT_LOAD is mapped into it at bias + p_vaddr with its own
 * protections. The part of .bss that shares a page with file data is zeroed
 * by hand; the rest is fresh anonymous memory. Nothing is left mapped when a
 * check fails.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "arch/x86_64/touch.h"
#include "dryad.h"
#include "glibc/glibc.h"

static int prot_of(uint32_t pf) {
  return ((pf & PF_R) ? PROT_READ : 0) | ((pf & PF_W) ? PROT_WRITE : 0) |
         ((pf & PF_X) ? PROT_EXEC : 0);
}

/* Reserves the object's span; for ET_EXEC at its fixed address. Returns the bias. */
static bool reserve(const struct dr_elf_file *f, uint64_t *start, uint64_t *size, uint64_t *bias) {
  uint64_t span = f->vaddr_hi - f->vaddr_lo;
  if (f->e_type == ET_EXEC) {
    void *p = dr_mmap((void *)f->vaddr_lo, span, PROT_NONE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (dr_mmap_failed(p) || (uint64_t)p != f->vaddr_lo) return false;
    *start = f->vaddr_lo, *size = span, *bias = 0;
    return true;
  }
  uint64_t align = f->max_align > DR_PAGE ? f->max_align : DR_PAGE;
  uint64_t extra = align > DR_PAGE ? align - DR_PAGE : 0;
  char *p = dr_mmap(0, span + extra, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (dr_mmap_failed(p)) return false;
  uint64_t lo = dr_align_up((uint64_t)p, align);
  /* Give back the slack on both sides of the aligned span. */
  if (lo > (uint64_t)p) dr_munmap(p, lo - (uint64_t)p);
  if ((uint64_t)p + span + extra > lo + span)
    dr_munmap((void *)(lo + span), (uint64_t)p + span + extra - (lo + span));
  *start = lo, *size = span, *bias = lo - f->vaddr_lo;
  return true;
}

static bool map_segment(const Elf64_Phdr *ph, uint64_t bias, int fd) {
  uint64_t page_va = dr_align_down(ph->p_vaddr, DR_PAGE);
  uint64_t file_end = ph->p_vaddr + ph->p_filesz, mem_end = ph->p_vaddr + ph->p_memsz;
  int prot = prot_of(ph->p_flags);
  if (ph->p_filesz) {
    uint64_t len = dr_align_up(file_end, DR_PAGE) - page_va;
    void *p = dr_mmap((void *)(bias + page_va), len, prot, MAP_PRIVATE | MAP_FIXED, fd,
                      dr_align_down(ph->p_offset, DR_PAGE));
    if (dr_mmap_failed(p)) return false;
  }
  if (mem_end <= file_end) return true;
  /* .bss: zero the rest of the last file page, then map anonymous pages. */
  uint64_t zero_from = file_end, zero_page_end = dr_align_up(file_end, DR_PAGE);
  if (ph->p_filesz && zero_page_end > zero_from) {
    if (!(prot & PROT_WRITE)) dr_mprotect((void *)(bias + dr_align_down(zero_from, DR_PAGE)), DR_PAGE, prot | PROT_WRITE);
    uint64_t end = mem_end < zero_page_end ? mem_end : zero_page_end;
    dr_memset((void *)(bias + zero_from), 0, end - zero_from);
    if (!(prot & PROT_WRITE)) dr_mprotect((void *)(bias + dr_align_down(zero_from, DR_PAGE)), DR_PAGE, prot);
  }
  uint64_t anon_from = ph->p_filesz ? zero_page_end : page_va;
  uint64_t anon_end = dr_align_up(mem_end, DR_PAGE);
  if (anon_end > anon_from) {
    void *p = dr_mmap((void *)(bias + anon_from), anon_end - anon_from, prot,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (dr_mmap_failed(p)) return false;
  }
  return true;
}

/* Reads N bytes at offset 0 into BUF; false if the file gave fewer. */
static bool read_head(int fd, void *buf, uint64_t n) {
  for (uint64_t got = 0; got < n;) {
    long r = dr_pread(fd, (char *)buf + got, n - got, got);
    if (r == -4) continue; /* EINTR */
    if (r <= 0) return false;
    got += (uint64_t)r;
  }
  return true;
}

struct dr_object *dr_map_object(struct dr_process *p, const char *path, int fd, const char **why) {
  (void)p;
  struct stat st;
  if (dr_fstat(fd, &st) < 0) return *why = "cannot stat shared object", (struct dr_object *)0;
  if (!S_ISREG(st.st_mode)) return *why = "not a regular file", (struct dr_object *)0;
  if ((uint64_t)st.st_size < sizeof(Elf64_Ehdr)) return *why = "file too short", (struct dr_object *)0;
  /* The first 1 KiB holds the ELF header and program headers of nearly every
   * object (glibc reads 832 bytes, two phdrs short of libc.so.6's fourteen); a
   * table further on gets a buffer of its own and a second read. On the stack,
   * in pages startup has touched already: a static buffer cost a page fault of
   * its own. */
  uint64_t head[1024 / 8];
  void *file = head, *big = 0;
  uint64_t file_size = (uint64_t)st.st_size;
  struct dr_bytes bytes = {file, file_size < sizeof head ? file_size : sizeof head};
  struct dr_elf_file f;
  struct dr_object *o = 0;
  uint64_t start = 0, size = 0, bias = 0;
  if (!read_head(fd, file, bytes.size)) {
    *why = "cannot read file data";
    goto out;
  }
  *why = dr_elf_check_head(&bytes, file_size, DR_PAGE, &f);
  if (*why && dr_strcmp(*why, DR_ELF_HEAD_SHORT) == 0) {
    const Elf64_Ehdr *e = file; /* checked: the table lies inside the file */
    bytes.size = e->e_phoff + (uint64_t)e->e_phnum * sizeof(Elf64_Phdr);
    bytes.data = big = dr_alloc(bytes.size);
    *why = read_head(fd, big, bytes.size) ? dr_elf_check_head(&bytes, file_size, DR_PAGE, &f)
                                         : "cannot read file data";
  }
  if (*why) goto out;
  if (!f.dynamic && f.e_type == ET_DYN) {
    *why = "object file has no dynamic section";
    goto out;
  }
  if (!reserve(&f, &start, &size, &bias)) {
    *why = "failed to map segment from shared object";
    goto out;
  }
  for (uint16_t i = 0; i < f.phnum; i++) {
    if (f.phdr[i].p_type != PT_LOAD || f.phdr[i].p_memsz == 0) continue;
    if (!map_segment(&f.phdr[i], bias, fd)) {
      dr_munmap((void *)start, size);
      *why = "failed to map segment from shared object";
      goto out;
    }
  }
  /* Objects are most of startup's memory, and each page of it is a page fault:
   * a struct that grows must be a decision (docs/14-parallel.md, page faults). */
  _Static_assert(sizeof *o <= 2032, "struct dr_object outgrew its budget");
  o = dr_zalloc(sizeof *o);
  o->l_addr = bias;
  o->map_start = start;
  o->map_size = size;
  dr_bindcache_note_file(o, &st);
  o->entry = bias + f.e_entry;
  /* The program headers must outlive the bytes read: use the loaded copy if
   * a readable PT_LOAD covers them, else keep our own. */
  struct dr_image mapped = {bias, f.phdr, f.phnum, false, 0, 0};
  if (f.phdr_vaddr &&
      dr_image_ptr(&mapped, f.phdr_vaddr, (uint64_t)f.phnum * sizeof(Elf64_Phdr), false)) {
    o->phdr = (const Elf64_Phdr *)(bias + f.phdr_vaddr);
  } else {
    Elf64_Phdr *copy = dr_alloc(f.phnum * sizeof(Elf64_Phdr));
    dr_memcpy(copy, f.phdr, f.phnum * sizeof(Elf64_Phdr));
    o->phdr = copy;
  }
  o->phnum = f.phnum;
  o->image = (struct dr_image){bias, o->phdr, o->phnum, false, 0, 0};
  o->l_name = dr_strdup(path);
  if (!dr_object_finish(o, why)) {
    dr_munmap((void *)start, size);
    dr_free_object(o);
    o = 0;
  }
out:
  dr_free(big);
  return o;
}

/* PT_GNU_RELRO is write-protected page by page once relocated (dr_apply_relro): it
 * must start in a writable PT_LOAD, and its pages must stay within the object's, or
 * a damaged header would make whatever is mapped next read-only (another object's
 * data, dryad's own). lld rounds p_memsz up to a page past its PT_LOAD: allowed. */
static bool relro_ok(const struct dr_object *o) {
  const Elf64_Phdr *r = o->relro;
  if (r->p_memsz == 0) return true;
  uint64_t hi = 0, end = r->p_vaddr + r->p_memsz;
  bool starts_in_data = false;
  for (uint16_t i = 0; i < o->phnum; i++) {
    const Elf64_Phdr *ph = &o->phdr[i];
    if (ph->p_type != PT_LOAD || ph->p_memsz == 0) continue;
    uint64_t seg_end = dr_align_up(ph->p_vaddr + ph->p_memsz, DR_PAGE);
    if (seg_end > hi) hi = seg_end;
    if ((ph->p_flags & PF_W) && r->p_vaddr >= ph->p_vaddr && r->p_vaddr - ph->p_vaddr < ph->p_memsz)
      starts_in_data = true;
  }
  return starts_in_data && end > r->p_vaddr && dr_align_down(end, DR_PAGE) <= hi;
}

/* dr_load_pages_compatible for every pair of consecutive PT_LOADs: dr_elf_check_file
 * checks files dryad maps; this is for the program the kernel mapped, whose
 * headers it never saw. */
static bool shared_pages_ok(const struct dr_object *o) {
  const Elf64_Phdr *prev = 0;
  for (uint16_t i = 0; i < o->phnum; i++) {
    const Elf64_Phdr *ph = &o->phdr[i];
    if (ph->p_type != PT_LOAD || ph->p_memsz == 0) continue;
    if (prev && !dr_load_pages_compatible(prev->p_vaddr + prev->p_memsz, prev->p_flags, ph, DR_PAGE))
      return false;
    prev = ph;
  }
  return true;
}

/* O's two version tables, from one walk of each chain, into one block with room
 * for common libraries (libc.so.6: 66 indices), trimmed to what they hold, the
 * definitions moved down after the versions: no copy, no big stack frame (a
 * page fault when it reaches a new page), freed with o->versions. A larger
 * object's walk is repeated into a block of the size the first one reported. */
static bool build_versions(struct dr_object *o, const char **why) {
  size_t vcap = 96, dcap = 96, nd = 0;
  for (;;) {
    struct dr_version *versions = dr_alloc(vcap * sizeof *versions + dcap * sizeof(struct dr_verdef));
    struct dr_verdef *defs = (struct dr_verdef *)(versions + vcap);
    long nv = dr_versions_tables(&o->image, &o->dyn, versions, vcap, defs, dcap, &nd);
    if (nv < 0) {
      dr_free(versions);
      *why = "invalid version information";
      return false;
    }
    if ((size_t)nv > vcap || nd > dcap) {
      dr_free(versions);
      vcap = (size_t)nv > vcap ? (size_t)nv : vcap;
      dcap = nd > dcap ? nd : dcap;
      continue;
    }
    if (nv == 0 && nd == 0) {
      dr_free(versions);
      return true;
    }
    struct dr_verdef *kept = (struct dr_verdef *)(versions + nv);
    for (size_t i = 0; i < nd; i++) kept[i] = defs[i];  /* forward: KEPT lies below DEFS */
    struct dr_verdef *dirty = kept + nd > defs ? kept + nd : defs;  /* dr_shrink wants zeros */
    if (dirty < defs + nd) dr_memset(dirty, 0, (uint64_t)(defs + nd - dirty) * sizeof *defs);
    dr_shrink(versions, (uint64_t)nv * sizeof *versions + nd * sizeof *defs);
    o->versions = versions;
    o->nversions = (uint32_t)nv;
    o->verdefs = kept;
    o->nverdefs = (uint32_t)nd;
    o->symobj.versions = versions;
    o->symobj.nversions = (uint32_t)nv;
    dr_glibc_set_versions(o);
    return true;
  }
}

/* The version tables of startup's objects, deferred by dr_object_finish: a
 * replayed binding cache looks nothing up, and its files were checked, tables
 * and all, by the run that wrote it. Whatever reads a table first builds them
 * all (dr_versions_ready): a search, a version check, dlsym, dlopen. Lazy
 * binding may ask from any thread: a spin lock of its own, as the load lock
 * needs the thread pointer and libc's mutexes, neither there before TLS. */
void dr_versions_build_all(struct dr_process *p) {
  static int lock;
  while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE)) dr_sched_yield();
  struct dr_object *bad = 0;
  const char *why = 0;
  for (struct dr_object *o = p->head; o && !bad; o = o->next) {
    if (!o->versions_pending) continue;
    if (!build_versions(o, &why)) bad = o;
    else o->versions_pending = false;
  }
  if (!bad) __atomic_store_n(&p->versions_pending, 0, __ATOMIC_RELEASE);
  __atomic_store_n(&lock, 0, __ATOMIC_RELEASE); /* before the error, which dlopen may catch */
  if (bad) dr_fatal_load(dr_object_name(bad), why);
}

/* After dr_bindcache_open: startup's objects get their tables now, unless a
 * replayed cache lets them wait for a reader; objects loaded later, at once. */
void dr_versions_settle(struct dr_process *p) {
  p->versions_now = true;
  if (!dr_bindcache_replaying()) dr_versions_ready();
}

/* Everything after mapping that reads the object: dynamic section, versions, TLS,
 * stack flags. Shared by mapped objects, the kernel-mapped program and dryad. */
bool dr_object_finish(struct dr_object *o, const char **why) {
  o->stack_flags = PF_R | PF_W | PF_X;
  const Elf64_Phdr *dynamic = 0;
  for (uint16_t i = 0; i < o->phnum; i++) {
    const Elf64_Phdr *ph = &o->phdr[i];
    if (ph->p_type == PT_DYNAMIC) dynamic = ph;
    if (ph->p_type == PT_TLS && ph->p_memsz) o->tls = ph;
    if (ph->p_type == PT_GNU_RELRO) o->relro = ph;
    if (ph->p_type == PT_GNU_STACK) o->stack_flags = ph->p_flags;
  }
  /* The initialisation image is copied into a block of p_memsz bytes: it must fit,
   * and lie in the object. A block or alignment of a gigabyte is a damaged header
   * (the sizes would overflow the static TLS layout further on). */
  if (o->tls && (!dr_align_ok(o->tls->p_align) || o->tls->p_align > (1ULL << 30) ||
                 o->tls->p_memsz > (1ULL << 30) || o->tls->p_filesz > o->tls->p_memsz ||
                 !dr_image_ptr(&o->image, o->tls->p_vaddr, o->tls->p_filesz, false))) {
    *why = "invalid PT_TLS segment";
    return false;
  }
  if (!shared_pages_ok(o)) {
    *why = "ELF load commands share a page with different protections";
    return false;
  }
  if (o->relro && !relro_ok(o)) {
    *why = "invalid PT_GNU_RELRO segment";
    return false;
  }
  if (dynamic) {
    /* Parsed, then adjusted in place for glibc (link_map.c fill_info) or given
     * DT_DEBUG: one write fault instead of a read fault and a copy. */
    void *first = dr_image_ptr(&o->image, dynamic->p_vaddr, sizeof(Elf64_Dyn), true);
    if (first && !o->is_rtld) dr_touch_for_write(first);
    if ((*why = dr_dynamic_parse(&o->image, dynamic->p_vaddr, dynamic->p_memsz, &o->dyn)))
      return false;
    o->l_ld = (Elf64_Dyn *)(o->l_addr + dynamic->p_vaddr);
  }
  o->image.textrel = o->dyn.textrel;
  if (o->dyn.soname != UINT64_MAX) o->soname = dr_dyn_str(&o->dyn, o->dyn.soname);
  o->symobj = (struct dr_symobj){&o->dyn, 0, 0, false, false};
  if (!o->dyn.verdef && !o->dyn.verneed) return true;
  /* Startup's objects wait for dr_versions_build_all (dr_versions_ready). */
  if (!dr_proc.versions_now) {
    o->versions_pending = true;
    dr_proc.versions_pending++;
    return true;
  }
  return build_versions(o, why);
}


/* O joins the process's list and, chained by l_next, the list of the
 * namespace being loaded into. */
void dr_append_object(struct dr_process *p, struct dr_object *o) {
  o->index = p->nobjects++;
  o->listed = true;
  p->list_gen++;
  o->prev = p->tail;
  o->next = 0;
  if (p->tail) p->tail->next = o;
  else p->head = o;
  p->tail = o;
  struct dr_namespace *ns = &p->ns[p->loading_ns];
  o->ns = p->loading_ns;
  o->l_prev = ns->tail;
  o->l_next = 0;
  if (ns->tail) ns->tail->l_next = o;
  else ns->head = o;
  ns->tail = o;
  ns->nobjects++;
}

void dr_unlink_object(struct dr_process *p, struct dr_object *o) {
  if (o->prev) o->prev->next = o->next;
  else p->head = o->next;
  if (o->next) o->next->prev = o->prev;
  else p->tail = o->prev;
  o->next = o->prev = 0;
  struct dr_namespace *ns = &p->ns[o->ns];
  if (o->l_prev) o->l_prev->l_next = o->l_next;
  else ns->head = o->l_next;
  if (o->l_next) o->l_next->l_prev = o->l_prev;
  else ns->tail = o->l_prev;
  o->l_next = o->l_prev = 0;
  ns->nobjects--;
  if (ns->rtld_proxy == o) ns->rtld_proxy = 0;
  o->listed = false;
  p->nobjects--;
  p->list_gen++;
}

/* dryad itself in a namespace other than 0: there is one dryad, so the
 * namespace gets a link map that stands for it (glibc's l_real points at the
 * real one), with dryad's symbols and nothing of its own to map or run. */
struct dr_object *dr_rtld_proxy(struct dr_process *p, const char *path) {
  struct dr_namespace *ns = &p->ns[p->loading_ns];
  if (ns->rtld_proxy) return ns->rtld_proxy;
  struct dr_object *o = dr_alloc(sizeof *o);
  *o = *p->rtld;
  o->is_proxy = true;
  if (path) o->l_name = dr_strdup(path); /* where the search found it, as glibc names it */
  o->needed = 0, o->nneeded = 0;
  o->reldeps = 0, o->nreldeps = o->capreldeps = 0;
  o->local_scope = 0, o->nlocal = 0, o->pruned_scope = 0, o->tlsdesc_args = 0;
  o->opencount = 0, o->in_global_scope = false, o->provisional = false;
  o->init_called = o->fini_called = false;
  dr_memset(o->glibc_link_map + 40, 0, LM_SIZEOF - 40); /* filled as any new object's */
  dr_append_object(p, o);
  ns->rtld_proxy = o;
  return o;
}

/* Everything allocated for O, and O itself, once it is unmapped and nothing
 * refers to it (its local scope is shared, and freed by dlopen.c). */
void dr_free_object(struct dr_object *o) {
  if (o->is_proxy) { /* everything else is dryad's own */
    if (o->l_name != dr_proc.rtld->l_name) dr_free(o->l_name);
    dr_free(o->needed);
    dr_free(o->reldeps);
    dr_free(o->pruned_scope);
    dr_glibc_free_link_map(o);
    dr_free(o);
    return;
  }
  bool own_phdr = (uint64_t)o->phdr - o->map_start >= o->map_size;
  if (own_phdr) dr_free((void *)o->phdr);
  if (o->l_name != o->needed_name) dr_free(o->l_name);
  dr_free((void *)o->needed_name);
  dr_free((void *)o->found_via);
  dr_free(o->origin);
  dr_free(o->versions);
  if (o->versions_pending) dr_proc.versions_pending--;
  dr_free(o->needed);
  dr_free(o->reldeps);
  for (uint64_t *a = o->tlsdesc_args, *next; a; a = next) next = (uint64_t *)a[2], dr_free(a);
  dr_free(o->pruned_scope);
  dr_glibc_free_link_map(o);
  dr_free(o);
}

/* Indices stay dense and in list order (the sorting code relies on both). */
void dr_renumber_objects(struct dr_process *p) {
  uint32_t n = 0;
  for (struct dr_object *o = p->head; o; o = o->next) o->index = n++;
  p->nobjects = n;
  p->list_gen++;
}

/* PT_GNU_RELRO: read-only once relocated (rounded inward to whole pages, as glibc does). */
void dr_apply_relro(struct dr_object *o) {
  if (!o->relro) return;
  uint64_t start = dr_align_down(o->l_addr + o->relro->p_vaddr, DR_PAGE);
  uint64_t end = dr_align_down(o->l_addr + o->relro->p_vaddr + o->relro->p_memsz, DR_PAGE);
  if (end > start && dr_mprotect((void *)start, end - start, PROT_READ) < 0)
    dr_fatal_load(dr_object_name(o), "cannot apply additional memory protection after relocation");
}

/* dlopen: an object that needs an executable stack makes every thread's stack
 * executable, and future threads' too (GL(dl_stack_flags), which nptl reads), as
 * glibc's _dl_make_stacks_executable does. */
static void exec_thread_stack(uint8_t *pd, struct dr_object *o) {
  (void)o;
  if (*(uint8_t *)(pd + PD_USER_STACK)) return; /* the main thread: done below */
  __nptl_change_stack_perm(pd);
}

void dr_exec_stack_for(struct dr_process *p, struct dr_object *first) {
  bool want = false;
  for (struct dr_object *o = first; o; o = o->next) want |= (o->stack_flags & PF_X) != 0;
  if (!want || (GL(GL_DL_STACK_FLAGS, uint32_t) & PF_X)) return;
  uint64_t page = dr_align_down((uint64_t)p->initial_sp, DR_PAGE);
  dr_mprotect((void *)page, DR_PAGE, PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN);
  if (dr_glibc_libc(p)) dr_each_thread(exec_thread_stack, 0);
  GL(GL_DL_STACK_FLAGS, uint32_t) |= PF_X;
}

/* PT_GNU_STACK: the kernel made the stack executable or not from the program's
 * header alone; a library that asks for an executable stack (no PT_GNU_STACK, or
 * PF_X in it) gets one, as glibc's _dl_make_stack_executable gives it.
 * PROT_GROWSDOWN extends the change to the whole stack mapping below. */
void dr_honour_gnu_stack(struct dr_process *p) {
  bool want_exec = false;
  for (struct dr_object *o = p->head; o; o = o->next)
    if (!o->is_rtld && !o->is_vdso && !o->missing && (o->stack_flags & PF_X)) want_exec = true;
  if (!want_exec || (p->main->stack_flags & PF_X)) return;
  uint64_t page = dr_align_down((uint64_t)p->initial_sp, DR_PAGE);
  if (dr_mprotect((void *)page, DR_PAGE, PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN) < 0)
    dr_fatal("cannot enable executable stack as shared object requires");
}
