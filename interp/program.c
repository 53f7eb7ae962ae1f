/* interp/program.c: the program the kernel mapped, checked before it is read
 * (book: docs/05-mapping.md).
 *
 * As a program's PT_INTERP, dryad is handed AT_PHDR, AT_PHNUM and AT_ENTRY and
 * nothing else: the kernel mapped the PT_LOADs its own copy of the program
 * headers described, then computed AT_PHDR from e_phoff without asking whether
 * any PT_LOAD covers that offset. A damaged program can so hand over a pointer
 * into nothing, into a PROT_NONE segment, or into bytes that are not program
 * headers at all; glibc reads it blindly and dies by a signal. dryad has the
 * kernel read the table first (process_vm_readv fails with EFAULT where a read
 * would fault), and finds the load bias without trusting a single field:
 * from PT_PHDR where there is one, else from the ELF header that the kernel's
 * own formula for AT_PHDR places on the page below it.
 */
#include <asm/unistd.h>
#include <link.h>

#include "arch/x86_64/syscall.h"
#include "dryad.h"

#define DR_EFAULT 14

/* Reads N bytes at SRC into DST through the kernel: false only where reading
 * them would fault. Where the call itself is refused (a seccomp filter, an old
 * kernel), nothing is learnt and the bytes are read directly, as glibc does. */
static bool read_checked(void *dst, const void *src, uint64_t n) {
  struct { const void *base; uint64_t len; } local = {dst, n}, remote = {src, n};
  long r = dr_syscall6(__NR_process_vm_readv, dr_syscall0(__NR_getpid), (long)&local, 1,
                       (long)&remote, 1, 0);
  if (r == (long)n) return true;
  if (r == -DR_EFAULT || r >= 0) return false;
  dr_memcpy(dst, src, n);
  return true;
}

/* Whether N bytes at SRC can be read, asked of the kernel a piece at a time
 * (one piece for any ordinary program header table). */
static bool readable(const void *src, uint64_t n) {
  char buf[1024];
  for (uint64_t off = 0; off < n; off += sizeof buf)
    if (!read_checked(buf, (const char *)src + off, n - off < sizeof buf ? n - off : sizeof buf))
      return false;
  return true;
}

/* The ELF header sits at the start of the first PT_LOAD's file page, and the
 * kernel computed AT_PHDR as that address plus e_phoff: so a header whose
 * e_phoff leads back to AT_PHDR, on a page below it, is the program's. */
static bool bias_from_header(const struct dr_process *p, const Elf64_Phdr *first_load,
                             uint64_t *bias) {
  uint64_t phdr = p->at[AT_PHDR];
  for (uint64_t h = dr_align_down(phdr, DR_PAGE), n = 0; n < 16 && h >= DR_PAGE; h -= DR_PAGE, n++) {
    Elf64_Ehdr e;
    if (!read_checked(&e, (const void *)h, sizeof e)) return false;
    if (dr_memcmp(e.e_ident, ELFMAG, SELFMAG) != 0 || e.e_phoff != phdr - h) continue;
    uint64_t file_start = first_load->p_vaddr - first_load->p_offset;
    if (e.e_type == ET_EXEC && h != file_start) return false;
    *bias = h - file_start;
    return p->at[AT_ENTRY] - *bias == e.e_entry;
  }
  return false;
}

/* The program object as the kernel left it, or 0 with WHY. */
struct dr_object *dr_kernel_mapped_program(struct dr_process *p, const char **why) {
  uint64_t phnum = p->at[AT_PHNUM];
  const Elf64_Phdr *phdr = (const Elf64_Phdr *)p->at[AT_PHDR];
  if (phnum == 0 || phnum > 0xffff) {
    *why = "invalid program header count";
    return 0;
  }
  if (!readable(phdr, phnum * sizeof *phdr)) {
    *why = "program headers not mapped where the kernel placed them";
    return 0;
  }
  const Elf64_Phdr *first_load = 0, *pt_phdr = 0;
  for (uint64_t i = 0; i < phnum; i++) {
    if (phdr[i].p_type == PT_LOAD && !first_load) first_load = &phdr[i];
    if (phdr[i].p_type == PT_PHDR) pt_phdr = &phdr[i];
  }
  uint64_t bias = 0;
  if (!first_load) {
    *why = "no PT_LOAD program header";
    return 0;
  }
  if (pt_phdr) {
    bias = (uint64_t)phdr - pt_phdr->p_vaddr;
  } else if (!bias_from_header(p, first_load, &bias)) {
    *why = "cannot find the load address of a program without PT_PHDR";
    return 0;
  }
  struct dr_object *o = dr_zalloc(sizeof *o);
  o->phdr = phdr; /* the mapped table, now known readable: libc and debuggers use it */
  o->phnum = (uint16_t)phnum;
  o->l_addr = bias;
  o->image = (struct dr_image){o->l_addr, o->phdr, o->phnum, false, 0, 0};
  o->entry = p->at[AT_ENTRY];
  /* The table must lie in the image it describes, where dr_image_ptr lets dryad
   * read; else it is not the one the kernel mapped the program with. */
  if (!dr_image_ptr(&o->image, (uint64_t)phdr - bias, phnum * sizeof *phdr, false)) {
    *why = "program headers outside the segments they describe";
    return 0;
  }
  return o;
}
