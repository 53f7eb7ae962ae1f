/* core/elf_file.c: the ELF header and program header checks (docs/05-mapping.md). */
#include "elf_file.h"

static const char *check_ident(const Elf64_Ehdr *e) {
  static const unsigned char magic[4] = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3};
  if (dr_memcmp(e->e_ident, magic, 4) != 0) return "invalid ELF header";
  /* glibc skips any class but its own (found_other_class), whatever the byte holds. */
  if (e->e_ident[EI_CLASS] != ELFCLASS64) return "wrong ELF class: ELFCLASS32";
  if (e->e_ident[EI_DATA] != ELFDATA2LSB)
    return "ELF file data encoding not little-endian";
  if (e->e_ident[EI_VERSION] != EV_CURRENT)
    return "ELF file version ident does not match current one";
  /* glibc accepts SYSV and GNU (the latter for IFUNC/UNIQUE users); the ABI version must
   * be 0, or below LIBC_ABI_MAX (4 on x86-64) for GNU (VALID_ELF_ABIVERSION). */
  if (e->e_ident[EI_OSABI] != ELFOSABI_SYSV && e->e_ident[EI_OSABI] != ELFOSABI_GNU)
    return "ELF file OS ABI invalid";
  if (e->e_ident[EI_ABIVERSION] != 0 &&
      !(e->e_ident[EI_OSABI] == ELFOSABI_GNU && e->e_ident[EI_ABIVERSION] < 4))
    return "ELF file ABI version invalid";
  for (int i = EI_PAD; i < EI_NIDENT; i++)
    if (e->e_ident[i] != 0) return "nonzero padding in e_ident";
  if (e->e_version != EV_CURRENT) return "ELF file version does not match current one";
  return 0;
}

static const char *check_load(const Elf64_Phdr *p, uint64_t pagesize, uint64_t file_size) {
  /* glibc 2.36's only alignment check, in its words; the p_align ones are dryad's. */
  if (((p->p_vaddr - p->p_offset) & (pagesize - 1)) != 0)
    return "ELF load command address/offset not page-aligned";
  if (p->p_align != 0 && !dr_align_ok(p->p_align))
    return "ELF load command alignment not power of two";
  if (p->p_align > 1 && p->p_align < pagesize) return "ELF load command alignment not page-aligned";
  if (p->p_align > 1 && ((p->p_vaddr - p->p_offset) & (p->p_align - 1)) != 0)
    return "ELF load command address/offset not properly aligned";
  if (p->p_filesz > p->p_memsz) return "ELF load command has file size beyond memory size";
  if (!dr_range_ok(p->p_offset, p->p_filesz, file_size)) return "file too short";
  if (p->p_vaddr + p->p_memsz < p->p_vaddr || p->p_vaddr + p->p_memsz > (1ULL << 47))
    return "ELF load command address out of range";
  return 0;
}

/* A non-PT_LOAD segment whose contents are read later must lie in the file. */
static bool segment_in_file(const Elf64_Phdr *p, uint64_t file_size) {
  return dr_range_ok(p->p_offset, p->p_filesz, file_size) && p->p_filesz <= p->p_memsz;
}

bool dr_load_pages_compatible(uint64_t prev_end, uint32_t prev_flags, const Elf64_Phdr *p,
                              uint64_t pagesize) {
  if (dr_align_down(p->p_vaddr, pagesize) >= dr_align_up(prev_end, pagesize)) return true;
  bool loses_access = (prev_flags & (PF_R | PF_W)) && !(p->p_flags & (PF_R | PF_W));
  bool loses_write = (prev_flags & PF_W) && !(p->p_flags & PF_W);
  return !loses_access && !loses_write;
}

const char *dr_elf_check_file(const struct dr_bytes *file, uint64_t pagesize,
                              struct dr_elf_file *out) {
  return dr_elf_check_head(file, file->size, pagesize, out);
}

const char *dr_elf_check_head(const struct dr_bytes *head, uint64_t file_size, uint64_t pagesize,
                              struct dr_elf_file *out) {
  dr_memset(out, 0, sizeof *out);
  if (file_size < sizeof(Elf64_Ehdr) || head->size < sizeof(Elf64_Ehdr)) return "file too short";
  const Elf64_Ehdr *e = (const Elf64_Ehdr *)head->data;
  const char *err = check_ident(e);
  if (err) return err;
  if (e->e_machine != EM_X86_64) return DR_ELF_NOT_FOR_US;
  if (e->e_type != ET_DYN && e->e_type != ET_EXEC) return "only ET_DYN and ET_EXEC can be loaded";
  if (e->e_phentsize != sizeof(Elf64_Phdr)) return "ELF file's phentsize not the expected size";
  if (e->e_phnum == 0 || e->e_phnum == PN_XNUM) return "object file has no loadable segments";
  if (!dr_range_ok(e->e_phoff, (uint64_t)e->e_phnum * sizeof(Elf64_Phdr), file_size))
    return "file too short";
  if (e->e_phoff % 8 != 0) return "ELF file's program headers are not aligned";
  if (!dr_range_ok(e->e_phoff, (uint64_t)e->e_phnum * sizeof(Elf64_Phdr), head->size))
    return DR_ELF_HEAD_SHORT;

  out->e_type = e->e_type;
  out->e_entry = e->e_entry;
  out->phdr = (const Elf64_Phdr *)(head->data + e->e_phoff);
  out->phnum = e->e_phnum;
  out->stack_flags = PF_R | PF_W | PF_X;

  uint64_t lo = UINT64_MAX, hi = 0, prev_end = 0;
  uint32_t prev_flags = 0;
  bool any_load = false;
  for (uint16_t i = 0; i < out->phnum; i++) {
    const Elf64_Phdr *p = &out->phdr[i];
    switch (p->p_type) {
      case PT_LOAD:
        if (p->p_filesz > p->p_memsz) return "ELF load command has file size beyond memory size";
        if (p->p_memsz == 0) break; /* maps nothing */
        if ((err = check_load(p, pagesize, file_size))) return err;
        /* The gABI requires PT_LOAD entries sorted by p_vaddr; overlapping
         * ones would make the mapping order matter, so refuse them. */
        if (any_load && p->p_vaddr < prev_end) return "ELF load commands not in ascending order";
        /* Linkers never share a page that way (found by //fuzz:elf under AFL++). */
        if (any_load && !dr_load_pages_compatible(prev_end, prev_flags, p, pagesize))
          return "ELF load commands share a page with different protections";
        prev_end = p->p_vaddr + p->p_memsz;
        prev_flags = p->p_flags;
        if (dr_align_down(p->p_vaddr, pagesize) < lo) lo = dr_align_down(p->p_vaddr, pagesize);
        if (dr_align_up(prev_end, pagesize) > hi) hi = dr_align_up(prev_end, pagesize);
        if (p->p_align > out->max_align) out->max_align = p->p_align;
        any_load = true;
        break;
      case PT_DYNAMIC:
        if (p->p_filesz % sizeof(Elf64_Dyn) != 0 || !segment_in_file(p, file_size))
          return "invalid dynamic section";
        out->dynamic = p;
        break;
      case PT_INTERP:
        if (!segment_in_file(p, file_size) || p->p_filesz == 0) return "invalid PT_INTERP";
        out->interp = p;
        break;
      case PT_TLS:
        if (!segment_in_file(p, file_size) || (p->p_align && !dr_align_ok(p->p_align)))
          return "invalid PT_TLS segment";
        if (p->p_memsz) out->tls = p;
        break;
      case PT_GNU_RELRO:
        out->relro = p;
        break;
      case PT_GNU_STACK:
        out->stack_flags = p->p_flags;
        break;
      case PT_PHDR:
        out->phdr_seg = p;
        break;
      default:
        break;
    }
  }
  if (!any_load) return "object file has no loadable segments";
  out->vaddr_lo = lo;
  out->vaddr_hi = hi;
  /* The program headers are visible in memory if a PT_LOAD maps their file bytes. */
  for (uint16_t i = 0; i < out->phnum; i++) {
    const Elf64_Phdr *p = &out->phdr[i];
    uint64_t len = (uint64_t)out->phnum * sizeof(Elf64_Phdr);
    if (p->p_type == PT_LOAD && e->e_phoff >= p->p_offset &&
        dr_range_ok(e->e_phoff - p->p_offset, len, p->p_filesz)) {
      out->phdr_vaddr = p->p_vaddr + (e->e_phoff - p->p_offset);
      break;
    }
  }
  return 0;
}
