// core/tests/real_elf.h: the system's own libraries, "loaded" for the unit tests.
//
// RealLib reads a file, copies each PT_LOAD's file bytes into one exactly sized
// heap allocation at its p_vaddr (bias = buffer - lowest page), zero-fills the
// rest of p_memsz and poisons what no PT_LOAD covers, the way the kernel would
// leave it unmapped. The section headers are read here, independently of core/,
// so what core/ derives from the dynamic section can be checked against them.
#ifndef DRYAD_CORE_TESTS_REAL_ELF_H
#define DRYAD_CORE_TESTS_REAL_ELF_H

#include <fstream>
#include <string>
#include <vector>

#include "core/tests/elf_builder.h"

namespace eb {

struct RealLib {
  std::string path;
  std::vector<uint8_t> file;
  Buf mem, phdr_mem;
  struct dr_image im {};
  uint64_t lo = 0, hi = 0;
  uint64_t dyn_vaddr = 0, dyn_size = 0;

  // Reads and maps PATH; false if it cannot be read or is not an ELF64 object.
  bool Load(const std::string &p, uint64_t pagesize = 4096) {
    path = p;
    std::ifstream f(p, std::ios::binary);
    if (!f) return false;
    f.seekg(0, std::ios::end);
    std::streamoff len = f.tellg();
    if (len <= 0) return false;
    f.seekg(0, std::ios::beg);
    file.resize((size_t)len);
    if (!f.read(reinterpret_cast<char *>(file.data()), len)) return false;
    if (file.size() < sizeof(Elf64_Ehdr) || std::memcmp(file.data(), ELFMAG, SELFMAG) != 0)
      return false;
    const Elf64_Ehdr *e = ehdr();
    if (e->e_phoff + (uint64_t)e->e_phnum * sizeof(Elf64_Phdr) > file.size()) return false;
    phdr_mem = Buf(file.data() + e->e_phoff, e->e_phnum * sizeof(Elf64_Phdr));
    const Elf64_Phdr *ph = phdrs();
    lo = UINT64_MAX;
    hi = 0;
    for (int i = 0; i < e->e_phnum; i++) {
      if (ph[i].p_type == PT_DYNAMIC) dyn_vaddr = ph[i].p_vaddr, dyn_size = ph[i].p_memsz;
      if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0) continue;
      lo = std::min(lo, ph[i].p_vaddr / pagesize * pagesize);
      hi = std::max(hi, AlignUp(ph[i].p_vaddr + ph[i].p_memsz, pagesize));
    }
    if (lo >= hi) return false;
    mem = Buf(hi - lo);
    std::vector<std::pair<uint64_t, uint64_t>> segs;  // [start, end) offsets into mem
    for (int i = 0; i < e->e_phnum; i++) {
      if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0) continue;
      if (ph[i].p_offset + ph[i].p_filesz > file.size()) return false;
      std::memcpy(mem.data() + (ph[i].p_vaddr - lo), file.data() + ph[i].p_offset, ph[i].p_filesz);
      segs.emplace_back(ph[i].p_vaddr - lo, ph[i].p_vaddr - lo + ph[i].p_memsz);
    }
    std::sort(segs.begin(), segs.end());
    uint64_t done = 0;  // what no segment covers is poisoned
    for (auto &sg : segs) {
      if (sg.first > done) mem.Poison(done, sg.first - done);
      done = std::max(done, sg.second);
    }
    if (done < hi - lo) mem.Poison(done, hi - lo - done);
    im.bias = (uint64_t)(uintptr_t)mem.data() - lo;
    im.phdr = phdrs();
    im.phnum = e->e_phnum;
    im.textrel = false;
    im.hint = nullptr;
    return true;
  }

  const Elf64_Ehdr *ehdr() const { return reinterpret_cast<const Elf64_Ehdr *>(file.data()); }
  const Elf64_Phdr *phdrs() const { return reinterpret_cast<const Elf64_Phdr *>(phdr_mem.data()); }

  // Section headers, straight from the file.
  const Elf64_Shdr *shdrs() const {
    return reinterpret_cast<const Elf64_Shdr *>(file.data() + ehdr()->e_shoff);
  }
  const Elf64_Shdr *Section(const std::string &name) const {
    const Elf64_Ehdr *e = ehdr();
    if (e->e_shoff == 0 || e->e_shstrndx >= e->e_shnum) return nullptr;
    const Elf64_Shdr *sh = shdrs();
    const char *names = reinterpret_cast<const char *>(file.data() + sh[e->e_shstrndx].sh_offset);
    for (int i = 0; i < e->e_shnum; i++)
      if (name == names + sh[i].sh_name) return &sh[i];
    return nullptr;
  }
  const Elf64_Shdr *SectionOfType(uint32_t type) const {
    const Elf64_Ehdr *e = ehdr();
    for (int i = 0; i < e->e_shnum; i++)
      if (shdrs()[i].sh_type == type) return &shdrs()[i];
    return nullptr;
  }
  template <class T>
  const T *FileAt(uint64_t off) const {
    return reinterpret_cast<const T *>(file.data() + off);
  }

  const char *Parse(struct dr_dynamic *d) { return dr_dynamic_parse(&im, dyn_vaddr, dyn_size, d); }
};

}  // namespace eb

#endif
