// core/tests/elf_builder.h: in-memory ELF objects for the unit tests of core/.
//
// Builder lays out a loaded image: a read-only PT_LOAD (a header pad, a "text"
// area, then .hash, .gnu.hash, .dynsym, .dynstr, .gnu.version, .gnu.version_d,
// .gnu.version_r, .rela.dyn, .rela.plt, .relr.dyn in that order, as GNU ld
// does), an unmapped gap, and a writable PT_LOAD (a "data" area, then the
// dynamic section). The hash tables are computed here, independently of
// core/symbol.c, so lookups can be checked against them.
//
// Every buffer is an exactly sized heap allocation and the gap between the
// segments is poisoned, so AddressSanitizer reports any read core/ makes outside
// what the object maps. Tests corrupt a built image through Image::At() to make
// malformed objects, or edit its dynamic entries before they are written
// (Builder::Build(edit)).
#ifndef DRYAD_CORE_TESTS_ELF_BUILDER_H
#define DRYAD_CORE_TESTS_ELF_BUILDER_H

#include <elf.h>
#include <sanitizer/asan_interface.h>

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

extern "C" {
#include "core/dynamic.h"
}

#ifndef DT_RELR
#define DT_RELRSZ 35
#define DT_RELR 36
#define DT_RELRENT 37
#endif

namespace eb {

// Reference hash functions, written from the gABI / GNU documentation rather than
// taken from core/symbol.c, so the two can be compared.
inline uint32_t GnuHash(const std::string &s) {
  uint32_t h = 5381;
  for (unsigned char c : s) h = (h << 5) + h + c;
  return h;
}

inline uint32_t ElfHash(const std::string &s) {
  uint32_t h = 0;
  for (unsigned char c : s) {
    h = (h << 4) + c;
    uint32_t g = h & 0xf0000000u;
    if (g) h ^= g >> 24;
    h &= ~g;
  }
  return h;
}

inline uint64_t AlignUp(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

// An exactly sized, zeroed heap allocation.
class Buf {
 public:
  Buf() = default;
  explicit Buf(size_t n) : p_(new uint8_t[n]()), n_(n) {}
  Buf(const void *src, size_t n) : Buf(n) {
    if (n) std::memcpy(p_.get(), src, n);
  }
  Buf(Buf &&o) noexcept : p_(std::move(o.p_)), n_(o.n_) { o.n_ = 0; }
  Buf &operator=(Buf &&o) noexcept {
    Release();
    p_ = std::move(o.p_);
    n_ = o.n_;
    o.n_ = 0;
    return *this;
  }
  ~Buf() { Release(); }
  uint8_t *data() const { return p_.get(); }
  size_t size() const { return n_; }
  // Makes [off, off+len) inaccessible: any read there is an ASan report.
  void Poison(size_t off, size_t len) {
    assert(off + len <= n_);
    if (len) ASAN_POISON_MEMORY_REGION(p_.get() + off, len);
  }
  struct dr_bytes bytes() const { return dr_bytes{p_.get(), n_}; }

 private:
  void Release() {
    if (p_ && n_) ASAN_UNPOISON_MEMORY_REGION(p_.get(), n_);
    p_.reset();
    n_ = 0;
  }
  std::unique_ptr<uint8_t[]> p_;
  size_t n_ = 0;
};

// One dynamic symbol, with chainable setters: Sym("foo").Val(0x40).Weak().Ver(2).
struct Sym {
  std::string name;
  uint64_t value = 0;
  uint64_t size = 0;
  uint8_t bind = STB_GLOBAL;
  uint8_t type = STT_FUNC;
  uint8_t vis = STV_DEFAULT;
  uint16_t shndx = 7;                 // some defined section
  uint16_t versym = VER_NDX_GLOBAL;   // the whole DT_VERSYM value, 0x8000 included
  int hashed = -1;                    // -1: as GNU ld, defined symbols only

  explicit Sym(std::string n, uint64_t v = 0) : name(std::move(n)), value(v) {}
  Sym &Val(uint64_t v) { value = v; return *this; }
  Sym &Size(uint64_t v) { size = v; return *this; }
  Sym &Bind(uint8_t b) { bind = b; return *this; }
  Sym &Weak() { bind = STB_WEAK; return *this; }
  Sym &Local() { bind = STB_LOCAL; return *this; }
  Sym &Type(uint8_t t) { type = t; return *this; }
  Sym &Vis(uint8_t v) { vis = v; return *this; }
  Sym &Shndx(uint16_t s) { shndx = s; return *this; }
  Sym &Undef() { shndx = SHN_UNDEF; return *this; }
  Sym &Ver(uint16_t v) { versym = v; return *this; }
  Sym &HiddenVer(uint16_t v) { versym = v | 0x8000; return *this; }
  Sym &Hashed(bool h) { hashed = h; return *this; }
};

// A required version (Elf64_Vernaux). The tests build with -std=c++0x, hence
// constructors rather than default member initialisers in aggregates.
struct Aux {
  std::string name;
  uint16_t other;   // the version index, 0x8000 for a hidden reference
  uint16_t flags;   // VER_FLG_WEAK
  Aux(std::string n, uint16_t o, uint16_t f = 0) : name(std::move(n)), other(o), flags(f) {}
};

struct Image;

class Builder {
 public:
  // Where things go.
  uint64_t base = 0x10000;       // first byte of the read-only segment
  uint64_t rw_offset = 0x10000;  // the writable segment starts at base + rw_offset
  uint64_t text_size = 0x40;     // read-only bytes at Builder::text()
  uint64_t data_size = 0x100;    // writable bytes at Builder::data()
  uint64_t rw_tail = 0;          // writable bytes after the dynamic section
  uint32_t ro_flags = PF_R | PF_X, rw_flags = PF_R | PF_W;
  bool gnu_hash_last = false;    // put .gnu.hash at the very end of the read-only segment

  // Hash tables.
  bool gnu = true, sysv = false;
  uint32_t gnu_nbuckets = 0;     // 0: (hashed + 1) / 2, at least 1
  uint32_t bloom_words = 1;
  uint32_t bloom_shift = 6;
  uint32_t sysv_nbuckets = 0;    // 0: nsyms / 2 + 1
  bool force_versym = false;     // emit DT_VERSYM even without version definitions

  std::vector<Elf64_Dyn> extra_dyn;   // appended before DT_NULL
  bool dt_null = true;

  uint64_t text() const { return base + 0x40; }
  uint64_t data() const { return base + rw_offset; }

  // Adds NAME to .dynstr (once) and returns its offset.
  uint32_t Str(const std::string &name) {
    auto it = strs_.find(name);
    if (it != strs_.end()) return it->second;
    uint32_t off = (uint32_t)dynstr_.size();
    dynstr_.insert(dynstr_.end(), name.begin(), name.end());
    dynstr_.push_back('\0');
    strs_[name] = off;
    return off;
  }

  // A DT_NEEDED entry (they come first in the dynamic section, in this order).
  void Need(const std::string &name) { needed_.push_back(name), Str(name); }

  // Returns a handle (1, 2, ...); Image::Index(handle) is the final symbol index.
  uint32_t Add(const Sym &s) {
    Str(s.name);
    syms_.push_back(s);
    return (uint32_t)syms_.size();
  }

  // A version definition: NAMES[0] is its name, the rest its parents.
  void Verdef(uint16_t ndx, uint16_t flags, std::vector<std::string> names) {
    for (auto &n : names) Str(n);
    verdefs_.push_back({ndx, flags, std::move(names)});
  }
  void Verneed(const std::string &file, std::vector<Aux> aux) {
    Str(file);
    for (auto &a : aux) Str(a.name);
    verneeds_.push_back({file, std::move(aux)});
  }

  // Relocations against a symbol handle (0: no symbol), or with a raw r_info.
  void Rela(uint64_t off, uint32_t type, uint32_t handle = 0, int64_t addend = 0) {
    rela_.push_back({off, type, handle, addend, false, 0});
  }
  void RelaRaw(uint64_t off, uint64_t info, int64_t addend = 0) {
    rela_.push_back({off, 0, 0, addend, true, info});
  }
  void Jmprel(uint64_t off, uint32_t type, uint32_t handle = 0, int64_t addend = 0) {
    jmprel_.push_back({off, type, handle, addend, false, 0});
  }
  void JmprelRaw(uint64_t off, uint64_t info, int64_t addend = 0) {
    jmprel_.push_back({off, 0, 0, addend, true, info});
  }
  std::vector<uint64_t> relr;

  std::unique_ptr<Image> Build() const {
    return Build([](std::vector<Elf64_Dyn> &, const Image &) {});
  }
  // EDIT(dyn, image) has the last word on the dynamic entries, once every table
  // has its address. (A template rather than std::function: the hosted build
  // checks indirect calls with -fsanitize=function without its C++ runtime.)
  template <class Edit>
  std::unique_ptr<Image> Build(Edit edit) const;

 private:
  struct VerdefSpec {
    uint16_t ndx, flags;
    std::vector<std::string> names;
  };
  struct VerneedSpec {
    std::string file;
    std::vector<Aux> aux;
  };
  struct RelaSpec {
    uint64_t off;
    uint32_t type, handle;
    int64_t addend;
    bool raw;
    uint64_t info;
  };
  std::vector<std::string> needed_;
  std::vector<uint8_t> dynstr_{0};
  std::map<std::string, uint32_t> strs_{{"", 0}};
  std::vector<Sym> syms_;
  std::vector<VerdefSpec> verdefs_;
  std::vector<VerneedSpec> verneeds_;
  std::vector<RelaSpec> rela_, jmprel_;
};

// A built object, "loaded": one exact allocation covers [lo, hi).
struct Image {
  Buf mem;
  Buf phdr_mem;
  Elf64_Phdr *phdr = nullptr;
  uint16_t phnum = 0;
  struct dr_image im {};
  uint64_t lo = 0, hi = 0;
  uint64_t text = 0, text_size = 0, data = 0, data_size = 0;
  uint64_t ro_end = 0, rw_start = 0;
  uint64_t dyn_vaddr = 0, dyn_size = 0;
  // Tables by section name (".dynsym", ".gnu.hash", ...): file address and size.
  std::map<std::string, std::pair<uint64_t, uint64_t>> table;
  std::vector<uint32_t> index;   // handle -> symbol index (index[0] = 0)
  uint32_t nsyms = 0;            // .dynsym entries, the null symbol included
  uint32_t symoffset = 0;        // first GNU-hashed symbol
  std::map<std::string, uint32_t> str;   // .dynstr offsets

  uint32_t Index(uint32_t handle) const { return index.at(handle); }
  uint64_t Addr(const std::string &t) const { return table.at(t).first; }
  uint64_t Size(const std::string &t) const { return table.at(t).second; }
  bool Has(const std::string &t) const { return table.count(t) != 0; }

  // Pointer to file address VADDR, which must lie in [lo, hi).
  template <class T>
  T *At(uint64_t vaddr) const {
    if (vaddr < lo || vaddr + sizeof(T) > hi) {
      std::fprintf(stderr, "Image::At(%#llx) outside the image\n", (unsigned long long)vaddr);
      std::abort();
    }
    return reinterpret_cast<T *>(mem.data() + (vaddr - lo));
  }
  uint64_t Runtime(uint64_t vaddr) const { return im.bias + vaddr; }
  uint64_t Word(uint64_t vaddr) const {
    uint64_t v;
    std::memcpy(&v, At<uint8_t>(vaddr), 8);
    return v;
  }
  void SetWord(uint64_t vaddr, uint64_t v) { std::memcpy(At<uint8_t>(vaddr), &v, 8); }
  const char *Parse(struct dr_dynamic *d) {
    return dr_dynamic_parse(&im, dyn_vaddr, dyn_size, d);
  }
};

namespace detail {
inline void Put(std::vector<uint8_t> &v, size_t off, const void *p, size_t n) {
  assert(off + n <= v.size());
  std::memcpy(v.data() + off, p, n);
}
}  // namespace detail

template <class Edit>
std::unique_ptr<Image> Builder::Build(Edit edit_dyn) const {
  std::unique_ptr<Image> img(new Image);
  Image &I = *img;

  // Symbol order: unhashed symbols first (GNU hash needs the hashed ones at the
  // end, grouped by bucket), then hashed ones.
  const size_t nuser = syms_.size();
  std::vector<size_t> order;  // positions in syms_
  std::vector<bool> hashed(nuser);
  for (size_t k = 0; k < nuser; k++) {
    const Sym &s = syms_[k];
    hashed[k] = s.hashed < 0 ? s.shndx != SHN_UNDEF : s.hashed != 0;
  }
  uint32_t nhashed = 0;
  for (size_t k = 0; k < nuser; k++) nhashed += hashed[k];
  uint32_t nbuckets = gnu_nbuckets ? gnu_nbuckets : std::max<uint32_t>(1, (nhashed + 1) / 2);
  if (gnu) {
    for (size_t k = 0; k < nuser; k++)
      if (!hashed[k]) order.push_back(k);
    std::vector<size_t> h;
    for (size_t k = 0; k < nuser; k++)
      if (hashed[k]) h.push_back(k);
    std::stable_sort(h.begin(), h.end(), [&](size_t a, size_t b) {
      return GnuHash(syms_[a].name) % nbuckets < GnuHash(syms_[b].name) % nbuckets;
    });
    order.insert(order.end(), h.begin(), h.end());
  } else {
    for (size_t k = 0; k < nuser; k++) order.push_back(k);
  }
  const uint32_t nsyms = (uint32_t)nuser + 1;
  I.nsyms = nsyms;
  I.symoffset = nsyms - (gnu ? nhashed : 0);
  I.index.assign(nuser + 1, 0);
  for (size_t pos = 0; pos < order.size(); pos++) I.index[order[pos] + 1] = (uint32_t)pos + 1;

  // Section contents.
  std::vector<uint8_t> dynsym(nsyms * sizeof(Elf64_Sym));
  std::vector<uint16_t> versym(nsyms, 0);
  for (size_t pos = 0; pos < order.size(); pos++) {
    const Sym &s = syms_[order[pos]];
    Elf64_Sym e{};
    e.st_name = strs_.at(s.name);
    e.st_info = ELF64_ST_INFO(s.bind, s.type);
    e.st_other = s.vis;
    e.st_shndx = s.shndx;
    e.st_value = s.value;
    e.st_size = s.size;
    detail::Put(dynsym, (pos + 1) * sizeof e, &e, sizeof e);
    versym[pos + 1] = s.versym;
  }

  std::vector<uint8_t> gnuhash;
  if (gnu) {
    std::vector<uint64_t> bloom(bloom_words, 0);
    std::vector<uint32_t> buckets(nbuckets, 0), chains(nsyms - I.symoffset, 0);
    for (uint32_t i = I.symoffset; i < nsyms; i++) {
      uint32_t h = GnuHash(syms_[order[i - 1]].name);
      if (bloom_words) {
        uint64_t &w = bloom[(h / 64) % bloom_words];
        w |= 1ULL << (h % 64);
        w |= 1ULL << ((h >> bloom_shift) % 64);
      }
      uint32_t b = h % nbuckets;
      if (buckets[b] == 0) buckets[b] = i;
      bool last = i + 1 == nsyms || GnuHash(syms_[order[i]].name) % nbuckets != b;
      chains[i - I.symoffset] = (h & ~1u) | (last ? 1u : 0u);
    }
    uint32_t hdr[4] = {nbuckets, I.symoffset, bloom_words, bloom_shift};
    gnuhash.resize(16 + 8 * bloom.size() + 4 * buckets.size() + 4 * chains.size());
    detail::Put(gnuhash, 0, hdr, 16);
    if (!bloom.empty()) detail::Put(gnuhash, 16, bloom.data(), 8 * bloom.size());
    detail::Put(gnuhash, 16 + 8 * bloom.size(), buckets.data(), 4 * buckets.size());
    if (!chains.empty())
      detail::Put(gnuhash, 16 + 8 * bloom.size() + 4 * buckets.size(), chains.data(),
                  4 * chains.size());
  }

  std::vector<uint8_t> sysvhash;
  if (sysv) {
    uint32_t nb = sysv_nbuckets ? sysv_nbuckets : nsyms / 2 + 1;
    std::vector<uint32_t> w(2 + nb + nsyms, 0);
    w[0] = nb;
    w[1] = nsyms;
    // As GNU ld: each symbol goes to the head of its bucket's chain.
    for (uint32_t i = 1; i < nsyms; i++) {
      uint32_t b = ElfHash(syms_[order[i - 1]].name) % nb;
      w[2 + nb + i] = w[2 + b];
      w[2 + b] = i;
    }
    sysvhash.resize(4 * w.size());
    detail::Put(sysvhash, 0, w.data(), sysvhash.size());
  }

  std::vector<uint8_t> verdef;
  for (size_t k = 0; k < verdefs_.size(); k++) {
    const VerdefSpec &v = verdefs_[k];
    size_t at = verdef.size();
    verdef.resize(at + sizeof(Elf64_Verdef) + v.names.size() * sizeof(Elf64_Verdaux));
    Elf64_Verdef d{};
    d.vd_version = 1;
    d.vd_flags = v.flags;
    d.vd_ndx = v.ndx;
    d.vd_cnt = (uint16_t)v.names.size();
    d.vd_hash = v.names.empty() ? 0 : ElfHash(v.names[0]);
    d.vd_aux = sizeof(Elf64_Verdef);
    d.vd_next = k + 1 < verdefs_.size()
                    ? (uint32_t)(sizeof(Elf64_Verdef) + v.names.size() * sizeof(Elf64_Verdaux))
                    : 0;
    detail::Put(verdef, at, &d, sizeof d);
    for (size_t j = 0; j < v.names.size(); j++) {
      Elf64_Verdaux a{};
      a.vda_name = strs_.at(v.names[j]);
      a.vda_next = j + 1 < v.names.size() ? sizeof(Elf64_Verdaux) : 0;
      detail::Put(verdef, at + sizeof d + j * sizeof a, &a, sizeof a);
    }
  }

  std::vector<uint8_t> verneed;
  for (size_t k = 0; k < verneeds_.size(); k++) {
    const VerneedSpec &v = verneeds_[k];
    size_t at = verneed.size();
    verneed.resize(at + sizeof(Elf64_Verneed) + v.aux.size() * sizeof(Elf64_Vernaux));
    Elf64_Verneed n{};
    n.vn_version = 1;
    n.vn_cnt = (uint16_t)v.aux.size();
    n.vn_file = strs_.at(v.file);
    n.vn_aux = sizeof(Elf64_Verneed);
    n.vn_next = k + 1 < verneeds_.size()
                    ? (uint32_t)(sizeof(Elf64_Verneed) + v.aux.size() * sizeof(Elf64_Vernaux))
                    : 0;
    detail::Put(verneed, at, &n, sizeof n);
    for (size_t j = 0; j < v.aux.size(); j++) {
      Elf64_Vernaux a{};
      a.vna_hash = ElfHash(v.aux[j].name);
      a.vna_flags = v.aux[j].flags;
      a.vna_other = v.aux[j].other;
      a.vna_name = strs_.at(v.aux[j].name);
      a.vna_next = j + 1 < v.aux.size() ? sizeof(Elf64_Vernaux) : 0;
      detail::Put(verneed, at + sizeof n + j * sizeof a, &a, sizeof a);
    }
  }
  const bool want_versym = force_versym || !verdefs_.empty() || !verneeds_.empty();

  auto relas = [&](const std::vector<RelaSpec> &specs) {
    std::vector<uint8_t> out(specs.size() * sizeof(Elf64_Rela));
    for (size_t k = 0; k < specs.size(); k++) {
      const RelaSpec &r = specs[k];
      Elf64_Rela e{};
      e.r_offset = r.off;
      e.r_info = r.raw ? r.info : ELF64_R_INFO(r.handle ? I.index.at(r.handle) : 0, r.type);
      e.r_addend = r.addend;
      detail::Put(out, k * sizeof e, &e, sizeof e);
    }
    return out;
  };

  // Read-only segment layout.
  struct Sec {
    std::string name;
    std::vector<uint8_t> bytes;
    uint64_t align;
  };
  std::vector<Sec> secs;
  if (sysv) secs.push_back({".hash", sysvhash, 8});
  if (gnu && !gnu_hash_last) secs.push_back({".gnu.hash", gnuhash, 8});
  secs.push_back({".dynsym", dynsym, 8});
  secs.push_back({".dynstr", dynstr_, 1});
  if (want_versym) {
    std::vector<uint8_t> b(versym.size() * 2);
    detail::Put(b, 0, versym.data(), b.size());
    secs.push_back({".gnu.version", b, 2});
  }
  if (!verdef.empty()) secs.push_back({".gnu.version_d", verdef, 8});
  if (!verneed.empty()) secs.push_back({".gnu.version_r", verneed, 8});
  if (!rela_.empty()) secs.push_back({".rela.dyn", relas(rela_), 8});
  if (!jmprel_.empty()) secs.push_back({".rela.plt", relas(jmprel_), 8});
  if (!relr.empty()) {
    std::vector<uint8_t> b(relr.size() * 8);
    detail::Put(b, 0, relr.data(), b.size());
    secs.push_back({".relr.dyn", b, 8});
  }
  if (gnu && gnu_hash_last) secs.push_back({".gnu.hash", gnuhash, 8});

  I.lo = base;
  I.text = text();
  I.text_size = text_size;
  uint64_t at = I.text + text_size;
  for (auto &s : secs) {
    at = AlignUp(at, s.align);
    I.table[s.name] = {at, s.bytes.size()};
    at += s.bytes.size();
  }
  I.ro_end = at;
  I.rw_start = data();
  assert(I.rw_start >= I.ro_end && "Builder: read-only segment too large for rw_offset");
  I.data = I.rw_start;
  I.data_size = data_size;
  I.dyn_vaddr = AlignUp(I.data + data_size, 16);
  for (auto &kv : strs_) I.str[kv.first] = kv.second;

  // Dynamic entries.
  std::vector<Elf64_Dyn> dyn;
  auto add = [&](int64_t tag, uint64_t val) {
    Elf64_Dyn e{};
    e.d_tag = tag;
    e.d_un.d_val = val;
    dyn.push_back(e);
  };
  for (auto &n : needed_) add(DT_NEEDED, strs_.at(n));
  if (sysv) add(DT_HASH, I.Addr(".hash"));
  if (gnu) add(DT_GNU_HASH, I.Addr(".gnu.hash"));
  add(DT_STRTAB, I.Addr(".dynstr"));
  add(DT_SYMTAB, I.Addr(".dynsym"));
  add(DT_STRSZ, dynstr_.size());
  add(DT_SYMENT, sizeof(Elf64_Sym));
  if (!rela_.empty()) {
    add(DT_RELA, I.Addr(".rela.dyn"));
    add(DT_RELASZ, I.Size(".rela.dyn"));
    add(DT_RELAENT, sizeof(Elf64_Rela));
  }
  if (!jmprel_.empty()) {
    add(DT_JMPREL, I.Addr(".rela.plt"));
    add(DT_PLTRELSZ, I.Size(".rela.plt"));
    add(DT_PLTREL, DT_RELA);
  }
  if (!relr.empty()) {
    add(DT_RELR, I.Addr(".relr.dyn"));
    add(DT_RELRSZ, I.Size(".relr.dyn"));
    add(DT_RELRENT, 8);
  }
  if (want_versym) add(DT_VERSYM, I.Addr(".gnu.version"));
  if (!verdef.empty()) {
    add(DT_VERDEF, I.Addr(".gnu.version_d"));
    add(DT_VERDEFNUM, verdefs_.size());
  }
  if (!verneed.empty()) {
    add(DT_VERNEED, I.Addr(".gnu.version_r"));
    add(DT_VERNEEDNUM, verneeds_.size());
  }
  dyn.insert(dyn.end(), extra_dyn.begin(), extra_dyn.end());
  if (dt_null) add(DT_NULL, 0);
  edit_dyn(dyn, static_cast<const Image &>(I));
  I.dyn_size = dyn.size() * sizeof(Elf64_Dyn);
  I.table[".dynamic"] = {I.dyn_vaddr, I.dyn_size};
  I.hi = I.dyn_vaddr + I.dyn_size + rw_tail;

  // The memory, the gap poisoned.
  I.mem = Buf(I.hi - I.lo);
  for (auto &s : secs)
    if (!s.bytes.empty()) std::memcpy(I.At<uint8_t>(I.Addr(s.name)), s.bytes.data(), s.bytes.size());
  if (!dyn.empty()) std::memcpy(I.At<uint8_t>(I.dyn_vaddr), dyn.data(), I.dyn_size);
  I.mem.Poison(I.ro_end - I.lo, I.rw_start - I.ro_end);

  // Program headers (in their own exact allocation): two PT_LOADs and PT_DYNAMIC.
  Elf64_Phdr ph[3] = {};
  ph[0].p_type = PT_LOAD;
  ph[0].p_flags = ro_flags;
  ph[0].p_vaddr = ph[0].p_paddr = ph[0].p_offset = I.lo;
  ph[0].p_filesz = ph[0].p_memsz = I.ro_end - I.lo;
  ph[0].p_align = 0x1000;
  ph[1].p_type = PT_LOAD;
  ph[1].p_flags = rw_flags;
  ph[1].p_vaddr = ph[1].p_paddr = ph[1].p_offset = I.rw_start;
  ph[1].p_filesz = ph[1].p_memsz = I.hi - I.rw_start;
  ph[1].p_align = 0x1000;
  ph[2].p_type = PT_DYNAMIC;
  ph[2].p_flags = PF_R | PF_W;
  ph[2].p_vaddr = ph[2].p_paddr = ph[2].p_offset = I.dyn_vaddr;
  ph[2].p_filesz = ph[2].p_memsz = I.dyn_size;
  ph[2].p_align = 8;
  I.phdr_mem = Buf(ph, sizeof ph);
  I.phdr = reinterpret_cast<Elf64_Phdr *>(I.phdr_mem.data());
  I.phnum = 3;
  I.im.bias = (uint64_t)(uintptr_t)I.mem.data() - I.lo;
  I.im.phdr = I.phdr;
  I.im.phnum = I.phnum;
  I.im.textrel = false;
  I.im.hint = nullptr;
  return img;
}

// Helpers for edit_dyn.
inline Elf64_Dyn *FindDyn(std::vector<Elf64_Dyn> &dyn, int64_t tag) {
  for (auto &e : dyn)
    if (e.d_tag == tag) return &e;
  return nullptr;
}
inline void SetDyn(std::vector<Elf64_Dyn> &dyn, int64_t tag, uint64_t val) {
  Elf64_Dyn *e = FindDyn(dyn, tag);
  if (e) {
    e->d_un.d_val = val;
    return;
  }
  Elf64_Dyn n{};
  n.d_tag = tag;
  n.d_un.d_val = val;
  // Before DT_NULL, if there is one.
  auto it = std::find_if(dyn.begin(), dyn.end(), [](const Elf64_Dyn &d) { return d.d_tag == DT_NULL; });
  dyn.insert(it, n);
}
inline void DropDyn(std::vector<Elf64_Dyn> &dyn, int64_t tag) {
  dyn.erase(std::remove_if(dyn.begin(), dyn.end(),
                           [tag](const Elf64_Dyn &d) { return d.d_tag == tag; }),
            dyn.end());
}
inline Elf64_Dyn Dyn(int64_t tag, uint64_t val) {
  Elf64_Dyn e{};
  e.d_tag = tag;
  e.d_un.d_val = val;
  return e;
}

}  // namespace eb

#endif
