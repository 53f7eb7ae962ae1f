// Tests of core/reloc.c: each x86-64 relocation type's formula (as the psABI and
// glibc 2.36's elf_machine_rela compute it), undefined weak references, every
// bounds check (target, width, permissions, symbol index, type), the lazy
// DT_JMPREL path, DT_RELR decoding against a reference decoder, and the counts.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/tests/real_elf.h"

extern "C" {
#include "core/reloc.h"
}

#ifndef R_X86_64_TLSDESC
#define R_X86_64_TLSDESC 36
#endif

namespace {

using eb::Buf;
using eb::Builder;
using eb::Image;
using eb::Sym;

// What the fake resolver knows, and what it saw.
struct Env {
  std::map<uint32_t, struct dr_symval> defs;  // by symbol index; absent: undefined
  std::vector<std::pair<uint32_t, uint32_t>> resolves;  // (symidx, type)
  std::vector<uint64_t> ifunc_calls;
  const char *fail = nullptr;  // resolve returns this for symbol fail_sym
  uint32_t fail_sym = 0;
  // IRELATIVE ordering: what the word at probe held when each resolver ran.
  Image *img = nullptr;
  uint64_t probe = 0;
  std::vector<uint64_t> probe_seen;
  // Entries marked applied already (parallel.c's bound-ahead ones): a bitmap.
  std::vector<uint64_t> done;
};

const char *Resolve(void *arg, uint32_t symidx, uint32_t type, struct dr_symval *out) {
  Env *e = static_cast<Env *>(arg);
  e->resolves.push_back({symidx, type});
  if (e->fail && symidx == e->fail_sym) return e->fail;
  auto it = e->defs.find(symidx);
  if (it != e->defs.end()) *out = it->second;
  return nullptr;
}

// A resolver "returns" its address with the top bits flipped, so results are recognisable.
const uint64_t kIfuncMark = 0x5a00000000000000ull;

uint64_t CallIfunc(void *arg, uint64_t resolver) {
  Env *e = static_cast<Env *>(arg);
  e->ifunc_calls.push_back(resolver);
  if (e->img && e->probe) e->probe_seen.push_back(e->img->Word(e->probe));
  return resolver ^ kIfuncMark;
}

const uint64_t kTlsdescStatic = 0x7777000000001234ull;

struct dr_reloc_ops Ops(Env &e) {
  struct dr_reloc_ops o = {};
  o.arg = &e;
  o.resolve = Resolve;
  o.call_ifunc = CallIfunc;
  o.tlsdesc_static = kTlsdescStatic;
  return o;
}

Elf64_Rela R(uint64_t off, uint32_t type, uint32_t sym = 0, int64_t addend = 0) {
  Elf64_Rela r;
  r.r_offset = off;
  r.r_info = ELF64_R_INFO(sym, type);
  r.r_addend = addend;
  return r;
}

// Relocation entries in an exactly sized allocation.
Buf Relas(const std::vector<Elf64_Rela> &v) { return Buf(v.data(), v.size() * sizeof(Elf64_Rela)); }

// An object with a few symbols, to be relocated.
struct Obj {
  std::unique_ptr<Image> img;
  struct dr_dynamic d;
  uint32_t ext, weak, obj, tls, fn;  // symbol indices
  uint64_t B() const { return img->im.bias; }
  uint64_t data() const { return img->data; }

  // Applies V; returns the error ("" for none); *bad gets the failing index.
  std::string Apply(Env &e, const std::vector<Elf64_Rela> &v, uint64_t *bad = nullptr) {
    Buf b = Relas(v);
    struct dr_reloc_ops ops = Ops(e);
    if (!e.done.empty()) {
      ops.done = e.done.data();
      ops.done_base = reinterpret_cast<const Elf64_Rela *>(b.data());
      ops.done_n = v.size();
    }
    const char *err = dr_apply_rela(&img->im, &d, reinterpret_cast<const Elf64_Rela *>(b.data()),
                                    v.size(), &ops, bad);
    return err ? err : "";
  }
  std::string Lazy(Env &e, const std::vector<Elf64_Rela> &v) {
    Buf b = Relas(v);
    struct dr_reloc_ops ops = Ops(e);
    const char *err = dr_apply_jmprel_lazy(&img->im, &d, reinterpret_cast<const Elf64_Rela *>(b.data()),
                                           v.size(), &ops);
    return err ? err : "";
  }
  std::string Relr(const std::vector<uint64_t> &words) {
    Buf b(words.data(), words.size() * 8);
    const char *err = dr_apply_relr(&img->im, reinterpret_cast<const uint64_t *>(b.data()), words.size());
    return err ? err : "";
  }
  uint64_t Word(uint64_t vaddr) const { return img->Word(vaddr); }
  uint32_t Word32(uint64_t vaddr) const { return *img->At<uint32_t>(vaddr); }
};

std::unique_ptr<Obj> MakeObj(uint64_t data_size = 0x400, bool gnu = true) {
  Builder b;
  b.data_size = data_size;
  b.gnu = gnu;
  uint32_t ext = b.Add(Sym("ext").Undef());
  uint32_t weak = b.Add(Sym("weak").Undef().Weak());
  uint32_t obj = b.Add(Sym("obj").Undef().Type(STT_OBJECT).Size(16));  // a COPY reference
  uint32_t tls = b.Add(Sym("tls").Undef().Type(STT_TLS));
  uint32_t fn = b.Add(Sym("fn", 0x80).Size(8));
  std::unique_ptr<Obj> o(new Obj);
  o->img = b.Build();
  const char *err = o->img->Parse(&o->d);
  EXPECT_EQ(err, nullptr) << err;
  o->ext = o->img->Index(ext);
  o->weak = o->img->Index(weak);
  o->obj = o->img->Index(obj);
  o->tls = o->img->Index(tls);
  o->fn = o->img->Index(fn);
  return o;
}

struct dr_symval Def(uint64_t addr, uint64_t size = 0) {
  struct dr_symval s = {};
  s.found = true;
  s.addr = addr;
  s.size = size;
  return s;
}

struct dr_symval TlsDef(uint64_t modid, int64_t tpoff, uint64_t st_value) {
  struct dr_symval s = {};
  s.found = true;
  s.tls_modid = modid;
  s.tls_tpoff = tpoff;
  s.st_value = st_value;
  return s;
}

// ---- formulas ----------------------------------------------------------------------------

TEST(Reloc, Relative) {
  auto o = MakeObj();
  Env e;
  ASSERT_EQ(o->Apply(e, {R(o->data(), R_X86_64_RELATIVE, 0, 0x1234),
                         R(o->data() + 8, R_X86_64_RELATIVE, 0, -16),
                         R(o->data() + 16, R_X86_64_RELATIVE, 0, 0)}),
            "");
  EXPECT_EQ(o->Word(o->data()), o->B() + 0x1234);
  EXPECT_EQ(o->Word(o->data() + 8), o->B() - 16);
  EXPECT_EQ(o->Word(o->data() + 16), o->B());
  EXPECT_TRUE(e.resolves.empty());  // no symbol involved
  // The symbol field of a RELATIVE entry is ignored, whatever it holds.
  ASSERT_EQ(o->Apply(e, {R(o->data(), R_X86_64_RELATIVE, 0xffffff, 8)}), "");
  EXPECT_EQ(o->Word(o->data()), o->B() + 8);
}

// Runs of RELATIVE entries go two at a time; every length, and a run that ends,
// or leaves the segment, at every position, must give what one at a time gives.
TEST(Reloc, RelativeRuns) {
  auto o = MakeObj(0x400);
  const Image &I = *o->img;
  for (size_t n = 0; n <= 7; n++) {
    for (size_t stop = 0; stop <= n; stop++) {
      std::vector<Elf64_Rela> v;
      for (size_t k = 0; k < n; k++) v.push_back(R(o->data() + 8 * k, R_X86_64_RELATIVE, 0, (int64_t)(0x100 + k)));
      if (stop < n) v[stop] = R(o->data() + 8 * stop, R_X86_64_64, o->ext, 0);
      Buf b = Relas(v);
      const Elf64_Rela *r = reinterpret_cast<const Elf64_Rela *>(b.data());
      for (size_t k = 0; k < n; k++) o->img->SetWord(o->data() + 8 * k, 0);
      uint64_t done = 99;
      EXPECT_EQ(dr_apply_relative(&o->img->im, r, n, &done), nullptr);
      EXPECT_EQ(done, stop) << n;
      for (size_t k = 0; k < n; k++)
        EXPECT_EQ(o->Word(o->data() + 8 * k), k < stop ? o->B() + 0x100 + k : 0) << n << " " << k;
      // The same entries with one target out of the segment instead: an error, there.
      if (stop < n) {
        v[stop] = R(I.text, R_X86_64_RELATIVE, 0, 0);
        Buf b2 = Relas(v);
        EXPECT_STREQ(dr_apply_relative(&o->img->im, reinterpret_cast<const Elf64_Rela *>(b2.data()), n, &done),
                     "relocation target outside a writable segment");
        EXPECT_EQ(done, stop);
      }
    }
  }
  // Two entries naming one word: the later wins, as applied in order.
  Env e;
  ASSERT_EQ(o->Apply(e, {R(o->data(), R_X86_64_RELATIVE, 0, 1), R(o->data(), R_X86_64_RELATIVE, 0, 2)}), "");
  EXPECT_EQ(o->Word(o->data()), o->B() + 2);
}

// The DT_RELACOUNT entries, types taken on trust: every length (the loop goes
// four at a time) and every position of a target outside the segment, which
// stops there with an error; an entry of another type is applied as RELATIVE,
// inside the segment, as glibc applies it.
TEST(Reloc, RelativeCounted) {
  auto o = MakeObj(0x400);
  const Image &I = *o->img;
  for (size_t n = 0; n <= 11; n++) {
    for (size_t bad = 0; bad <= n; bad++) {
      std::vector<Elf64_Rela> v;
      for (size_t k = 0; k < n; k++) v.push_back(R(o->data() + 8 * k, R_X86_64_RELATIVE, 0, (int64_t)(0x200 + k)));
      if (bad < n) v[bad] = R(I.text, R_X86_64_RELATIVE, 0, 0);
      if (n > 2 && bad == n) v[1] = R(o->data() + 8, R_X86_64_64, o->ext, 0x77);
      Buf b = Relas(v);
      for (size_t k = 0; k < n; k++) o->img->SetWord(o->data() + 8 * k, 0);
      uint64_t done = 99;
      const char *err = dr_apply_relative_counted(&o->img->im, reinterpret_cast<const Elf64_Rela *>(b.data()), n, &done);
      if (bad < n) {
        EXPECT_STREQ(err, "relocation target outside a writable segment") << n << " " << bad;
        EXPECT_EQ(done, bad);
      } else {
        EXPECT_EQ(err, nullptr);
        EXPECT_EQ(done, n);
      }
      for (size_t k = 0; k < n; k++) {
        uint64_t want = k < bad ? o->B() + (k == 1 && n > 2 && bad == n ? 0x77 : 0x200 + k) : 0;
        EXPECT_EQ(o->Word(o->data() + 8 * k), want) << n << " " << bad << " " << k;
      }
    }
  }
}

TEST(Reloc, Abs64) {
  auto o = MakeObj();
  Env e;
  e.defs[o->ext] = Def(0x7f0000001000ull);
  ASSERT_EQ(o->Apply(e, {R(o->data(), R_X86_64_64, o->ext, 0x10), R(o->data() + 8, R_X86_64_64, o->ext, -0x1000),
                         R(o->data() + 16, R_X86_64_64, o->weak, 0x42)}),
            "");
  EXPECT_EQ(o->Word(o->data()), 0x7f0000001010ull);
  EXPECT_EQ(o->Word(o->data() + 8), 0x7f0000000000ull);
  EXPECT_EQ(o->Word(o->data() + 16), 0x42u);  // undefined weak: 0 + A
  ASSERT_EQ(e.resolves.size(), 3u);
  EXPECT_EQ(e.resolves[0], std::make_pair(o->ext, (uint32_t)R_X86_64_64));
  EXPECT_EQ(e.resolves[2], std::make_pair(o->weak, (uint32_t)R_X86_64_64));
}

// DT_RELA's own entries: a DT_RELA whose end is DT_JMPREL's end (one table
// covering both) loses DT_JMPREL's entries; separate tables keep everything.
TEST(Reloc, RelaOwnCutsATrailingJmprel) {
  Elf64_Rela t[10] = {};
  struct dr_dynamic d = {};
  d.rela = t, d.nrela = 10, d.jmprel = t + 7, d.njmprel = 3;
  EXPECT_EQ(dr_rela_own(&d), 7u);
  d.njmprel = 2;  // ends before DT_RELA does
  EXPECT_EQ(dr_rela_own(&d), 10u);
  d.jmprel = nullptr, d.njmprel = 0;
  EXPECT_EQ(dr_rela_own(&d), 10u);
  d.rela = nullptr, d.nrela = 0, d.jmprel = t, d.njmprel = 3;
  EXPECT_EQ(dr_rela_own(&d), 0u);
}

// Entries worker threads applied ahead (parallel.c) are skipped by the serial
// pass: neither resolved nor written again. RELATIVE entries are never marked.
TEST(Reloc, DoneEntriesSkipped) {
  auto o = MakeObj();
  Env e;
  e.defs[o->ext] = Def(0x7f0000003000ull);
  o->img->SetWord(o->data() + 8, 0xdeadbeef);
  e.done = {0x2};  // entry 1
  ASSERT_EQ(o->Apply(e, {R(o->data(), R_X86_64_GLOB_DAT, o->ext), R(o->data() + 8, R_X86_64_GLOB_DAT, o->ext),
                         R(o->data() + 16, R_X86_64_64, o->ext, 8)}),
            "");
  EXPECT_EQ(o->Word(o->data()), 0x7f0000003000ull);
  EXPECT_EQ(o->Word(o->data() + 8), 0xdeadbeefu);
  EXPECT_EQ(o->Word(o->data() + 16), 0x7f0000003008ull);
  EXPECT_EQ(e.resolves.size(), 2u);
}

// R_X86_64_GLOB_DAT and R_X86_64_JUMP_SLOT are S: the psABI has no addend in
// them and glibc's elf_machine_rela ignores r_addend (`*reloc_addr = value`).
TEST(Reloc, GlobDatAndJumpSlot) {
  for (uint32_t type : {(uint32_t)R_X86_64_GLOB_DAT, (uint32_t)R_X86_64_JUMP_SLOT}) {
    SCOPED_TRACE(type);
    auto o = MakeObj();
    Env e;
    e.defs[o->ext] = Def(0x7f0000002000ull);
    o->img->SetWord(o->data() + 16, 0xdeadbeef);
    ASSERT_EQ(o->Apply(e, {R(o->data(), type, o->ext, 0), R(o->data() + 8, type, o->ext, 0x30),
                           R(o->data() + 16, type, o->weak, 0x30)}),
              "");
    EXPECT_EQ(o->Word(o->data()), 0x7f0000002000ull);
    EXPECT_EQ(o->Word(o->data() + 8), 0x7f0000002000ull);
    EXPECT_EQ(o->Word(o->data() + 16), 0u);  // undefined weak: 0
  }
}

TEST(Reloc, Pc32) {
  auto o = MakeObj();
  Env e;
  const uint64_t P = o->B() + o->data();
  e.defs[o->ext] = Def(P + 0x1000);
  e.defs[o->fn] = Def(P - 0x100);
  ASSERT_EQ(o->Apply(e, {R(o->data(), R_X86_64_PC32, o->ext, -4), R(o->data() + 4, R_X86_64_PC32, o->fn, 0)}), "");
  EXPECT_EQ(o->Word32(o->data()), 0x1000u - 4);
  EXPECT_EQ(o->Word32(o->data() + 4), (uint32_t)(-0x100 - 4));  // P is 4 bytes further on
  // The limits of a signed 32-bit displacement, at P = B + data + 8.
  const uint64_t P8 = P + 8;
  struct {
    int64_t disp;
    bool ok;
  } cases[] = {{INT32_MAX, true}, {INT32_MIN, true}, {(int64_t)INT32_MAX + 1, false},
               {(int64_t)INT32_MIN - 1, false}, {1ll << 40, false}, {-(1ll << 40), false}};
  for (auto &c : cases) {
    e.defs[o->ext] = Def(P8 + c.disp);
    o->img->SetWord(o->data() + 8, 0x1111111111111111ull);
    uint64_t bad = 99;
    std::string err = o->Apply(e, {R(o->data() + 8, R_X86_64_PC32, o->ext, 0)}, &bad);
    if (c.ok) {
      EXPECT_EQ(err, "") << c.disp;
      EXPECT_EQ((int32_t)o->Word32(o->data() + 8), (int32_t)c.disp);
      EXPECT_EQ(o->Word32(o->data() + 12), 0x11111111u);  // only 4 bytes written
    } else {
      EXPECT_EQ(err, "R_X86_64_PC32 relocation out of range") << c.disp;
      EXPECT_EQ(bad, 0u);
      EXPECT_EQ(o->Word(o->data() + 8), 0x1111111111111111ull);  // nothing written
    }
  }
}

TEST(Reloc, Abs32) {
  auto o = MakeObj();
  Env e;
  e.defs[o->ext] = Def(0xfffffff0u);
  o->img->SetWord(o->data(), ~0ull);
  ASSERT_EQ(o->Apply(e, {R(o->data(), R_X86_64_32, o->ext, 0xf)}), "");
  EXPECT_EQ(o->Word(o->data()), 0xffffffff00000000ull | 0xffffffffu);
  EXPECT_EQ(o->Word32(o->data()), 0xffffffffu);
  EXPECT_EQ(o->Word32(o->data() + 4), 0xffffffffu);  // untouched
  EXPECT_EQ(o->Apply(e, {R(o->data(), R_X86_64_32, o->ext, 0x10)}), "R_X86_64_32 relocation out of range");
  e.defs[o->ext] = Def(0x1000);
  EXPECT_EQ(o->Apply(e, {R(o->data(), R_X86_64_32, o->ext, -0x1001)}), "R_X86_64_32 relocation out of range");
  ASSERT_EQ(o->Apply(e, {R(o->data(), R_X86_64_32, o->ext, -0x1000)}), "");
  EXPECT_EQ(o->Word32(o->data()), 0u);
}

TEST(Reloc, Pc64) {
  auto o = MakeObj();
  Env e;
  e.defs[o->ext] = Def(0x10);
  ASSERT_EQ(o->Apply(e, {R(o->data() + 8, R_X86_64_PC64, o->ext, 0x20)}), "");
  EXPECT_EQ(o->Word(o->data() + 8), 0x30 - (o->B() + o->data() + 8));
}

TEST(Reloc, Copy) {
  auto o = MakeObj();
  Env e;
  // The definition is smaller than the reference (16): only its 8 bytes are copied.
  Buf small(8);
  std::memset(small.data(), 0xab, 8);
  e.defs[o->obj] = Def((uint64_t)(uintptr_t)small.data(), 8);
  e.defs[o->obj].ifunc = true;  // never called for COPY
  for (int k = 0; k < 4; k++) o->img->SetWord(o->data() + 8 * k, 0x1111111111111111ull);
  ASSERT_EQ(o->Apply(e, {R(o->data(), R_X86_64_COPY, o->obj, 0)}), "");
  EXPECT_EQ(o->Word(o->data()), 0xababababababababull);
  EXPECT_EQ(o->Word(o->data() + 8), 0x1111111111111111ull);
  EXPECT_TRUE(e.ifunc_calls.empty());
  // Larger than the reference: the reference's 16 bytes only (ASan checks the read).
  Buf big(32);
  for (int k = 0; k < 32; k++) big.data()[k] = (uint8_t)k;
  e.defs[o->obj] = Def((uint64_t)(uintptr_t)big.data(), 32);
  ASSERT_EQ(o->Apply(e, {R(o->data() + 8, R_X86_64_COPY, o->obj, 0)}), "");
  EXPECT_EQ(std::memcmp(o->img->At<uint8_t>(o->data() + 8), big.data(), 16), 0);
  EXPECT_EQ(o->Word(o->data() + 24), 0x1111111111111111ull);
  // Undefined: an error.
  e.defs.erase(o->obj);
  EXPECT_EQ(o->Apply(e, {R(o->data(), R_X86_64_COPY, o->obj, 0)}), "COPY relocation against an undefined symbol");
  // 16 bytes do not fit in the last 8 of the segment.
  e.defs[o->obj] = Def((uint64_t)(uintptr_t)big.data(), 32);
  EXPECT_EQ(o->Apply(e, {R(o->img->hi - 8, R_X86_64_COPY, o->obj, 0)}),
            "COPY relocation target outside a writable segment");
  ASSERT_EQ(o->Apply(e, {R(o->img->hi - 16, R_X86_64_COPY, o->obj, 0)}), "");
}

TEST(Reloc, Tls) {
  auto o = MakeObj();
  Env e;
  e.defs[o->tls] = TlsDef(3, -0x90, 0x18);
  ASSERT_EQ(o->Apply(e, {R(o->data(), R_X86_64_DTPMOD64, o->tls, 0), R(o->data() + 8, R_X86_64_DTPOFF64, o->tls, 4),
                         R(o->data() + 16, R_X86_64_TPOFF64, o->tls, 4), R(o->data() + 32, R_X86_64_TLSDESC, o->tls, 4)}),
            "");
  EXPECT_EQ(o->Word(o->data()), 3u);
  EXPECT_EQ(o->Word(o->data() + 8), 0x18u + 4);
  EXPECT_EQ((int64_t)o->Word(o->data() + 16), 0x18 + 4 - 0x90);  // st_value + A - tls offset
  EXPECT_EQ(o->Word(o->data() + 32), kTlsdescStatic);
  EXPECT_EQ((int64_t)o->Word(o->data() + 40), 0x18 + 4 - 0x90);
  // The object's own module (symbol 0, a local-dynamic reference).
  e.defs[0] = TlsDef(1, -0x40, 0);
  ASSERT_EQ(o->Apply(e, {R(o->data() + 48, R_X86_64_DTPMOD64, 0, 0)}), "");
  EXPECT_EQ(o->Word(o->data() + 48), 1u);
  EXPECT_EQ(e.resolves.back(), std::make_pair(0u, (uint32_t)R_X86_64_DTPMOD64));
  // An undefined weak TLS reference has module 0.
  ASSERT_EQ(o->Apply(e, {R(o->data() + 56, R_X86_64_DTPMOD64, o->weak, 0)}), "");
  EXPECT_EQ(o->Word(o->data() + 56), 0u);
  // A TLS descriptor is 16 bytes: not at the last 8 of the segment.
  EXPECT_EQ(o->Apply(e, {R(o->img->hi - 8, R_X86_64_TLSDESC, o->tls, 0)}),
            "relocation target outside a writable segment");
  ASSERT_EQ(o->Apply(e, {R(o->img->hi - 16, R_X86_64_TLSDESC, o->tls, 0)}), "");
}

TEST(Reloc, IfuncDefinitions) {
  auto o = MakeObj();
  Env e;
  e.defs[o->ext] = Def(0x5000);
  e.defs[o->ext].ifunc = true;
  ASSERT_EQ(o->Apply(e, {R(o->data(), R_X86_64_GLOB_DAT, o->ext, 0), R(o->data() + 8, R_X86_64_64, o->ext, 2),
                         R(o->data() + 16, R_X86_64_JUMP_SLOT, o->ext, 0)}),
            "");
  EXPECT_EQ(o->Word(o->data()), 0x5000 ^ kIfuncMark);
  EXPECT_EQ(o->Word(o->data() + 8), (0x5000 ^ kIfuncMark) + 2);
  EXPECT_EQ(o->Word(o->data() + 16), 0x5000 ^ kIfuncMark);
  EXPECT_EQ(e.ifunc_calls, (std::vector<uint64_t>{0x5000, 0x5000, 0x5000}));
  // An undefined one is not called.
  struct dr_symval u = {};
  u.ifunc = true;
  e.defs[o->weak] = u;
  ASSERT_EQ(o->Apply(e, {R(o->data(), R_X86_64_GLOB_DAT, o->weak, 0)}), "");
  EXPECT_EQ(e.ifunc_calls.size(), 3u);
  EXPECT_EQ(o->Word(o->data()), 0u);
}

TEST(Reloc, Irelative) {
  auto o = MakeObj();
  Env e;
  ASSERT_EQ(o->Apply(e, {R(o->data(), R_X86_64_IRELATIVE, 0, o->img->text + 0x10)}), "");
  ASSERT_EQ(e.ifunc_calls.size(), 1u);
  EXPECT_EQ(e.ifunc_calls[0], o->B() + o->img->text + 0x10);
  EXPECT_EQ(o->Word(o->data()), (o->B() + o->img->text + 0x10) ^ kIfuncMark);
  EXPECT_TRUE(e.resolves.empty());
}

// A damaged addend must not send dryad into data, or into another object's code.
TEST(Reloc, IrelativeResolverMustBeTheObjectsCode) {
  auto o = MakeObj();
  Env e;
  for (uint64_t a : {o->data(), o->img->hi + 0x100000, (uint64_t)0x80}) {
    EXPECT_EQ(o->Apply(e, {R(o->data(), R_X86_64_IRELATIVE, 0, a)}),
              "IRELATIVE resolver outside the object's code") << a;
    EXPECT_EQ(o->Lazy(e, {R(o->data(), R_X86_64_IRELATIVE, 0, a)}),
              "IRELATIVE resolver outside the object's code") << a;
  }
  EXPECT_TRUE(e.ifunc_calls.empty());
}

// IRELATIVE entries run after the others of the same range (glibc's do-rel.h),
// so a resolver can read what the other relocations wrote, and in their order.
TEST(Reloc, IrelativeRunsLast) {
  auto o = MakeObj();
  Env e;
  e.img = o->img.get();
  e.probe = o->data() + 64;
  ASSERT_EQ(o->Apply(e, {R(o->data(), R_X86_64_IRELATIVE, 0, o->img->text + 0x10), R(o->data() + 8, R_X86_64_IRELATIVE, 0, o->img->text + 0x20),
                         R(o->data() + 64, R_X86_64_RELATIVE, 0, 0x1000)}),
            "");
  EXPECT_EQ(e.ifunc_calls, (std::vector<uint64_t>{o->B() + o->img->text + 0x10, o->B() + o->img->text + 0x20}));
  EXPECT_EQ(e.probe_seen, (std::vector<uint64_t>{o->B() + 0x1000, o->B() + 0x1000}));
  // The failing index is the entry's own, whichever pass finds it.
  uint64_t bad = 99;
  EXPECT_EQ(o->Apply(e, {R(o->data(), R_X86_64_IRELATIVE, 0, o->img->text + 0x10), R(o->data() + 8, R_X86_64_RELATIVE, 0, 0),
                         R(o->img->ro_end, R_X86_64_IRELATIVE, 0, o->img->text + 0x10)},
                     &bad),
            "relocation target outside a writable segment");
  EXPECT_EQ(bad, 2u);
}

// ---- checks --------------------------------------------------------------------------------

TEST(Reloc, TargetMustBeInAWritableSegment) {
  auto o = MakeObj();
  Env e;
  e.defs[o->ext] = Def(0x1000);
  const Image &I = *o->img;
  struct {
    uint64_t off;
    uint32_t type;
    bool ok;
  } cases[] = {
      {I.hi - 8, R_X86_64_RELATIVE, true},    {I.hi - 7, R_X86_64_RELATIVE, false},
      {I.hi - 4, R_X86_64_RELATIVE, false},   {I.hi - 4, R_X86_64_32, true},
      {I.hi - 3, R_X86_64_PC32, false},       {I.hi, R_X86_64_32, false},
      {I.hi - 3, R_X86_64_32, false},         {I.rw_start - 8, R_X86_64_64, false},  // the gap
      {I.rw_start, R_X86_64_64, true},        {I.rw_start - 4, R_X86_64_64, false},  // straddles
      {I.text, R_X86_64_RELATIVE, false},     {I.text, R_X86_64_64, false},          // read-only
      {I.lo, R_X86_64_GLOB_DAT, false},       {0, R_X86_64_RELATIVE, false},
      {UINT64_MAX - 3, R_X86_64_RELATIVE, false}, {UINT64_MAX, R_X86_64_32, false},
  };
  for (auto &c : cases) {
    uint64_t bad = 99;
    std::string err = o->Apply(e, {R(o->data(), R_X86_64_RELATIVE, 0, 1), R(c.off, c.type, o->ext, 0)}, &bad);
    if (c.ok) {
      EXPECT_EQ(err, "") << std::hex << c.off << " type " << std::dec << c.type;
    } else {
      EXPECT_EQ(err, "relocation target outside a writable segment") << std::hex << c.off << " type "
                                                                    << std::dec << c.type;
      EXPECT_EQ(bad, 1u);
      EXPECT_EQ(o->Word(o->data()), o->B() + 1);  // the earlier entry was applied
    }
  }
}

TEST(Reloc, TextrelAllowsReadOnlyTargets) {
  auto o = MakeObj();
  Env e;
  e.defs[o->ext] = Def(0x4000);
  EXPECT_NE(o->Apply(e, {R(o->img->text, R_X86_64_64, o->ext, 1)}), "");
  o->img->im.textrel = true;
  ASSERT_EQ(o->Apply(e, {R(o->img->text, R_X86_64_64, o->ext, 1), R(o->img->text + 8, R_X86_64_RELATIVE, 0, 2)}), "");
  EXPECT_EQ(o->Word(o->img->text), 0x4001u);
  EXPECT_EQ(o->Word(o->img->text + 8), o->B() + 2);
  // Still nowhere outside the segments.
  EXPECT_EQ(o->Apply(e, {R(o->img->ro_end, R_X86_64_RELATIVE, 0, 0)}), "relocation target outside a writable segment");
}

TEST(Reloc, SymbolIndexRange) {
  auto o = MakeObj();
  Env e;
  ASSERT_EQ(o->d.nsymtab, 6u);
  e.defs[5] = Def(0x100);
  ASSERT_EQ(o->Apply(e, {R(o->data(), R_X86_64_64, 5, 0)}), "");
  for (uint32_t idx : {6u, 7u, 1000u, 0xffffffu}) {
    e.resolves.clear();
    uint64_t bad = 99;
    EXPECT_EQ(o->Apply(e, {R(o->data(), R_X86_64_64, idx, 0)}, &bad), "relocation symbol index out of range") << idx;
    EXPECT_EQ(bad, 0u);
    EXPECT_TRUE(e.resolves.empty());  // checked before asking
  }
  // Symbol 0 is always allowed (the object itself).
  e.resolves.clear();
  ASSERT_EQ(o->Apply(e, {R(o->data(), R_X86_64_64, 0, 0x10)}), "");
  EXPECT_EQ(e.resolves.size(), 1u);
}

TEST(Reloc, UnknownTypes) {
  auto o = MakeObj();
  Env e;
  // GOT32, PLT32, GOTPCREL, 32S, 16, PC16, 8, PC8, TLSGD, TLSLD, DTPOFF32, GOTTPOFF, TPOFF32,
  // GOTOFF64, GOTPC32, SIZE32, SIZE64, GOTPC32_TLSDESC, TLSDESC_CALL, RELATIVE64, and beyond.
  for (uint32_t t : {3u, 4u, 9u, 11u, 12u, 13u, 14u, 15u, 19u, 20u, 21u, 22u, 23u, 25u, 26u, 32u, 33u, 34u, 35u,
                     38u, 39u, 42u, 1000u, 0xffffffffu}) {
    uint64_t bad = 99;
    EXPECT_EQ(o->Apply(e, {R(o->data(), R_X86_64_RELATIVE, 0, 0), R(o->data(), t, 1, 0)}, &bad),
              "unexpected reloc type")
        << t;
    EXPECT_EQ(bad, 1u);
    EXPECT_EQ(dr_reloc_name(t), nullptr) << t;
  }
  EXPECT_TRUE(e.resolves.empty());
}

TEST(Reloc, NoneDoesNothing) {
  auto o = MakeObj();
  Env e;
  ASSERT_EQ(o->Apply(e, {R(0, R_X86_64_NONE, 0xffffff, 5), R(UINT64_MAX, R_X86_64_NONE, 0, 0)}), "");
  EXPECT_TRUE(e.resolves.empty());
}

TEST(Reloc, ResolveErrorsStopTheRange) {
  auto o = MakeObj();
  Env e;
  e.defs[o->fn] = Def(0x100);
  e.fail = "undefined symbol: ext";
  e.fail_sym = o->ext;
  uint64_t bad = 99;
  o->img->SetWord(o->data() + 16, 7);
  EXPECT_EQ(o->Apply(e, {R(o->data(), R_X86_64_64, o->fn, 0), R(o->data() + 8, R_X86_64_GLOB_DAT, o->ext, 0),
                         R(o->data() + 16, R_X86_64_64, o->fn, 0)},
                     &bad),
            "undefined symbol: ext");
  EXPECT_EQ(bad, 1u);
  EXPECT_EQ(o->Word(o->data()), 0x100u);
  EXPECT_EQ(o->Word(o->data() + 16), 7u);  // not reached
  EXPECT_EQ(o->Apply(e, {}), "");          // nothing to do
}

TEST(Reloc, Names) {
  struct {
    uint32_t t;
    const char *name;
  } known[] = {{R_X86_64_NONE, "R_X86_64_NONE"},         {R_X86_64_64, "R_X86_64_64"},
               {R_X86_64_PC32, "R_X86_64_PC32"},         {R_X86_64_COPY, "R_X86_64_COPY"},
               {R_X86_64_GLOB_DAT, "R_X86_64_GLOB_DAT"}, {R_X86_64_JUMP_SLOT, "R_X86_64_JUMP_SLOT"},
               {R_X86_64_RELATIVE, "R_X86_64_RELATIVE"}, {R_X86_64_32, "R_X86_64_32"},
               {R_X86_64_DTPMOD64, "R_X86_64_DTPMOD64"}, {R_X86_64_DTPOFF64, "R_X86_64_DTPOFF64"},
               {R_X86_64_TPOFF64, "R_X86_64_TPOFF64"},   {R_X86_64_PC64, "R_X86_64_PC64"},
               {R_X86_64_TLSDESC, "R_X86_64_TLSDESC"},   {R_X86_64_IRELATIVE, "R_X86_64_IRELATIVE"}};
  for (auto &k : known) EXPECT_STREQ(dr_reloc_name(k.t), k.name);
}

// Relocations read from the object's own tables.
TEST(Reloc, FromTheDynamicSection) {
  Builder b;
  uint32_t ext = b.Add(Sym("ext").Undef());
  b.Rela(b.data(), R_X86_64_RELATIVE, 0, 0x40);
  b.Rela(b.data() + 8, R_X86_64_GLOB_DAT, ext);
  b.Jmprel(b.data() + 16, R_X86_64_JUMP_SLOT, ext);
  auto img = b.Build();
  struct dr_dynamic d;
  ASSERT_EQ(img->Parse(&d), nullptr);
  Env e;
  e.defs[img->Index(ext)] = Def(0xabc000);
  struct dr_reloc_ops ops = Ops(e);
  ASSERT_EQ(dr_apply_rela(&img->im, &d, d.rela, d.nrela, &ops, nullptr), nullptr);
  ASSERT_EQ(dr_apply_rela(&img->im, &d, d.jmprel, d.njmprel, &ops, nullptr), nullptr);
  EXPECT_EQ(img->Word(img->data), img->im.bias + 0x40);
  EXPECT_EQ(img->Word(img->data + 8), 0xabc000u);
  EXPECT_EQ(img->Word(img->data + 16), 0xabc000u);
  uint64_t rel, sym;
  dr_count_relocs(&d, &rel, &sym);
  EXPECT_EQ(rel, 1u);
  EXPECT_EQ(sym, 2u);
}

// ---- lazy binding ------------------------------------------------------------------------

TEST(Reloc, LazyJumpSlotsGetTheBias) {
  auto o = MakeObj();
  Env e;
  e.defs[o->tls] = TlsDef(2, -0x20, 8);
  uint64_t plt = o->img->text + 0x36;      // the PLT entry's push, at link time
  o->img->SetWord(o->data(), plt);
  o->img->SetWord(o->data() + 8, plt + 0x10);
  ASSERT_EQ(o->Lazy(e, {R(o->data(), R_X86_64_JUMP_SLOT, o->ext, 0), R(o->data() + 8, R_X86_64_JUMP_SLOT, o->fn, 0x99),
                        R(o->data() + 16, R_X86_64_IRELATIVE, 0, o->img->text + 0x10),
                        R(o->data() + 32, R_X86_64_TLSDESC, o->tls, 0)}),
            "");
  EXPECT_EQ(o->Word(o->data()), o->B() + plt);
  EXPECT_EQ(o->Word(o->data() + 8), o->B() + plt + 0x10);
  EXPECT_EQ(o->Word(o->data() + 16), (o->B() + o->img->text + 0x10) ^ kIfuncMark);
  EXPECT_EQ(o->Word(o->data() + 32), kTlsdescStatic);
  EXPECT_EQ((int64_t)o->Word(o->data() + 40), 8 - 0x20);
  // JUMP_SLOT entries are not resolved now; only the TLS descriptor was.
  ASSERT_EQ(e.resolves.size(), 1u);
  EXPECT_EQ(e.resolves[0].first, o->tls);
}

TEST(Reloc, LazyChecks) {
  auto o = MakeObj();
  Env e;
  EXPECT_EQ(o->Lazy(e, {R(o->data(), R_X86_64_JUMP_SLOT, 6, 0)}), "invalid JUMP_SLOT relocation");
  EXPECT_EQ(o->Lazy(e, {R(o->img->text, R_X86_64_JUMP_SLOT, 1, 0)}), "invalid JUMP_SLOT relocation");
  EXPECT_EQ(o->Lazy(e, {R(o->img->hi - 4, R_X86_64_JUMP_SLOT, 1, 0)}), "invalid JUMP_SLOT relocation");
  EXPECT_EQ(o->Lazy(e, {R(o->img->hi - 4, R_X86_64_IRELATIVE, 0, 0)}), "relocation target outside a writable segment");
  EXPECT_EQ(o->Lazy(e, {R(o->data(), 1000, 0, 0)}), "unexpected reloc type");
  // Until bound, a slot sends the call into the object's PLT: a word that is not
  // its code (damaged, or a GOT cut short) is refused before any call.
  for (uint64_t word : {uint64_t{0}, o->data(), o->img->ro_end, uint64_t{1} << 40}) {
    o->img->SetWord(o->data() + 8, word);
    EXPECT_EQ(o->Lazy(e, {R(o->data() + 8, R_X86_64_JUMP_SLOT, 1, 0)}), "invalid JUMP_SLOT relocation") << word;
  }
  // IRELATIVE after the JUMP_SLOTs, whatever the order in the table.
  e.img = o->img.get();
  e.probe = o->data() + 8;
  o->img->SetWord(o->data() + 8, o->img->text + 0x20);
  ASSERT_EQ(o->Lazy(e, {R(o->data(), R_X86_64_IRELATIVE, 0, o->img->text + 0x10), R(o->data() + 8, R_X86_64_JUMP_SLOT, 1, 0)}), "");
  EXPECT_EQ(e.probe_seen, (std::vector<uint64_t>{o->B() + o->img->text + 0x20}));
}

// ---- DT_RELR ------------------------------------------------------------------------------

// The decoding the RELR proposal gives (and glibc's elf_dynamic_do_Rel uses).
std::vector<uint64_t> RefRelr(const std::vector<uint64_t> &relr) {
  std::vector<uint64_t> out;
  uint64_t where = 0;
  for (uint64_t e : relr) {
    if ((e & 1) == 0) {
      where = e;
      out.push_back(where);
      where += 8;
    } else {
      uint64_t i = 0;
      for (; (e >>= 1) != 0; i++)
        if (e & 1) out.push_back(where + i * 8);
      where += 63 * 8;
    }
  }
  return out;
}

// Fills the data area with distinct words, applies RELR, and checks that exactly
// the reference's words got the bias added.
void CheckRelr(Obj &o, const std::vector<uint64_t> &relr) {
  const uint64_t n = o.img->data_size / 8;
  for (uint64_t k = 0; k < n; k++) o.img->SetWord(o.data() + 8 * k, 0x1000 + k);
  ASSERT_EQ(o.Relr(relr), "");
  std::vector<uint64_t> want = RefRelr(relr);
  std::set<uint64_t> hit(want.begin(), want.end());
  ASSERT_EQ(hit.size(), want.size());  // no word twice
  for (uint64_t k = 0; k < n; k++) {
    uint64_t at = o.data() + 8 * k;
    EXPECT_EQ(o.Word(at), 0x1000 + k + (hit.count(at) ? o.B() : 0)) << "word " << k;
  }
}

TEST(Relr, Decoding) {
  auto o = MakeObj(0x1000);
  const uint64_t D = o->data();
  CheckRelr(*o, {D});
  CheckRelr(*o, {D + 8, D + 0x100});  // two addresses
  CheckRelr(*o, {D, (0x5ull << 1) | 1});  // bits 1 and 3: D+8, D+24
  CheckRelr(*o, {D, ~0ull});              // all 63 words after D
  CheckRelr(*o, {D, ~0ull, 3});           // then the first of the next 63
  CheckRelr(*o, {D, 1, 1, (1ull << 63) | 1});  // empty bitmaps still advance by 63 words
  CheckRelr(*o, {D, 3, D + 0x400, 0x8000000000000001ull});  // a new address restarts
  CheckRelr(*o, {});
  // A typical lld/ld output: an address then a sparse bitmap.
  CheckRelr(*o, {D + 0x10, 0xaaaaaaaaaaaaaaabull});
}

// Runs of every length from 1 to 63 words (each a jump into relr_runs' ladder), at
// every start a bitmap allows, and two runs in one bitmap.
TEST(Relr, EveryRunLength) {
  auto o = MakeObj(0x1000);
  const uint64_t D = o->data();
  for (unsigned len = 1; len <= 63; len++)
    for (unsigned start = 0; start + len <= 63; start += len < 8 ? 5 : 17) {
      SCOPED_TRACE(testing::Message() << "run of " << len << " from bit " << start);
      uint64_t run = ((1ull << len) - 1) << start;
      CheckRelr(*o, {D, (run << 1) | 1});
      if (start + len + 2 <= 63) CheckRelr(*o, {D, ((run | (1ull << (start + len + 1))) << 1) | 1});
    }
}

TEST(Relr, Errors) {
  auto o = MakeObj(0x400);
  const uint64_t D = o->data();
  EXPECT_EQ(o->Relr({1}), "invalid DT_RELR entry");       // a bitmap first
  EXPECT_EQ(o->Relr({3, D}), "invalid DT_RELR entry");
  EXPECT_EQ(o->Relr({D + 4}), "invalid DT_RELR entry");   // misaligned
  EXPECT_EQ(o->Relr({D + 2}), "invalid DT_RELR entry");
  EXPECT_EQ(o->Relr({o->img->text}), "invalid DT_RELR entry");   // read-only
  EXPECT_EQ(o->Relr({o->img->ro_end}), "invalid DT_RELR entry"); // the gap
  EXPECT_EQ(o->Relr({0}), "invalid DT_RELR entry");
  EXPECT_EQ(o->Relr({o->img->hi}), "invalid DT_RELR entry");
  // A bitmap whose set bits reach past the segment's end.
  const uint64_t last = o->img->hi - 8;
  o->img->SetWord(last, 5);
  EXPECT_EQ(o->Relr({last - 8, (1ull << 1) | 1}), "");  // last word: fine
  EXPECT_EQ(o->Word(last), 5 + o->B());
  EXPECT_EQ(o->Relr({last - 8, (1ull << 2) | 1}), "invalid DT_RELR entry");  // one past
  // Unset bits past the end do not matter.
  EXPECT_EQ(o->Relr({last, 1}), "");
  // A second bitmap that starts beyond the end, with a bit set.
  EXPECT_EQ(o->Relr({D, 1, 1, 1, 3}), "invalid DT_RELR entry");  // D + 8 + 3*63*8 > 0x400+dyn
}

TEST(Relr, CountRelocs) {
  Builder b;
  b.data_size = 0x800;
  uint32_t ext = b.Add(Sym("ext").Undef());
  b.Rela(b.data(), R_X86_64_RELATIVE, 0, 1);
  b.Rela(b.data() + 8, R_X86_64_RELATIVE, 0, 2);
  b.Rela(b.data() + 16, R_X86_64_GLOB_DAT, ext);
  b.Rela(b.data() + 24, R_X86_64_IRELATIVE, 0, 3);
  b.Jmprel(b.data() + 32, R_X86_64_JUMP_SLOT, ext);
  b.Jmprel(b.data() + 40, R_X86_64_JUMP_SLOT, ext);
  b.relr = {b.data() + 0x100, (0x2dull << 1) | 1, 1, b.data() + 0x700};  // 1 + 4 + 0 + 1
  auto img = b.Build();
  struct dr_dynamic d;
  ASSERT_EQ(img->Parse(&d), nullptr);
  uint64_t rel = 99, sym = 99;
  dr_count_relocs(&d, &rel, &sym);
  EXPECT_EQ(rel, 2u + 6u);
  EXPECT_EQ(sym, 2u + 2u);
  EXPECT_EQ(RefRelr(b.relr).size(), 6u);
}

// glibc's own DT_RELR tables, applied to a mapped copy at a heap address.
TEST(Relr, RealLibraries) {
  for (const char *path : {"/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6"}) {
    SCOPED_TRACE(path);
    eb::RealLib lib;
    if (!lib.Load(path)) {
      ADD_FAILURE() << "cannot read " << path;
      continue;
    }
    struct dr_dynamic d;
    ASSERT_EQ(lib.Parse(&d), nullptr);
    ASSERT_GT(d.nrelr, 0u);
    std::vector<uint64_t> words(d.relr, d.relr + d.nrelr);
    std::vector<uint64_t> want = RefRelr(words);
    std::vector<uint64_t> before;
    for (uint64_t a : want) {
      uint64_t v;
      std::memcpy(&v, lib.mem.data() + (a - lib.lo), 8);
      before.push_back(v);
    }
    ASSERT_EQ(dr_apply_relr(&lib.im, d.relr, d.nrelr), nullptr);
    for (size_t k = 0; k < want.size(); k++) {
      uint64_t v;
      std::memcpy(&v, lib.mem.data() + (want[k] - lib.lo), 8);
      ASSERT_EQ(v, before[k] + lib.im.bias) << std::hex << want[k];
    }
    // The relocated words point into the library, as they should.
    for (size_t k = 0; k < want.size(); k++) EXPECT_LT(before[k], lib.hi);
    uint64_t rel, sym;
    dr_count_relocs(&d, &rel, &sym);
    uint64_t nrelative = 0;
    for (uint64_t k = 0; k < d.nrela; k++) nrelative += ELF64_R_TYPE(d.rela[k].r_info) == R_X86_64_RELATIVE;
    EXPECT_EQ(rel, nrelative + want.size());
    EXPECT_EQ(sym, d.nrela - nrelative + d.njmprel);
  }
}

}  // namespace
