/* core/elf_file.h: validating an ELF file's header and program headers.
 *
 * Everything here reads a file's bytes as given (already mapped read-only by
 * interp/) and trusts none of it: every offset, size, count and alignment is
 * checked before use. Errors are glibc's wording where glibc has one, so the
 * messages users see stay familiar. Book: docs/05-mapping.md.
 */
#ifndef DRYAD_CORE_ELF_FILE_H
#define DRYAD_CORE_ELF_FILE_H

#include "base.h"

/* What the ELF header and program headers of a loadable file say, validated. */
struct dr_elf_file {
  uint16_t e_type;          /* ET_EXEC or ET_DYN */
  uint64_t e_entry;         /* file address (p_vaddr space) */
  const Elf64_Phdr *phdr;   /* inside the file bytes */
  uint16_t phnum;
  uint64_t vaddr_lo;        /* lowest PT_LOAD p_vaddr, rounded down to its page */
  uint64_t vaddr_hi;        /* highest PT_LOAD end, rounded up to a page */
  uint64_t max_align;       /* largest PT_LOAD p_align */
  const Elf64_Phdr *dynamic;   /* PT_DYNAMIC or NULL */
  const Elf64_Phdr *interp;    /* PT_INTERP or NULL */
  const Elf64_Phdr *tls;       /* PT_TLS or NULL */
  const Elf64_Phdr *relro;     /* PT_GNU_RELRO or NULL */
  const Elf64_Phdr *phdr_seg;  /* PT_PHDR or NULL */
  uint32_t stack_flags;        /* PT_GNU_STACK p_flags; PF_R|PF_W|PF_X if absent */
  uint64_t phdr_vaddr;         /* where the program headers lie in memory, 0 if not loaded */
};

/* Why a file is not an ELF object for this machine at all: the caller
 * keeps searching (glibc skips such files silently). */
#define DR_ELF_NOT_FOR_US "not an x86-64 ELF object"

/* false if PT_LOAD P, mapped after PREV (ending at PREV_END), shares a page with it
 * and takes away reading or writing PREV allows: segments are mapped in order,
 * so that page gets P's protections and PREV's contents there would fault. */
bool dr_load_pages_compatible(uint64_t prev_end, uint32_t prev_flags, const Elf64_Phdr *p,
                              uint64_t pagesize);

/* Checks the ELF header and program headers of FILE against its size and
 * the page size. Returns NULL on success, else a message in glibc's wording. */
const char *dr_elf_check_file(const struct dr_bytes *file, uint64_t pagesize,
                              struct dr_elf_file *out);

/* The same from HEAD, the first bytes of a file of FILE_SIZE bytes (a loader
 * reads them rather than mapping the whole file): everything is checked
 * against FILE_SIZE, but only HEAD is read. DR_ELF_HEAD_SHORT if the program
 * headers lie in the file past HEAD: read up to their end and check again. */
#define DR_ELF_HEAD_SHORT "program headers past the bytes read"
const char *dr_elf_check_head(const struct dr_bytes *head, uint64_t file_size, uint64_t pagesize,
                              struct dr_elf_file *out);

#endif
