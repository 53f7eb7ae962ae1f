// Tests of core/elf_file.c: every ELF header and program header check, in the
// order and wording of glibc 2.36's open_verify / _dl_map_object_from_fd, every
// truncation of a valid file, and the system's own libraries.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/tests/real_elf.h"

extern "C" {
#include "core/elf_file.h"
}

namespace {

using eb::Buf;

constexpr uint64_t kPage = 4096;

Elf64_Phdr Ph(uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr, uint64_t filesz,
              uint64_t memsz, uint64_t align) {
  Elf64_Phdr p{};
  p.p_type = type;
  p.p_flags = flags;
  p.p_offset = off;
  p.p_vaddr = p.p_paddr = vaddr;
  p.p_filesz = filesz;
  p.p_memsz = memsz;
  p.p_align = align;
  return p;
}

// An ELF file: header, program headers at e_phoff, SIZE bytes in all.
struct File {
  Elf64_Ehdr eh{};
  std::vector<Elf64_Phdr> ph;
  uint64_t size = 0x3000;
  bool set_phnum = true;

  // A plausible shared library: text in the first page (with the headers),
  // data and the dynamic section in the next two.
  File() {
    std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_ident[EI_OSABI] = ELFOSABI_SYSV;
    eh.e_type = ET_DYN;
    eh.e_machine = EM_X86_64;
    eh.e_version = EV_CURRENT;
    eh.e_entry = 0x1040;
    eh.e_phoff = sizeof(Elf64_Ehdr);
    eh.e_ehsize = sizeof(Elf64_Ehdr);
    eh.e_phentsize = sizeof(Elf64_Phdr);
    ph.push_back(Ph(PT_PHDR, PF_R, 64, 64, 7 * 56, 7 * 56, 8));
    ph.push_back(Ph(PT_LOAD, PF_R | PF_X, 0, 0, 0x1000, 0x1000, 0x1000));
    ph.push_back(Ph(PT_LOAD, PF_R | PF_W, 0x1000, 0x201000, 0x2000, 0x3000, 0x1000));
    ph.push_back(Ph(PT_DYNAMIC, PF_R | PF_W, 0x2000, 0x202000, 0x100, 0x100, 8));
    ph.push_back(Ph(PT_TLS, PF_R, 0x1800, 0x201800, 0x10, 0x40, 16));
    ph.push_back(Ph(PT_GNU_RELRO, PF_R, 0x1000, 0x201000, 0x800, 0x800, 1));
    ph.push_back(Ph(PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16));
  }

  // The whole file's bytes; program headers that would lie outside are left out.
  std::vector<uint8_t> Full() const {
    std::vector<uint8_t> full(size, 0);
    Elf64_Ehdr e = eh;
    if (set_phnum) e.e_phnum = (uint16_t)ph.size();
    std::memcpy(full.data(), &e, sizeof e);
    for (size_t i = 0; i < ph.size(); i++) {
      uint64_t at = eh.e_phoff + i * sizeof(Elf64_Phdr);
      if (at >= eh.e_phoff && at <= full.size() && full.size() - at >= sizeof(Elf64_Phdr))
        std::memcpy(full.data() + at, &ph[i], sizeof ph[i]);
    }
    return full;
  }
  Buf Bytes() const { return Bytes(size); }
  // The first N bytes of the file, in an allocation of exactly N bytes.
  Buf Bytes(uint64_t n) const { return Buf(Full().data(), n); }
  Elf64_Phdr &Load(int k) {  // the k-th PT_LOAD
    for (auto &p : ph)
      if (p.p_type == PT_LOAD && k-- == 0) return p;
    abort();
  }
};

std::string Check(const File &f, struct dr_elf_file *out = nullptr, uint64_t page = kPage) {
  Buf b = f.Bytes();
  struct dr_bytes bytes = b.bytes();
  struct dr_elf_file tmp;
  const char *err = dr_elf_check_file(&bytes, page, out ? out : &tmp);
  return err ? err : "";
}

TEST(ElfFile, AcceptsAValidLibraryAndReportsItsSegments) {
  File f;
  Buf b = f.Bytes();
  struct dr_bytes bytes = b.bytes();
  struct dr_elf_file out;
  ASSERT_EQ(dr_elf_check_file(&bytes, kPage, &out), nullptr);
  EXPECT_EQ(out.e_type, ET_DYN);
  EXPECT_EQ(out.e_entry, 0x1040u);
  EXPECT_EQ((const void *)out.phdr, (const void *)(b.data() + 64));
  EXPECT_EQ(out.phnum, 7);
  EXPECT_EQ(out.vaddr_lo, 0u);
  EXPECT_EQ(out.vaddr_hi, 0x204000u);  // 0x201000 + 0x3000
  EXPECT_EQ(out.max_align, 0x1000u);
  EXPECT_EQ(out.phdr_seg, &out.phdr[0]);
  EXPECT_EQ(out.dynamic, &out.phdr[3]);
  EXPECT_EQ(out.tls, &out.phdr[4]);
  EXPECT_EQ(out.relro, &out.phdr[5]);
  EXPECT_EQ(out.interp, nullptr);
  EXPECT_EQ(out.stack_flags, (uint32_t)(PF_R | PF_W));
  EXPECT_EQ(out.phdr_vaddr, 64u);
}

TEST(ElfFile, ExecutableWithInterpAndNoGnuStack) {
  File f;
  f.eh.e_type = ET_EXEC;
  f.ph.pop_back();  // PT_GNU_STACK
  // A non-PIE's first segment: its page rounds down, its end rounds up.
  f.ph[1] = Ph(PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x1000, 0x1000, 0x1000);
  f.ph[2] = Ph(PT_LOAD, PF_R | PF_W, 0x1000, 0x601000, 0x2000, 0x2345, 0x200000);
  f.ph[3].p_vaddr = 0x602000;
  f.ph[4].p_vaddr = 0x601800;
  f.ph[5] = Ph(PT_INTERP, PF_R, 0x800, 0x400800, 28, 28, 1);
  struct dr_elf_file out;
  ASSERT_EQ(Check(f, &out), "");
  EXPECT_EQ(out.e_type, ET_EXEC);
  EXPECT_EQ(out.interp, &out.phdr[5]);
  EXPECT_EQ(out.relro, nullptr);
  EXPECT_EQ(out.stack_flags, (uint32_t)(PF_R | PF_W | PF_X));  // absent: executable stack
  EXPECT_EQ(out.vaddr_lo, 0x400000u);
  EXPECT_EQ(out.vaddr_hi, 0x604000u);
  EXPECT_EQ(out.max_align, 0x200000u);
  EXPECT_EQ(out.phdr_vaddr, 0x400040u);
}

TEST(ElfFile, SegmentBoundsRoundToPages) {
  File f;
  f.ph[1] = Ph(PT_LOAD, PF_R, 0x123, 0x10123, 0x100, 0x100, 0x1000);
  f.ph[2] = Ph(PT_LOAD, PF_R | PF_W, 0x1000, 0x21000, 0x10, 0x1001, 0x1000);
  struct dr_elf_file out;
  ASSERT_EQ(Check(f, &out), "");
  EXPECT_EQ(out.vaddr_lo, 0x10000u);
  EXPECT_EQ(out.vaddr_hi, 0x23000u);
  // The program headers are at file offset 64, which no PT_LOAD maps now.
  EXPECT_EQ(out.phdr_vaddr, 0u);
}

TEST(ElfFile, PhdrVaddrNeedsTheWholeTableMapped) {
  File f;
  f.ph[1].p_filesz = f.ph[1].p_memsz = 64 + 7 * 56 - 1;  // one byte short
  struct dr_elf_file out;
  ASSERT_EQ(Check(f, &out), "");
  EXPECT_EQ(out.phdr_vaddr, 0u);
  f.ph[1].p_filesz = f.ph[1].p_memsz = 64 + 7 * 56;
  ASSERT_EQ(Check(f, &out), "");
  EXPECT_EQ(out.phdr_vaddr, 64u);
}

TEST(ElfFile, TooShortForAnElfHeader) {
  File f;
  for (uint64_t n = 0; n < sizeof(Elf64_Ehdr); n++) {
    Buf b = f.Bytes(n);
    struct dr_bytes bytes = b.bytes();
    struct dr_elf_file out;
    const char *err = dr_elf_check_file(&bytes, kPage, &out);
    ASSERT_NE(err, nullptr) << n;
    EXPECT_STREQ(err, "file too short") << n;
  }
}

// Every prefix of a valid file is refused (the last PT_LOAD ends at its end),
// and none makes core/ read past what it was given.
TEST(ElfFile, EveryTruncationIsRefused) {
  File f;
  std::vector<uint8_t> full = f.Full();
  for (uint64_t n = 0; n < f.size; n++) {
    Buf b(full.data(), n);
    struct dr_bytes bytes = b.bytes();
    struct dr_elf_file out;
    const char *err = dr_elf_check_file(&bytes, kPage, &out);
    ASSERT_NE(err, nullptr) << "accepted a file cut to " << n << " bytes";
    if (n < 64 + 7 * 56) {
      EXPECT_STREQ(err, "file too short") << n;
    }
  }
  EXPECT_EQ(Check(f), "");
}

TEST(ElfFile, BadMagic) {
  for (int i = 0; i < 4; i++) {
    File f;
    f.eh.e_ident[i] ^= 0x20;
    EXPECT_EQ(Check(f), "invalid ELF header") << i;
  }
  // A script, say, is not an ELF file at all.
  std::string script = "#!/bin/sh\necho hello\n";
  script.resize(200, ' ');
  Buf b(script.data(), script.size());
  struct dr_bytes bytes = b.bytes();
  struct dr_elf_file out;
  EXPECT_STREQ(dr_elf_check_file(&bytes, kPage, &out), "invalid ELF header");
}

// glibc skips a file of another class while searching (found_other_class) and
// reports "wrong ELF class: ELFCLASS32" only if nothing else is found; whatever
// the class byte holds, as long as it is not ELFCLASS64.
TEST(ElfFile, WrongClass) {
  for (int c : {ELFCLASS32, ELFCLASSNONE, 3, 0xff}) {
    File f;
    f.eh.e_ident[EI_CLASS] = (unsigned char)c;
    EXPECT_EQ(Check(f), "wrong ELF class: ELFCLASS32") << c;
  }
}

TEST(ElfFile, BigEndianAndOtherEncodings) {
  for (int d : {ELFDATA2MSB, ELFDATANONE, 3}) {
    File f;
    f.eh.e_ident[EI_DATA] = (unsigned char)d;
    EXPECT_EQ(Check(f), "ELF file data encoding not little-endian") << d;
  }
}

TEST(ElfFile, IdentVersion) {
  for (int v : {EV_NONE, 2, 0xff}) {
    File f;
    f.eh.e_ident[EI_VERSION] = (unsigned char)v;
    EXPECT_EQ(Check(f), "ELF file version ident does not match current one") << v;
  }
}

TEST(ElfFile, OsAbi) {
  for (int a : {ELFOSABI_HPUX, ELFOSABI_NETBSD, ELFOSABI_SOLARIS, ELFOSABI_FREEBSD,
                ELFOSABI_ARM, ELFOSABI_STANDALONE}) {
    File f;
    f.eh.e_ident[EI_OSABI] = (unsigned char)a;
    EXPECT_EQ(Check(f), "ELF file OS ABI invalid") << a;
  }
  File f;
  f.eh.e_ident[EI_OSABI] = ELFOSABI_GNU;  // IFUNC and UNIQUE users
  EXPECT_EQ(Check(f), "");
}

// VALID_ELF_ABIVERSION (sysdeps/gnu/ldsodefs.h): 0, or below LIBC_ABI_MAX for
// ELFOSABI_GNU. On x86-64 the ABI tags are DEFAULT, UNIQUE, IFUNC, ABSOLUTE, so
// LIBC_ABI_MAX is 4.
TEST(ElfFile, AbiVersion) {
  for (int v = 0; v < 4; v++) {
    File f;
    f.eh.e_ident[EI_OSABI] = ELFOSABI_GNU;
    f.eh.e_ident[EI_ABIVERSION] = (unsigned char)v;
    EXPECT_EQ(Check(f), "") << v;
  }
  for (int v : {4, 5, 0xff}) {
    File f;
    f.eh.e_ident[EI_OSABI] = ELFOSABI_GNU;
    f.eh.e_ident[EI_ABIVERSION] = (unsigned char)v;
    EXPECT_EQ(Check(f), "ELF file ABI version invalid") << v;
  }
  for (int v : {1, 2, 3, 4, 0xff}) {
    File f;
    f.eh.e_ident[EI_OSABI] = ELFOSABI_SYSV;
    f.eh.e_ident[EI_ABIVERSION] = (unsigned char)v;
    EXPECT_EQ(Check(f), "ELF file ABI version invalid") << v;
  }
}

TEST(ElfFile, NonzeroPadding) {
  for (int i = EI_PAD; i < EI_NIDENT; i++) {
    File f;
    f.eh.e_ident[i] = 1;
    EXPECT_EQ(Check(f), "nonzero padding in e_ident") << i;
  }
}

TEST(ElfFile, IdentChecksComeInGlibcOrder) {
  File f;
  f.eh.e_ident[EI_DATA] = ELFDATA2MSB;
  f.eh.e_ident[EI_VERSION] = 0;
  f.eh.e_ident[EI_OSABI] = ELFOSABI_HPUX;
  f.eh.e_ident[EI_PAD] = 1;
  f.eh.e_version = 0;
  f.eh.e_machine = EM_386;
  EXPECT_EQ(Check(f), "ELF file data encoding not little-endian");
  f.eh.e_ident[EI_DATA] = ELFDATA2LSB;
  EXPECT_EQ(Check(f), "ELF file version ident does not match current one");
  f.eh.e_ident[EI_VERSION] = EV_CURRENT;
  EXPECT_EQ(Check(f), "ELF file OS ABI invalid");
  f.eh.e_ident[EI_OSABI] = ELFOSABI_SYSV;
  EXPECT_EQ(Check(f), "nonzero padding in e_ident");
  f.eh.e_ident[EI_PAD] = 0;
  EXPECT_EQ(Check(f), "ELF file version does not match current one");
  f.eh.e_version = EV_CURRENT;
  EXPECT_EQ(Check(f), DR_ELF_NOT_FOR_US);
  f.eh.e_machine = EM_X86_64;
  f.eh.e_type = ET_REL;
  f.eh.e_phentsize = 32;
  EXPECT_EQ(Check(f), "only ET_DYN and ET_EXEC can be loaded");
  f.eh.e_type = ET_DYN;
  EXPECT_EQ(Check(f), "ELF file's phentsize not the expected size");
}

TEST(ElfFile, HeaderVersion) {
  for (uint32_t v : {0u, 2u, 0xffffffffu}) {
    File f;
    f.eh.e_version = v;
    EXPECT_EQ(Check(f), "ELF file version does not match current one") << v;
  }
}

TEST(ElfFile, OtherMachinesAreNotForUs) {
  for (int m : {EM_386, EM_AARCH64, EM_ARM, EM_NONE, EM_RISCV, EM_PPC64, EM_S390}) {
    File f;
    f.eh.e_machine = (uint16_t)m;
    struct dr_elf_file out;
    Buf b = f.Bytes();
    struct dr_bytes bytes = b.bytes();
    const char *err = dr_elf_check_file(&bytes, kPage, &out);
    ASSERT_NE(err, nullptr) << m;
    EXPECT_STREQ(err, DR_ELF_NOT_FOR_US) << m;
  }
}

TEST(ElfFile, OnlyDynAndExec) {
  for (int t : {ET_NONE, ET_REL, ET_CORE, 0xfe00, 0xffff}) {
    File f;
    f.eh.e_type = (uint16_t)t;
    EXPECT_EQ(Check(f), "only ET_DYN and ET_EXEC can be loaded") << t;
  }
}

TEST(ElfFile, PhentSize) {
  for (int s : {0, 32, 55, 57, 64}) {
    File f;
    f.eh.e_phentsize = (uint16_t)s;
    EXPECT_EQ(Check(f), "ELF file's phentsize not the expected size") << s;
  }
}

TEST(ElfFile, ProgramHeaderTablePlacement) {
  {
    File f;
    f.eh.e_phoff = f.size;  // just past the end
    EXPECT_EQ(Check(f), "file too short");
  }
  {
    File f;
    f.eh.e_phoff = f.size - 7 * 56 + 8;  // last one sticks out by 8 bytes
    EXPECT_EQ(Check(f), "file too short");
  }
  {
    File f;
    f.eh.e_phoff = UINT64_MAX - 8;  // wraps around
    EXPECT_EQ(Check(f), "file too short");
  }
  {
    File f;  // a huge count
    f.set_phnum = false;
    f.eh.e_phnum = 0xfffe;
    EXPECT_EQ(Check(f), "file too short");
  }
  {
    File f;
    f.set_phnum = false;
    f.eh.e_phnum = 0;
    EXPECT_EQ(Check(f), "object file has no loadable segments");
    f.eh.e_phnum = PN_XNUM;
    EXPECT_EQ(Check(f), "object file has no loadable segments");
  }
  {
    File f;  // a misaligned table, entirely in the file
    f.eh.e_phoff = 0x801;
    EXPECT_EQ(Check(f), "ELF file's program headers are not aligned");
    f.eh.e_phoff = 0x800;
    struct dr_elf_file out;
    EXPECT_EQ(Check(f, &out), "");
    EXPECT_EQ(out.phdr_vaddr, 0x800u);
  }
}

TEST(ElfFile, NoLoadableSegments) {
  File f;
  f.ph.erase(f.ph.begin() + 1, f.ph.begin() + 3);
  EXPECT_EQ(Check(f), "object file has no loadable segments");
  File g;  // PT_LOADs of no memory size do not count (their alignment is not checked)
  g.Load(0).p_memsz = g.Load(0).p_filesz = 0;
  g.Load(0).p_align = 3;
  g.Load(0).p_vaddr = 0x123;
  g.Load(1).p_memsz = g.Load(1).p_filesz = 0;
  EXPECT_EQ(Check(g), "object file has no loadable segments");
  File h;
  h.Load(0).p_memsz = h.Load(0).p_filesz = 0;
  h.Load(0).p_align = 3;
  h.Load(0).p_vaddr = 0x7fff0123;  // not in order either
  struct dr_elf_file out;
  EXPECT_EQ(Check(h, &out), "");
  EXPECT_EQ(out.vaddr_lo, 0x201000u);
  // But one that has file bytes and no memory is refused.
  File k;
  k.Load(0).p_memsz = 0;
  EXPECT_EQ(Check(k), "ELF load command has file size beyond memory size");
}

TEST(ElfFile, LoadFileSizeBeyondMemorySize) {
  File f;
  f.Load(1).p_memsz = f.Load(1).p_filesz - 1;
  EXPECT_EQ(Check(f), "ELF load command has file size beyond memory size");
}

TEST(ElfFile, LoadBeyondTheFile) {
  File f;
  f.Load(1).p_filesz += 1;
  EXPECT_EQ(Check(f), "file too short");
  File g;
  g.Load(1).p_offset = UINT64_MAX - 0xfff;  // still page-congruent with its vaddr
  g.Load(1).p_vaddr = 0x201000 + 0x1000;
  g.ph[3].p_vaddr = 0x203000;
  EXPECT_EQ(Check(g), "file too short");
}

// glibc 2.36 checks (p_vaddr - p_offset) modulo the page size, with this message.
TEST(ElfFile, LoadAddressOffsetNotPageAligned) {
  File f;
  f.Load(1).p_vaddr += 8;
  EXPECT_EQ(Check(f), "ELF load command address/offset not page-aligned");
  File g;
  g.Load(1).p_offset += 0x10;
  EXPECT_EQ(Check(g), "ELF load command address/offset not page-aligned");
  File h;  // p_align 0 does not excuse a page misalignment
  h.Load(1).p_align = 0;
  h.Load(1).p_vaddr += 0x800;
  EXPECT_EQ(Check(h), "ELF load command address/offset not page-aligned");
  File k;  // both moved by the same amount: fine
  k.Load(1).p_vaddr += 0x10;
  k.Load(1).p_offset += 0x10;
  k.Load(1).p_filesz -= 0x10;
  EXPECT_EQ(Check(k), "");
  // Page-aligned for 4 KiB pages, not for 64 KiB ones.
  File m;
  m.Load(1).p_vaddr = 0x202000;
  m.Load(0).p_align = m.Load(1).p_align = 0;
  EXPECT_EQ(Check(m), "");
  EXPECT_EQ(Check(m, nullptr, 0x10000), "ELF load command address/offset not page-aligned");
}

// dryad is stricter than glibc 2.36 about p_align (glibc dropped these checks
// in 2.35): it must be a power of two, at least a page, and p_vaddr must be
// congruent to p_offset modulo it.
TEST(ElfFile, LoadAlignment) {
  File f;
  f.Load(1).p_align = 0x3000;
  EXPECT_EQ(Check(f), "ELF load command alignment not power of two");
  File g;
  g.Load(1).p_align = 0x10;
  EXPECT_EQ(Check(g), "ELF load command alignment not page-aligned");
  File h;
  h.Load(1).p_align = 0x200000;  // 0x201000 - 0x1000 is 2 MiB-aligned: fine
  EXPECT_EQ(Check(h), "");
  h.Load(1).p_vaddr = 0x202000;
  h.ph[3].p_vaddr = 0x203000;
  EXPECT_EQ(Check(h), "ELF load command address/offset not properly aligned");
  File k;  // 0 and 1 mean no alignment
  k.Load(1).p_align = 1;
  k.Load(0).p_align = 0;
  struct dr_elf_file out;
  EXPECT_EQ(Check(k, &out), "");
  EXPECT_EQ(out.max_align, 1u);
}

TEST(ElfFile, LoadAddressRange) {
  File f;
  f.Load(1).p_vaddr = (1ULL << 47) - 0x1000;
  f.Load(1).p_offset = 0x1000;
  f.ph[3].p_vaddr = f.Load(1).p_vaddr;
  EXPECT_EQ(Check(f), "ELF load command address out of range");  // ends past 2^47
  File g;
  g.Load(1).p_vaddr = UINT64_MAX - 0xfff;  // wraps
  g.Load(1).p_offset = 0x1000;
  EXPECT_EQ(Check(g), "ELF load command address out of range");
  File h;
  h.Load(1).p_vaddr = (1ULL << 47) - 0x3000;  // ends exactly at 2^47
  struct dr_elf_file out;
  EXPECT_EQ(Check(h, &out), "");
  EXPECT_EQ(out.vaddr_hi, 1ULL << 47);
}

TEST(ElfFile, LoadsOverlappingOrUnsorted) {
  File f;  // the second starts inside the first
  f.Load(1).p_vaddr = 0xf000;
  f.Load(0).p_memsz = 0x10000;
  EXPECT_EQ(Check(f), "ELF load commands not in ascending order");
  File g;  // sorted the wrong way round
  std::swap(g.ph[1], g.ph[2]);
  EXPECT_EQ(Check(g), "ELF load commands not in ascending order");
  File h;  // adjacent is fine
  h.Load(0).p_memsz = h.Load(0).p_filesz = 0x1000;
  h.Load(1).p_vaddr = 0x1000;
  h.ph[3].p_vaddr = 0x2000;
  EXPECT_EQ(Check(h), "");
}

TEST(ElfFile, DynamicSegment) {
  for (uint64_t sz : {1u, 8u, 17u, 0x108u}) {
    File f;
    f.ph[3].p_filesz = f.ph[3].p_memsz = sz;
    EXPECT_EQ(Check(f), "invalid dynamic section") << sz;
  }
  File g;
  g.ph[3].p_offset = g.size - 0x80;  // runs past the end
  EXPECT_EQ(Check(g), "invalid dynamic section");
  File h;
  h.ph[3].p_memsz = 0x80;  // filesz > memsz
  EXPECT_EQ(Check(h), "invalid dynamic section");
  File k;
  k.ph[3].p_filesz = k.ph[3].p_memsz = 0x10;
  struct dr_elf_file out;
  EXPECT_EQ(Check(k, &out), "");
  EXPECT_EQ(out.dynamic, &out.phdr[3]);
}

TEST(ElfFile, InterpSegment) {
  File f;
  f.ph.push_back(Ph(PT_INTERP, PF_R, 0x200, 0x200, 0, 0, 1));
  EXPECT_EQ(Check(f), "invalid PT_INTERP");
  f.ph.back().p_filesz = f.ph.back().p_memsz = f.size;  // past the end
  EXPECT_EQ(Check(f), "invalid PT_INTERP");
  f.ph.back().p_filesz = f.ph.back().p_memsz = 28;
  struct dr_elf_file out;
  EXPECT_EQ(Check(f, &out), "");
  EXPECT_EQ(out.interp, &out.phdr[7]);
}

TEST(ElfFile, TlsSegment) {
  File f;
  f.ph[4].p_align = 24;
  EXPECT_EQ(Check(f), "invalid PT_TLS segment");
  f.ph[4].p_align = 16;
  f.ph[4].p_filesz = f.size;
  EXPECT_EQ(Check(f), "invalid PT_TLS segment");
  File g;  // an empty one is as good as none
  g.ph[4].p_memsz = g.ph[4].p_filesz = 0;
  struct dr_elf_file out;
  EXPECT_EQ(Check(g, &out), "");
  EXPECT_EQ(out.tls, nullptr);
}

TEST(ElfFile, GnuStackFlags) {
  File f;
  f.ph[6].p_flags = PF_R | PF_W | PF_X;
  struct dr_elf_file out;
  ASSERT_EQ(Check(f, &out), "");
  EXPECT_EQ(out.stack_flags, (uint32_t)(PF_R | PF_W | PF_X));
  f.ph[6].p_flags = PF_R;
  ASSERT_EQ(Check(f, &out), "");
  EXPECT_EQ(out.stack_flags, (uint32_t)PF_R);
}

TEST(ElfFile, FailureClearsTheOutput) {
  File f;
  struct dr_elf_file out;
  std::memset(&out, 0xa5, sizeof out);
  f.eh.e_machine = EM_386;
  EXPECT_EQ(Check(f, &out), DR_ELF_NOT_FOR_US);
  EXPECT_EQ(out.dynamic, nullptr);
  EXPECT_EQ(out.phnum, 0);
}

// The system's libraries: accepted, with what their program headers say.
// (A loop, not TEST_P: gtest's parameterised factories make indirect calls that
// -fsanitize=function checks, and its C++ runtime is not linked here.)
TEST(ElfFile, RealLibrariesAccepted) {
  for (const char *path :
       {"/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib64/ld-linux-x86-64.so.2"}) {
    SCOPED_TRACE(path);
    eb::RealLib lib;
    if (!lib.Load(path)) {
      ADD_FAILURE() << path << " not readable";
      continue;
    }
    Buf b(lib.file.data(), lib.file.size());
    struct dr_bytes bytes = b.bytes();
    struct dr_elf_file out;
    const char *err = dr_elf_check_file(&bytes, kPage, &out);
    ASSERT_EQ(err, nullptr) << err;
    EXPECT_EQ(out.e_type, ET_DYN);
    EXPECT_EQ(out.phnum, lib.ehdr()->e_phnum);
    EXPECT_EQ(out.vaddr_lo, lib.lo);
    EXPECT_EQ(out.vaddr_hi, lib.hi);
    ASSERT_NE(out.dynamic, nullptr);
    EXPECT_EQ(out.dynamic->p_vaddr, lib.dyn_vaddr);
    EXPECT_EQ(out.stack_flags, (uint32_t)(PF_R | PF_W));
    EXPECT_NE(out.relro, nullptr);
    EXPECT_EQ(out.max_align, 0x1000u);
    EXPECT_EQ(out.phdr_vaddr, lib.ehdr()->e_phoff);  // in the first PT_LOAD, at vaddr 0
    // Each prefix ending inside the program headers is refused.
    uint64_t end = lib.ehdr()->e_phoff + lib.ehdr()->e_phnum * sizeof(Elf64_Phdr);
    for (uint64_t n = 0; n < end; n += 7) {
      Buf cut(lib.file.data(), n);
      struct dr_bytes cb = cut.bytes();
      EXPECT_STREQ(dr_elf_check_file(&cb, kPage, &out), "file too short") << n;
    }
    // And so is one cut in the middle (some segment then lies past its end).
    Buf cut(lib.file.data(), lib.file.size() / 2);
    struct dr_bytes cb = cut.bytes();
    EXPECT_NE(dr_elf_check_file(&cb, kPage, &out), nullptr);
  }
}

// A loader reads the first bytes of a file instead of mapping it: the same
// verdicts, everything checked against the whole file's size, nothing read past
// the bytes given, and a request for more when the program headers lie further.
TEST(ElfFile, HeadAloneGivesTheSameVerdictsOrAsksForMore) {
  File f;
  Buf whole = f.Bytes();
  uint64_t size = whole.bytes().size;
  struct dr_elf_file from_file, from_head;
  struct dr_bytes all = whole.bytes();
  ASSERT_EQ(dr_elf_check_file(&all, kPage, &from_file), nullptr);
  // Exactly the header and the program headers (7 of them at offset 64).
  Buf head(whole.data(), 64 + 7 * sizeof(Elf64_Phdr));
  struct dr_bytes h = head.bytes();
  ASSERT_EQ(dr_elf_check_head(&h, size, kPage, &from_head), nullptr);
  EXPECT_EQ(from_head.vaddr_hi, from_file.vaddr_hi);
  EXPECT_EQ(from_head.phnum, from_file.phnum);
  EXPECT_EQ((const void *)from_head.phdr, (const void *)(head.data() + 64));
  // One program header short of the table: more must be read.
  Buf shorter(whole.data(), 64 + 6 * sizeof(Elf64_Phdr));
  struct dr_bytes hs = shorter.bytes();
  EXPECT_STREQ(dr_elf_check_head(&hs, size, kPage, &from_head), DR_ELF_HEAD_SHORT);
  // Offsets are checked against the file, not the head: a PT_LOAD past the end
  // of the file is still "file too short" with only the head in hand.
  f.Load(1).p_offset = size;
  Buf bad = f.Bytes();
  Buf bad_head(bad.data(), 64 + 7 * sizeof(Elf64_Phdr));
  struct dr_bytes bh = bad_head.bytes();
  EXPECT_STREQ(dr_elf_check_head(&bh, size, kPage, &from_head), "file too short");
  // A head shorter than an ELF header is never read.
  Buf tiny(whole.data(), 10);
  struct dr_bytes ht = tiny.bytes();
  EXPECT_STREQ(dr_elf_check_head(&ht, size, kPage, &from_head), "file too short");
}

TEST(ElfFile, RealLibcHasTlsAndInterpFree) {
  eb::RealLib lib;
  if (!lib.Load("/lib/x86_64-linux-gnu/libc.so.6")) GTEST_SKIP();
  Buf b(lib.file.data(), lib.file.size());
  struct dr_bytes bytes = b.bytes();
  struct dr_elf_file out;
  ASSERT_EQ(dr_elf_check_file(&bytes, kPage, &out), nullptr);
  ASSERT_NE(out.tls, nullptr);
  EXPECT_GT(out.tls->p_memsz, 0u);
  // libc.so.6 has a PT_INTERP (it can be run to print its version).
  EXPECT_NE(out.interp, nullptr);
  EXPECT_EQ(out.e_entry, lib.ehdr()->e_entry);
}

}  // namespace
