// Tests of core/symbol.c: the two hash functions, lookups in one object through
// GNU and SysV hash tables (Bloom filter, chains, collisions, loops), glibc's
// version matching rules, the type-class and visibility rules of a scope walk,
// every exported symbol of the system's libc, libm and libstdc++, and the scope
// index (core/symindex.c) answering every lookup as the walk does.
//
// Besides hand-derived expectations, lookups are compared with RefLookup below:
// a line-by-line transcription of glibc 2.36's do_lookup_x/check_match
// (elf/dl-lookup.c) run over the raw hash tables, independent of core/.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/tests/real_elf.h"

extern "C" {
#include "core/symbol.h"
#include "core/symindex.h"
}

namespace {

using eb::Aux;
using eb::Builder;
using eb::ElfHash;
using eb::GnuHash;
using eb::Image;
using eb::Sym;

// ---- glibc's lookup, transcribed ----------------------------------------------

struct RefVer {
  std::string name;  // "" for an unused index
  uint32_t hash;
  bool hidden;
};

struct RefObj {
  const Elf64_Sym *syms = nullptr;
  const char *strtab = nullptr;
  const uint16_t *versym = nullptr;
  std::map<uint32_t, RefVer> versions;  // l_versions
  const uint32_t *gnu = nullptr;        // raw DT_GNU_HASH words
  const uint32_t *sysv = nullptr;       // raw DT_HASH words
};

enum { kRefNewest = 1, kRefPlt = 1, kRefCopy = 2 };

// check_match (elf/dl-lookup.c, glibc 2.36), for x86-64.
const Elf64_Sym *RefCheckMatch(const char *undef_name, const RefVer *version, int flags, int type_class,
                               const Elf64_Sym *sym, uint32_t symidx, const RefObj &map,
                               const Elf64_Sym **versioned_sym, int *num_versions) {
  unsigned stt = ELF64_ST_TYPE(sym->st_info);
  if ((sym->st_value == 0 && sym->st_shndx != SHN_ABS && stt != STT_TLS) ||
      (type_class & (sym->st_shndx == SHN_UNDEF)))
    return nullptr;
  const unsigned allowed = (1 << STT_NOTYPE) | (1 << STT_OBJECT) | (1 << STT_FUNC) |
                           (1 << STT_COMMON) | (1 << STT_TLS) | (1 << STT_GNU_IFUNC);
  if (((1u << stt) & allowed) == 0) return nullptr;
  if (std::strcmp(map.strtab + sym->st_name, undef_name)) return nullptr;
  const uint16_t *verstab = map.versym;
  if (version != nullptr) {
    if (verstab != nullptr) {
      uint16_t ndx = verstab[symidx] & 0x7fff;
      auto it = map.versions.find(ndx);
      RefVer have = it == map.versions.end() ? RefVer{"", 0, false} : it->second;
      if ((have.hash != version->hash || have.name != version->name) &&
          (version->hidden || have.hash || (verstab[symidx] & 0x8000)))
        return nullptr;
    }
  } else if (verstab != nullptr) {
    if ((verstab[symidx] & 0x7fff) >= ((flags & kRefNewest) ? 2 : 3)) {
      if ((verstab[symidx] & 0x8000) == 0 && (*num_versions)++ == 0) *versioned_sym = sym;
      return nullptr;
    }
  }
  return sym;
}

// The per-object part of do_lookup_x: the matching symbol's index or 0.
uint32_t RefLookup(const RefObj &map, const std::string &name, const RefVer *version, int flags,
                   int type_class, bool use_gnu = true) {
  const char *undef_name = name.c_str();
  int num_versions = 0;
  const Elf64_Sym *versioned_sym = nullptr, *sym = nullptr;
  if (use_gnu && map.gnu) {
    uint32_t new_hash = GnuHash(name);
    uint32_t nbuckets = map.gnu[0], symoffset = map.gnu[1], nwords = map.gnu[2], shift = map.gnu[3];
    const uint64_t *bitmask = reinterpret_cast<const uint64_t *>(map.gnu + 4);
    const uint32_t *buckets = map.gnu + 4 + 2 * nwords;
    const uint32_t *chains = buckets + nbuckets;  // chains[k] is symbol symoffset + k
    uint64_t bitmask_word = bitmask[(new_hash / 64) & (nwords - 1)];
    unsigned hashbit1 = new_hash & 63, hashbit2 = (new_hash >> shift) & 63;
    if ((bitmask_word >> hashbit1) & (bitmask_word >> hashbit2) & 1) {
      uint32_t bucket = buckets[new_hash % nbuckets];
      if (bucket != 0) {
        uint32_t k = bucket - symoffset;
        do
          if (((chains[k] ^ new_hash) >> 1) == 0) {
            uint32_t symidx = symoffset + k;
            sym = RefCheckMatch(undef_name, version, flags, type_class, &map.syms[symidx], symidx,
                                map, &versioned_sym, &num_versions);
            if (sym) return symidx;
          }
        while ((chains[k++] & 1u) == 0);
      }
    }
  } else if (map.sysv) {
    uint32_t nbucket = map.sysv[0];
    const uint32_t *buckets = map.sysv + 2, *chain = buckets + nbucket;
    for (uint32_t symidx = buckets[ElfHash(name) % nbucket]; symidx != STN_UNDEF; symidx = chain[symidx]) {
      sym = RefCheckMatch(undef_name, version, flags, type_class, &map.syms[symidx], symidx, map,
                          &versioned_sym, &num_versions);
      if (sym) return symidx;
    }
  }
  return num_versions == 1 ? (uint32_t)(versioned_sym - map.syms) : 0;
}

// ---- objects as symbol lookup sees them -----------------------------------------

struct Obj {
  std::unique_ptr<Image> img;
  struct dr_dynamic d;
  std::vector<struct dr_version> versions;
  struct dr_symobj so;
  RefObj ref;
};

// Parses IMG and fills its version table; REFVERS describes the same versions for RefLookup.
std::unique_ptr<Obj> Make(std::unique_ptr<Image> img, bool exe = false) {
  std::unique_ptr<Obj> o(new Obj);
  o->img = std::move(img);
  const char *err = o->img->Parse(&o->d);
  EXPECT_EQ(err, nullptr) << err;
  long n = dr_versions_count(&o->img->im, &o->d);
  EXPECT_GE(n, 0);
  o->versions.resize(n > 0 ? n : 0);
  if (n > 0) EXPECT_EQ(dr_versions_fill(&o->img->im, &o->d, o->versions.data(), n), nullptr);
  o->so.dyn = &o->d;
  o->so.versions = o->versions.empty() ? nullptr : o->versions.data();
  o->so.nversions = (uint32_t)o->versions.size();
  o->so.is_executable = exe;
  o->so.skip = false;
  Image &I = *o->img;
  o->ref.syms = I.At<Elf64_Sym>(I.Addr(".dynsym"));
  o->ref.strtab = I.At<char>(I.Addr(".dynstr"));
  if (I.Has(".gnu.version")) o->ref.versym = I.At<uint16_t>(I.Addr(".gnu.version"));
  if (I.Has(".gnu.hash")) o->ref.gnu = I.At<uint32_t>(I.Addr(".gnu.hash"));
  if (I.Has(".hash")) o->ref.sysv = I.At<uint32_t>(I.Addr(".hash"));
  for (size_t k = 0; k < o->versions.size(); k++)
    if (o->versions[k].name)
      o->ref.versions[(uint32_t)k] = {o->versions[k].name, o->versions[k].hash, o->versions[k].hidden != 0};
  return o;
}

uint32_t Find(Obj &o, const std::string &name, const struct dr_version *v = nullptr, int cls = 0,
              int flags = 0) {
  struct dr_lookup q;
  dr_lookup_init(&q, name.c_str(), v, cls, flags);
  return dr_find_in_object(&o.so, &q);
}

struct dr_version Ver(const char *name, bool hidden = false) {
  struct dr_version v = {name, eb::ElfHash(name), hidden, nullptr};
  return v;
}

// ---- hash functions ----------------------------------------------------------------

TEST(Hash, KnownValues) {
  EXPECT_EQ(dr_gnu_hash(""), 5381u);
  EXPECT_EQ(dr_gnu_hash("a"), 0x0002b606u);
  EXPECT_EQ(dr_gnu_hash("printf"), 0x156b2bb8u);
  EXPECT_EQ(dr_gnu_hash("_ZNSt8ios_base4InitC1Ev"), 0x4cd4b8c7u);
  EXPECT_EQ(dr_elf_hash(""), 0u);
  EXPECT_EQ(dr_elf_hash("a"), 0x61u);
  EXPECT_EQ(dr_elf_hash("printf"), 0x077905a6u);
  EXPECT_EQ(dr_elf_hash("GLIBC_2.2.5"), 0x09691a75u);
  EXPECT_EQ(dr_elf_hash("GLIBCXX_3.4"), 0x08922974u);
  EXPECT_EQ(dr_elf_hash("_ZNSt8ios_base4InitC1Ev"), 0x0c0d71d6u);
  // The classic GNU hash collision: c1*33 + c2 == (c1+1)*33 + (c2-33).
  EXPECT_EQ(dr_gnu_hash("Ab"), dr_gnu_hash("BA"));
  EXPECT_EQ(dr_gnu_hash("xxAbyy"), dr_gnu_hash("xxBAyy"));
}

TEST(Hash, AgreesWithTheReferenceOnAllBytes) {
  // Bytes above 0x7f are unsigned; long names exercise the ELF hash's top nibble.
  std::vector<std::string> names;
  for (int c = 1; c < 256; c++) names.push_back(std::string(1, (char)c) + "x" + std::string(1, (char)c));
  std::string s;
  for (int k = 0; k < 200; k++) {
    s.push_back((char)(1 + (k * 37) % 255));
    names.push_back(s);
  }
  for (auto &n : names) {
    EXPECT_EQ(dr_gnu_hash(n.c_str()), GnuHash(n));
    EXPECT_EQ(dr_elf_hash(n.c_str()), ElfHash(n));
    EXPECT_EQ(dr_elf_hash(n.c_str()) & 0xf0000000u, 0u);  // never uses the top nibble
  }
}

TEST(Hash, LookupInit) {
  struct dr_version v = Ver("V1");
  struct dr_lookup q;
  dr_lookup_init(&q, "printf", &v, DR_CLASS_PLT, DR_LOOKUP_RETURN_NEWEST);
  EXPECT_STREQ(q.name, "printf");
  EXPECT_EQ(q.gnu_hash, 0x156b2bb8u);
  EXPECT_EQ(q.elf_hash, 0xffffffffu);  // computed on first use
  EXPECT_EQ(q.version, &v);
  EXPECT_EQ(q.type_class, DR_CLASS_PLT);
  EXPECT_EQ(q.flags, DR_LOOKUP_RETURN_NEWEST);
}

// ---- one object, no versions ------------------------------------------------------

std::vector<std::string> Names(int n) {
  std::vector<std::string> v;
  for (int k = 0; k < n; k++) v.push_back("sym_" + std::to_string(k * 7919 % 1000));
  return v;
}

Builder Many(int n) {
  Builder b;
  std::vector<std::string> names = Names(n);
  for (int k = 0; k < n; k++) {
    if (k % 5 == 4) b.Add(Sym("und_" + names[k]).Undef());
    b.Add(Sym(names[k], 0x100 + 16 * k).Size(16));
  }
  b.Add(Sym("Ab", 0x50));  // a GNU hash collision pair
  b.Add(Sym("BA", 0x60));
  return b;
}

TEST(Lookup, EveryDefinedSymbolIsFound) {
  struct Layout {
    bool gnu, sysv;
    uint32_t nbuckets, bloom, shift;
  } layouts[] = {{true, false, 1, 1, 6},  {true, false, 3, 2, 5},  {true, false, 17, 8, 10},
                 {true, false, 64, 1, 0}, {false, true, 1, 0, 0},  {false, true, 7, 0, 0},
                 {true, true, 5, 4, 6},   {true, false, 200, 16, 26}};
  const int n = 60;
  std::vector<std::string> names = Names(n);
  for (auto &l : layouts) {
    SCOPED_TRACE(testing::Message() << "gnu " << l.gnu << " sysv " << l.sysv << " buckets " << l.nbuckets
                                    << " bloom " << l.bloom << " shift " << l.shift);
    Builder b = Many(n);
    b.gnu = l.gnu;
    b.sysv = l.sysv;
    b.gnu_nbuckets = b.sysv_nbuckets = l.nbuckets;
    if (l.gnu) b.bloom_words = l.bloom, b.bloom_shift = l.shift;
    auto o = Make(b.Build());
    uint32_t handle = 0;
    for (int k = 0; k < n; k++) {
      if (k % 5 == 4) {
        ++handle;
        EXPECT_EQ(Find(*o, "und_" + names[k]), 0u);  // undefined, value 0
      }
      ++handle;
      EXPECT_EQ(Find(*o, names[k]), o->img->Index(handle)) << names[k];
      EXPECT_EQ(Find(*o, names[k], nullptr, DR_CLASS_PLT), o->img->Index(handle));
    }
    EXPECT_EQ(Find(*o, "Ab"), o->img->Index(handle + 1));
    EXPECT_EQ(Find(*o, "BA"), o->img->Index(handle + 2));
    for (const char *absent : {"", "sym_", "sym_1000", "Ab ", "B", "sym_0x", "und_"}) {
      EXPECT_EQ(Find(*o, absent), 0u) << absent;
      EXPECT_EQ(RefLookup(o->ref, absent, nullptr, 0, 0), 0u);
    }
    for (int k = 0; k < n; k++) EXPECT_EQ(Find(*o, names[k]), RefLookup(o->ref, names[k], nullptr, 0, 0));
  }
}

TEST(Lookup, GnuAndSysvAgree) {
  Builder b = Many(80);
  b.sysv = true;
  b.gnu_nbuckets = 11;
  b.sysv_nbuckets = 13;
  auto o = Make(b.Build());
  struct dr_dynamic sysv_only = o->d;
  sysv_only.gnu.nbuckets = 0;  // dr_find_in_object prefers GNU when it has both
  struct dr_symobj so = o->so;
  so.dyn = &sysv_only;
  std::vector<std::string> names = Names(80);
  names.push_back("Ab");
  names.push_back("nope");
  for (auto &n : names) {
    struct dr_lookup q1, q2;
    dr_lookup_init(&q1, n.c_str(), nullptr, 0, 0);
    dr_lookup_init(&q2, n.c_str(), nullptr, 0, 0);
    EXPECT_EQ(dr_find_in_object(&o->so, &q1), dr_find_in_object(&so, &q2)) << n;
    EXPECT_EQ(q1.elf_hash, 0xffffffffu);  // the GNU path never needs it
    EXPECT_EQ(q2.elf_hash, ElfHash(n));   // the SysV path computes it once
  }
}

// With DT_HASH beside it, the GNU table is bounded by nchain, not scanned at parse
// time (core/dynamic.c): a bucket below symoffset finds nothing, and symbols past
// nchain are not visited.
TEST(Lookup, GnuTableBoundedByDtHash) {
  Builder b = Many(10);
  b.sysv = true;
  b.gnu_nbuckets = 1;
  auto img = b.Build();
  uint64_t gnu = img->Addr(".gnu.hash");
  *img->At<uint64_t>(gnu + 16) = ~0ull;  // the Bloom filter lets every name through
  uint32_t symoffset = *img->At<uint32_t>(gnu + 4), *bucket = img->At<uint32_t>(gnu + 24);
  ASSERT_GT(symoffset, 1u);
  uint32_t first = *bucket;
  *bucket = symoffset - 1;  // an unhashed symbol: below symoffset
  auto o = Make(std::move(img));
  std::vector<std::string> names = Names(10);
  for (auto &n : names) EXPECT_EQ(Find(*o, n), 0u) << n;
  EXPECT_EQ(Find(*o, ""), 0u);
  // The bucket put back, and nchain cut to the hashed symbols' first two.
  *o->img->At<uint32_t>(gnu + 24) = first;
  *o->img->At<uint32_t>(o->img->Addr(".hash") + 4) = symoffset + 2;
  ASSERT_EQ(o->img->Parse(&o->d), nullptr);
  EXPECT_EQ(o->d.nsyms, symoffset + 2);
  int found = 0;
  names.push_back("Ab");
  names.push_back("BA");
  for (auto &n : names) {
    uint32_t i = Find(*o, n);
    EXPECT_LT(i, symoffset + 2) << n;
    found += i != 0;
  }
  EXPECT_EQ(found, 2);
}

TEST(Lookup, BloomFilterIsConsulted) {
  Builder b = Many(10);
  b.bloom_words = 2;
  b.bloom_shift = 7;
  auto o = Make(b.Build());
  const std::string name = Names(10)[3];
  const uint32_t h = GnuHash(name);
  const uint32_t want = Find(*o, name);
  ASSERT_NE(want, 0u);
  uint64_t *word = o->img->At<uint64_t>(o->img->Addr(".gnu.hash") + 16 + 8 * ((h / 64) % 2));
  const uint64_t saved = *word;
  const uint64_t bit1 = 1ull << (h % 64), bit2 = 1ull << ((h >> 7) % 64);
  *word = saved & ~bit1;  // either bit missing: a definite "not here"
  EXPECT_EQ(Find(*o, name), 0u);
  EXPECT_EQ(Find(*o, name), RefLookup(o->ref, name, nullptr, 0, 0));
  *word = saved & ~bit2;
  EXPECT_EQ(Find(*o, name), 0u);
  *word = bit1 | bit2;  // just these two: found
  EXPECT_EQ(Find(*o, name), want);
  // A filter of all ones lets everything through to the chains, which still decide.
  for (int k = 0; k < 2; k++) *o->img->At<uint64_t>(o->img->Addr(".gnu.hash") + 16 + 8 * k) = ~0ull;
  EXPECT_EQ(Find(*o, name), want);
  EXPECT_EQ(Find(*o, "absent_name"), 0u);
  // All zeros: nothing is found.
  for (int k = 0; k < 2; k++) *o->img->At<uint64_t>(o->img->Addr(".gnu.hash") + 16 + 8 * k) = 0;
  for (auto &n : Names(10)) EXPECT_EQ(Find(*o, n), 0u);
}

TEST(Lookup, GnuChainComparesNamesAfterHashes) {
  // Every symbol in one bucket, and two with one hash: the chain must be walked
  // and names compared; the end bit must stop the walk.
  Builder b;
  b.gnu_nbuckets = 1;
  uint32_t ab = b.Add(Sym("xxAbyy", 0x10));
  uint32_t ba = b.Add(Sym("xxBAyy", 0x20));
  uint32_t other = b.Add(Sym("other", 0x30));
  auto o = Make(b.Build());
  EXPECT_EQ(Find(*o, "xxAbyy"), o->img->Index(ab));
  EXPECT_EQ(Find(*o, "xxBAyy"), o->img->Index(ba));
  EXPECT_EQ(Find(*o, "other"), o->img->Index(other));
  EXPECT_EQ(Find(*o, "xxCAyy"), 0u);
  // Mark the first chain entry as the end: the rest of the bucket is unreachable.
  uint64_t chains = o->img->Addr(".gnu.hash") + 16 + 8 + 4;
  *o->img->At<uint32_t>(chains) |= 1;
  struct dr_dynamic d;
  ASSERT_EQ(o->img->Parse(&d), nullptr);  // the table now ends after one symbol
  o->d = d;
  EXPECT_EQ(o->d.nsyms, 2u);
  ASSERT_EQ(o->img->Index(ab), 1u);
  EXPECT_EQ(Find(*o, "xxAbyy"), 1u);
  EXPECT_EQ(Find(*o, "xxBAyy"), 0u);
  EXPECT_EQ(Find(*o, "other"), 0u);
}

TEST(Lookup, SysvChainLoopTerminates) {
  Builder b;
  b.gnu = false;
  b.sysv = true;
  b.sysv_nbuckets = 1;
  for (int k = 0; k < 6; k++) b.Add(Sym("s" + std::to_string(k), 0x100 + k));
  auto o = Make(b.Build());
  for (int k = 0; k < 6; k++) EXPECT_EQ(Find(*o, "s" + std::to_string(k)), o->img->Index(k + 1));
  uint32_t *w = o->img->At<uint32_t>(o->img->Addr(".hash"));
  uint32_t *bucket = w + 2, *chain = w + 3;
  ASSERT_EQ(bucket[0], 6u);  // the last symbol heads the chain: 6 -> 5 -> ... -> 1
  chain[4] = 6;              // 6 -> 5 -> 4 -> 6 -> ...
  EXPECT_EQ(Find(*o, "s5"), 6u);
  EXPECT_EQ(Find(*o, "s3"), 4u);
  EXPECT_EQ(Find(*o, "s0"), 0u);  // beyond the loop: unreachable, and the walk ends
  EXPECT_EQ(Find(*o, "absent"), 0u);
  chain[6] = 6;  // a self-loop
  EXPECT_EQ(Find(*o, "absent"), 0u);
  chain[6] = 1000;  // an index past the table
  EXPECT_EQ(Find(*o, "absent"), 0u);
  bucket[0] = 0xffffffffu;
  EXPECT_EQ(Find(*o, "s5"), 0u);
}

TEST(Lookup, WhichSymbolsCanDefine) {
  Builder b;
  uint32_t zero = b.Add(Sym("zero", 0));                                  // no value
  uint32_t abs0 = b.Add(Sym("abs0", 0).Shndx(SHN_ABS).Type(STT_NOTYPE));  // absolute 0 counts
  uint32_t tls0 = b.Add(Sym("tls0", 0).Type(STT_TLS).Size(4));           // offset 0 in the block
  uint32_t sect = b.Add(Sym("sect", 0x10).Type(STT_SECTION));
  uint32_t file = b.Add(Sym("file", 0x10).Type(STT_FILE));
  uint32_t ifunc = b.Add(Sym("ifunc", 0x10).Type(STT_GNU_IFUNC));
  uint32_t common = b.Add(Sym("common", 0x10).Type(STT_COMMON));
  uint32_t obj = b.Add(Sym("obj", 0x10).Type(STT_OBJECT));
  uint32_t notype = b.Add(Sym("notype", 0x10).Type(STT_NOTYPE));
  uint32_t t7 = b.Add(Sym("type7", 0x10).Type(7));
  uint32_t t15 = b.Add(Sym("type15", 0x10).Type(15));
  // An executable's undefined function with a PLT address (hashed, as ld does for them).
  uint32_t plt = b.Add(Sym("pltsym", 0x401030).Undef().Hashed(true));
  uint32_t und0 = b.Add(Sym("und0", 0).Undef().Hashed(true));
  auto o = Make(b.Build());
  auto idx = [&](uint32_t h) { return o->img->Index(h); };
  EXPECT_EQ(Find(*o, "zero"), 0u);
  EXPECT_EQ(Find(*o, "abs0"), idx(abs0));
  EXPECT_EQ(Find(*o, "tls0"), idx(tls0));
  EXPECT_EQ(Find(*o, "sect"), 0u);
  EXPECT_EQ(Find(*o, "file"), 0u);
  EXPECT_EQ(Find(*o, "ifunc"), idx(ifunc));
  EXPECT_EQ(Find(*o, "common"), idx(common));
  EXPECT_EQ(Find(*o, "obj"), idx(obj));
  EXPECT_EQ(Find(*o, "notype"), idx(notype));
  EXPECT_EQ(Find(*o, "type7"), 0u);
  EXPECT_EQ(Find(*o, "type15"), 0u);
  EXPECT_EQ(Find(*o, "pltsym"), idx(plt));              // pointer equality: the PLT is the address
  EXPECT_EQ(Find(*o, "pltsym", nullptr, DR_CLASS_PLT), 0u);  // but a PLT slot must not bind to it
  EXPECT_EQ(Find(*o, "pltsym", nullptr, DR_CLASS_COPY), idx(plt));
  EXPECT_EQ(Find(*o, "und0"), 0u);
  EXPECT_EQ(Find(*o, "obj", nullptr, DR_CLASS_PLT), idx(obj));
  (void)zero, (void)sect, (void)file, (void)t7, (void)t15, (void)und0;
  for (const char *n : {"zero", "abs0", "tls0", "sect", "file", "ifunc", "common", "obj", "notype",
                        "type7", "type15", "pltsym", "und0"})
    for (int cls : {0, DR_CLASS_PLT, DR_CLASS_COPY})
      EXPECT_EQ(Find(*o, n, nullptr, cls), RefLookup(o->ref, n, nullptr, 0, cls)) << n << " " << cls;
}

TEST(Lookup, NameOutsideTheStringTableNeverMatches) {
  Builder b;
  uint32_t h = b.Add(Sym("victim", 0x10));
  auto o = Make(b.Build());
  Elf64_Sym *s = o->img->At<Elf64_Sym>(o->img->Addr(".dynsym") + 24 * o->img->Index(h));
  s->st_name = (uint32_t)o->d.strsz;  // one past the end
  EXPECT_EQ(Find(*o, "victim"), 0u);
  EXPECT_EQ(Find(*o, ""), 0u);
}

TEST(Lookup, NoSymbolTable) {
  Builder b;
  b.Add(Sym("foo", 0x10));
  auto o = Make(b.Build());
  o->d.symtab = nullptr;
  EXPECT_EQ(Find(*o, "foo"), 0u);
}

// ---- versions ------------------------------------------------------------------------

// libv.so defines V1 (index 2), V2 (3), V3 (4), needs E1 (5, from libe.so).
struct Versioned {
  std::unique_ptr<Obj> o;
  std::map<std::string, uint32_t> at;  // "name@VER" or "name@@VER" -> index
};

Versioned MakeVersioned(bool sysv = false) {
  Builder b;
  if (sysv) b.gnu = false, b.sysv = true;
  b.gnu_nbuckets = 3;
  b.Verdef(1, VER_FLG_BASE, {"libv.so"});
  b.Verdef(2, 0, {"V1"});
  b.Verdef(3, 0, {"V2", "V1"});
  b.Verdef(4, 0, {"V3", "V2"});
  b.Verneed("libe.so", {Aux("E1", 5)});
  std::map<std::string, uint32_t> h;
  h["foo@V1"] = b.Add(Sym("foo", 0x100).HiddenVer(2));   // old, hidden (non-default)
  h["foo@@V2"] = b.Add(Sym("foo", 0x110).Ver(3));        // current default
  h["bar@@V3"] = b.Add(Sym("bar", 0x120).Ver(4));        // only a late version
  h["qux@V2"] = b.Add(Sym("qux", 0x130).Ver(3));         // two non-hidden late versions
  h["qux@V3"] = b.Add(Sym("qux", 0x140).Ver(4));
  h["plain"] = b.Add(Sym("plain", 0x150).Ver(1));        // unversioned global
  h["local0"] = b.Add(Sym("local0", 0x160).Ver(0));      // VER_NDX_LOCAL
  h["old@@V1"] = b.Add(Sym("old", 0x170).Ver(2));        // only the oldest version
  h["hid@V2"] = b.Add(Sym("hid", 0x180).HiddenVer(3));   // a hidden version only
  h["hplain"] = b.Add(Sym("hplain", 0x190).HiddenVer(1));
  h["far@V?"] = b.Add(Sym("far", 0x1a0).Ver(50));        // an index with no version
  h["ext@E1"] = b.Add(Sym("ext", 0x1b0).Ver(5));         // defined, yet with a needed version
  Versioned v;
  v.o = Make(b.Build());
  for (auto &kv : h) v.at[kv.first] = v.o->img->Index(kv.second);
  return v;
}

TEST(Versions, VersionedReferences) {
  for (bool sysv : {false, true}) {
    SCOPED_TRACE(sysv ? "SysV" : "GNU");
    Versioned v = MakeVersioned(sysv);
    Obj &o = *v.o;
    struct dr_version V1 = Ver("V1"), V2 = Ver("V2"), V3 = Ver("V3"), V9 = Ver("V9"),
                      E1 = Ver("E1"), V2h = Ver("V2", true), V9h = Ver("V9", true);
    EXPECT_EQ(Find(o, "foo", &V1), v.at["foo@V1"]);  // exact, even though non-default
    EXPECT_EQ(Find(o, "foo", &V2), v.at["foo@@V2"]);
    EXPECT_EQ(Find(o, "foo", &V2h), v.at["foo@@V2"]);  // a hidden reference still matches its own
    EXPECT_EQ(Find(o, "foo", &V3), 0u);
    EXPECT_EQ(Find(o, "bar", &V3), v.at["bar@@V3"]);
    EXPECT_EQ(Find(o, "bar", &V1), 0u);
    EXPECT_EQ(Find(o, "qux", &V2), v.at["qux@V2"]);
    EXPECT_EQ(Find(o, "qux", &V3), v.at["qux@V3"]);
    // An unversioned definition stands in for any version, unless the reference is hidden.
    EXPECT_EQ(Find(o, "plain", &V9), v.at["plain"]);
    EXPECT_EQ(Find(o, "plain", &V2), v.at["plain"]);
    EXPECT_EQ(Find(o, "plain", &V9h), 0u);
    EXPECT_EQ(Find(o, "local0", &V9), v.at["local0"]);
    EXPECT_EQ(Find(o, "hplain", &V9), 0u);  // ... and unless the definition is hidden
    EXPECT_EQ(Find(o, "hid", &V2), v.at["hid@V2"]);
    EXPECT_EQ(Find(o, "hid", &V1), 0u);
    // An index the object does not define acts as unversioned.
    EXPECT_EQ(Find(o, "far", &V9), v.at["far@V?"]);
    EXPECT_EQ(Find(o, "far", &V9h), 0u);
    // Index 5 names a requirement (E1): it matches a reference to E1.
    EXPECT_EQ(Find(o, "ext", &E1), v.at["ext@E1"]);
    EXPECT_EQ(Find(o, "ext", &V1), 0u);
    // The hash must match as well as the name.
    struct dr_version V2bad = {"V2", ElfHash("V2") ^ 1, false, nullptr};
    EXPECT_EQ(Find(o, "foo", &V2bad), 0u);
  }
}

// Unversioned references (old binaries, and dlsym): glibc takes a definition of
// index 0..2 (local, global, or the oldest version), else the only non-hidden
// versioned one; dlsym (DR_LOOKUP_RETURN_NEWEST) takes index 0..1, else the only
// non-hidden (that is, default) versioned one.
TEST(Versions, UnversionedReferences) {
  for (bool sysv : {false, true}) {
    SCOPED_TRACE(sysv ? "SysV" : "GNU");
    Versioned v = MakeVersioned(sysv);
    Obj &o = *v.o;
    const int N = DR_LOOKUP_RETURN_NEWEST;
    EXPECT_EQ(Find(o, "foo"), v.at["foo@V1"]);         // the base (oldest) one, hidden or not
    EXPECT_EQ(Find(o, "foo", nullptr, 0, N), v.at["foo@@V2"]);
    EXPECT_EQ(Find(o, "bar"), v.at["bar@@V3"]);        // the only one
    EXPECT_EQ(Find(o, "bar", nullptr, 0, N), v.at["bar@@V3"]);
    EXPECT_EQ(Find(o, "qux"), 0u);                     // two candidates: ambiguous
    EXPECT_EQ(Find(o, "qux", nullptr, 0, N), 0u);
    EXPECT_EQ(Find(o, "plain"), v.at["plain"]);
    EXPECT_EQ(Find(o, "plain", nullptr, 0, N), v.at["plain"]);
    EXPECT_EQ(Find(o, "hplain"), v.at["hplain"]);
    EXPECT_EQ(Find(o, "old"), v.at["old@@V1"]);
    EXPECT_EQ(Find(o, "old", nullptr, 0, N), v.at["old@@V1"]);
    EXPECT_EQ(Find(o, "hid"), 0u);                     // hidden versions are never picked
    EXPECT_EQ(Find(o, "hid", nullptr, 0, N), 0u);
    EXPECT_EQ(Find(o, "far"), v.at["far@V?"]);
    EXPECT_EQ(Find(o, "ext"), v.at["ext@E1"]);
  }
}

// Every name, every version reference, both flags, every class: the same as glibc.
TEST(Versions, ExhaustivelyLikeGlibc) {
  for (bool sysv : {false, true}) {
    Versioned v = MakeVersioned(sysv);
    Obj &o = *v.o;
    std::vector<const char *> vers = {"V1", "V2", "V3", "V9", "E1", "libv.so"};
    for (const char *name : {"foo", "bar", "qux", "plain", "local0", "old", "hid", "hplain", "far",
                             "ext", "nope"}) {
      for (int flags : {0, DR_LOOKUP_RETURN_NEWEST}) {
        for (int cls : {0, DR_CLASS_PLT, DR_CLASS_COPY}) {
          EXPECT_EQ(Find(o, name, nullptr, cls, flags), RefLookup(o.ref, name, nullptr, flags, cls))
              << name << " unversioned " << flags << " " << cls << (sysv ? " SysV" : " GNU");
          for (const char *vn : vers) {
            for (bool hidden : {false, true}) {
              struct dr_version dv = Ver(vn, hidden);
              RefVer rv = {vn, ElfHash(vn), hidden};
              EXPECT_EQ(Find(o, name, &dv, cls, flags), RefLookup(o.ref, name, &rv, flags, cls))
                  << name << "@" << vn << (hidden ? " hidden" : "") << (sysv ? " SysV" : " GNU");
            }
          }
        }
      }
    }
  }
}

TEST(Versions, UnversionedObjectSatisfiesAnyVersion) {
  Builder b;
  uint32_t h = b.Add(Sym("foo", 0x10));
  auto o = Make(b.Build());
  ASSERT_EQ(o->d.versym, nullptr);
  struct dr_version v = Ver("GLIBC_2.2.5"), vh = Ver("GLIBC_2.2.5", true);
  EXPECT_EQ(Find(*o, "foo", &v), o->img->Index(h));
  EXPECT_EQ(Find(*o, "foo", &vh), o->img->Index(h));
}

// ---- a scope ----------------------------------------------------------------------------

struct Scope {
  std::vector<std::unique_ptr<Obj>> objs;
  std::vector<const struct dr_symobj *> list;
  void Add(std::unique_ptr<Obj> o) {
    objs.push_back(std::move(o));
    list.clear();
    for (auto &x : objs) list.push_back(&x->so);
  }
  bool Find(const char *name, size_t *obj, uint32_t *sym, int cls = 0,
            const struct dr_version *v = nullptr) {
    struct dr_lookup q;
    dr_lookup_init(&q, name, v, cls, 0);
    return dr_find_in_scope(list.data(), list.size(), &q, obj, sym);
  }
  uint32_t Index(size_t obj, uint32_t handle) { return objs[obj]->img->Index(handle); }
};

TEST(Scope, FirstDefinitionWinsWithGlibcsExceptions) {
  Scope s;
  Builder exe, a, b, c;
  std::map<std::string, uint32_t> ha, hb, hc, he;
  he["copied"] = exe.Add(Sym("copied", 0x601000).Type(STT_OBJECT).Size(8));
  he["main_only"] = exe.Add(Sym("main_only", 0x401000));
  ha["copied"] = a.Add(Sym("copied", 0x2000).Type(STT_OBJECT).Size(8));
  ha["hidden"] = a.Add(Sym("hidden", 0x10).Vis(STV_HIDDEN));
  ha["internal"] = a.Add(Sym("internal", 0x10).Vis(STV_INTERNAL));
  ha["protected"] = a.Add(Sym("protected", 0x10).Vis(STV_PROTECTED));
  ha["weak"] = a.Add(Sym("weak", 0x10).Weak());
  ha["local"] = a.Add(Sym("local", 0x10).Local());
  ha["unique"] = a.Add(Sym("unique", 0x10).Bind(STB_GNU_UNIQUE).Type(STT_OBJECT));
  ha["loos"] = a.Add(Sym("loos", 0x10).Bind(11));  // STB_LOOS + 1: not a global binding
  for (const char *n : {"hidden", "internal", "protected", "weak", "local", "unique", "loos"})
    hb[n] = b.Add(Sym(n, 0x20));
  hb["b_only"] = b.Add(Sym("b_only", 0x30).Weak());
  hc["b_only"] = c.Add(Sym("b_only", 0x40));
  c.gnu = false;
  c.sysv = true;  // scopes mix hash styles
  hc["c_only"] = c.Add(Sym("c_only", 0x50));
  s.Add(Make(exe.Build(), true));
  s.Add(Make(a.Build()));
  s.Add(Make(b.Build()));
  s.Add(Make(c.Build()));
  size_t obj = 99;
  uint32_t sym = 99;
  ASSERT_TRUE(s.Find("copied", &obj, &sym));
  EXPECT_EQ(obj, 0u);
  EXPECT_EQ(sym, s.Index(0, he["copied"]));
  ASSERT_TRUE(s.Find("copied", &obj, &sym, DR_CLASS_COPY));  // COPY skips the executable
  EXPECT_EQ(obj, 1u);
  EXPECT_EQ(sym, s.Index(1, ha["copied"]));
  EXPECT_FALSE(s.Find("main_only", &obj, &sym, DR_CLASS_COPY));
  ASSERT_TRUE(s.Find("main_only", &obj, &sym, DR_CLASS_PLT));
  EXPECT_EQ(obj, 0u);
  struct Want {
    const char *name;
    size_t obj;
  } want[] = {{"hidden", 2}, {"internal", 2}, {"protected", 1}, {"weak", 1},
              {"local", 2},  {"unique", 1},   {"loos", 2},      {"b_only", 2},
              {"c_only", 3}};
  for (auto &w : want) {
    obj = 99;
    ASSERT_TRUE(s.Find(w.name, &obj, &sym)) << w.name;
    EXPECT_EQ(obj, w.obj) << w.name;
    std::map<std::string, uint32_t> &h = w.obj == 1 ? ha : w.obj == 2 ? hb : hc;
    EXPECT_EQ(sym, s.Index(w.obj, h[w.name])) << w.name;
  }
  obj = 77;
  sym = 77;
  EXPECT_FALSE(s.Find("nowhere", &obj, &sym));
  EXPECT_EQ(obj, 77u);  // untouched
  EXPECT_EQ(sym, 77u);
  // Skipped objects are not searched.
  s.objs[1]->so.skip = true;
  ASSERT_TRUE(s.Find("weak", &obj, &sym));
  EXPECT_EQ(obj, 2u);
  s.objs[2]->so.skip = true;
  ASSERT_TRUE(s.Find("b_only", &obj, &sym));
  EXPECT_EQ(obj, 3u);
  EXPECT_FALSE(s.Find("weak", &obj, &sym));
  // An empty scope finds nothing.
  struct dr_lookup q;
  dr_lookup_init(&q, "weak", nullptr, 0, 0);
  EXPECT_FALSE(dr_find_in_scope(nullptr, 0, &q, &obj, &sym));
}

// A hidden definition makes glibc skip the whole object, even if it has another
// (visible) definition of the name further down the chain.
TEST(Scope, HiddenDefinitionSkipsTheObject) {
  Scope s;
  Builder a, b;
  a.gnu_nbuckets = 1;
  a.Add(Sym("dup", 0x10).Vis(STV_HIDDEN));
  a.Add(Sym("dup", 0x20));
  uint32_t hb = b.Add(Sym("dup", 0x30));
  s.Add(Make(a.Build()));
  s.Add(Make(b.Build()));
  size_t obj;
  uint32_t sym;
  ASSERT_TRUE(s.Find("dup", &obj, &sym));
  EXPECT_EQ(obj, 1u);
  EXPECT_EQ(sym, s.Index(1, hb));
}

TEST(Scope, VersionedScopeLookup) {
  Scope s;
  Builder a, b;
  a.Verdef(1, VER_FLG_BASE, {"liba.so"});
  a.Verdef(2, 0, {"A_1"});
  a.Add(Sym("f", 0x10).Ver(2));
  uint32_t hb = b.Add(Sym("f", 0x20));  // unversioned: any version will do
  b.Add(Sym("g", 0x30));
  s.Add(Make(a.Build()));
  s.Add(Make(b.Build()));
  struct dr_version want = Ver("A_2");
  size_t obj;
  uint32_t sym;
  ASSERT_TRUE(s.Find("f", &obj, &sym, 0, &want));
  EXPECT_EQ(obj, 1u);
  EXPECT_EQ(sym, s.Index(1, hb));
  struct dr_version a1 = Ver("A_1");
  ASSERT_TRUE(s.Find("f", &obj, &sym, 0, &a1));
  EXPECT_EQ(obj, 0u);
}

// ---- the system's libraries ---------------------------------------------------------------

struct Real {
  eb::RealLib lib;
  struct dr_dynamic d;
  std::vector<struct dr_version> versions;
  struct dr_symobj so;
  RefObj ref;
  uint32_t nsyms = 0;
};

bool LoadReal(const char *path, Real &r) {
  if (!r.lib.Load(path)) return false;
  const char *err = r.lib.Parse(&r.d);
  EXPECT_EQ(err, nullptr) << err;
  if (err) return false;
  long n = dr_versions_count(&r.lib.im, &r.d);
  EXPECT_GT(n, 0);
  r.versions.resize(n);
  EXPECT_EQ(dr_versions_fill(&r.lib.im, &r.d, r.versions.data(), n), nullptr);
  r.so.dyn = &r.d;
  r.so.versions = r.versions.data();
  r.so.nversions = (uint32_t)n;
  r.so.is_executable = false;
  r.so.skip = false;
  // The reference reads the file itself, through the section headers.
  const eb::RealLib &L = r.lib;
  const Elf64_Shdr *dynsym = L.SectionOfType(SHT_DYNSYM);
  r.nsyms = (uint32_t)(dynsym->sh_size / 24);
  r.ref.syms = L.FileAt<Elf64_Sym>(dynsym->sh_offset);
  r.ref.strtab = L.FileAt<char>(L.shdrs()[dynsym->sh_link].sh_offset);
  r.ref.versym = L.FileAt<uint16_t>(L.SectionOfType(SHT_GNU_versym)->sh_offset);
  r.ref.gnu = L.FileAt<uint32_t>(L.SectionOfType(SHT_GNU_HASH)->sh_offset);
  const Elf64_Shdr *hash = L.SectionOfType(SHT_HASH);
  r.ref.sysv = hash ? L.FileAt<uint32_t>(hash->sh_offset) : nullptr;
  const Elf64_Shdr *vd = L.SectionOfType(SHT_GNU_verdef), *vn = L.SectionOfType(SHT_GNU_verneed);
  uint64_t off = vd->sh_offset;
  for (uint32_t k = 0; k < vd->sh_info; k++) {
    const Elf64_Verdef *e = L.FileAt<Elf64_Verdef>(off);
    if (!(e->vd_flags & VER_FLG_BASE))
      r.ref.versions[e->vd_ndx & 0x7fff] = {r.ref.strtab + L.FileAt<Elf64_Verdaux>(off + e->vd_aux)->vda_name,
                                            e->vd_hash, false};
    off += e->vd_next;
  }
  off = vn->sh_offset;
  for (uint32_t k = 0; k < vn->sh_info; k++) {
    const Elf64_Verneed *e = L.FileAt<Elf64_Verneed>(off);
    uint64_t a = off + e->vn_aux;
    for (uint32_t j = 0; j < e->vn_cnt; j++) {
      const Elf64_Vernaux *x = L.FileAt<Elf64_Vernaux>(a);
      r.ref.versions[x->vna_other & 0x7fff] = {r.ref.strtab + x->vna_name, x->vna_hash,
                                               (x->vna_other & 0x8000) != 0};
      a += x->vna_next;
    }
    off += e->vn_next;
  }
  return true;
}

bool Defines(const Elf64_Sym &s) {
  unsigned bind = ELF64_ST_BIND(s.st_info), type = ELF64_ST_TYPE(s.st_info);
  return s.st_shndx != SHN_UNDEF && (bind == STB_GLOBAL || bind == STB_WEAK || bind == STB_GNU_UNIQUE) &&
         (s.st_value != 0 || s.st_shndx == SHN_ABS || type == STT_TLS) && type != STT_SECTION &&
         type != STT_FILE;
}

TEST(RealLibraries, EveryExportIsFoundLikeGlibcFindsIt) {
  for (const char *path : {"/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6",
                           "/lib/x86_64-linux-gnu/libstdc++.so.6"}) {
    SCOPED_TRACE(path);
    Real r;
    if (!LoadReal(path, r)) {
      ADD_FAILURE() << "cannot load " << path;
      continue;
    }
    ASSERT_EQ(r.d.nsyms, r.nsyms);
    struct dr_dynamic sysv_only = r.d;
    sysv_only.gnu.nbuckets = 0;
    struct dr_symobj sysv_so = r.so;
    sysv_so.dyn = &sysv_only;
    const bool has_sysv = r.d.sysv.nbucket != 0;
    EXPECT_EQ(has_sysv, r.ref.sysv != nullptr);

    size_t checked = 0, versioned = 0;
    std::set<std::string> names;
    for (uint32_t i = 1; i < r.nsyms; i++) {
      const Elf64_Sym &s = r.ref.syms[i];
      if (!Defines(s)) continue;
      const std::string name = r.ref.strtab + s.st_name;
      const uint16_t vs = r.ref.versym[i];
      // A versioned reference to this very definition finds it, by either table.
      auto vit = r.ref.versions.find(vs & 0x7fff);
      if ((vs & 0x7fff) >= 2 && vit != r.ref.versions.end()) {
        struct dr_version want = {vit->second.name.c_str(), vit->second.hash, false, nullptr};
        struct dr_lookup q;
        dr_lookup_init(&q, name.c_str(), &want, 0, 0);
        ASSERT_EQ(dr_find_in_object(&r.so, &q), i) << name << "@" << want.name;
        want.hidden = true;
        dr_lookup_init(&q, name.c_str(), &want, DR_CLASS_PLT, 0);
        ASSERT_EQ(dr_find_in_object(&r.so, &q), i) << name << "@" << want.name;
        if (has_sysv) {
          dr_lookup_init(&q, name.c_str(), &want, 0, 0);
          ASSERT_EQ(dr_find_in_object(&sysv_so, &q), i) << name << "@" << want.name << " (SysV)";
        }
        versioned++;
      }
      if (!names.insert(name).second) continue;
      // Unversioned references: old binaries, and dlsym.
      for (int flags : {0, DR_LOOKUP_RETURN_NEWEST}) {
        uint32_t want = RefLookup(r.ref, name, nullptr, flags, 0);
        struct dr_lookup q;
        dr_lookup_init(&q, name.c_str(), nullptr, 0, flags);
        ASSERT_EQ(dr_find_in_object(&r.so, &q), want) << name << " flags " << flags;
        if (has_sysv) {
          ASSERT_EQ(RefLookup(r.ref, name, nullptr, flags, 0, false), want) << name;
          dr_lookup_init(&q, name.c_str(), nullptr, 0, flags);
          ASSERT_EQ(dr_find_in_object(&sysv_so, &q), want) << name << " flags " << flags << " (SysV)";
        }
      }
      checked++;
    }
    EXPECT_GT(checked, 500u);
    EXPECT_GT(versioned, 500u);
    // Names nobody exports.
    for (const char *absent : {"", "no_such_symbol", "printf_", "_ZNSt8ios_base4InitC1E"}) {
      struct dr_lookup q;
      dr_lookup_init(&q, absent, nullptr, 0, 0);
      EXPECT_EQ(dr_find_in_object(&r.so, &q), 0u) << absent;
    }
  }
}

// Known compatibility symbols of glibc 2.36 on x86-64.
TEST(RealLibraries, LibcCompatSymbols) {
  Real r;
  if (!LoadReal("/lib/x86_64-linux-gnu/libc.so.6", r)) GTEST_SKIP();
  auto find = [&](const char *name, const char *ver, int flags) -> std::string {
    struct dr_version v = Ver(ver ? ver : "");
    struct dr_lookup q;
    dr_lookup_init(&q, name, ver ? &v : nullptr, 0, flags);
    uint32_t i = dr_find_in_object(&r.so, &q);
    if (!i) return "-";
    uint16_t vs = r.d.versym[i];
    const char *vn = r.versions[vs & 0x7fff].name;
    return std::string(name) + ((vs & 0x8000) ? "@" : "@@") + (vn ? vn : "?");
  };
  const int N = DR_LOOKUP_RETURN_NEWEST;
  // memcpy: an old binary gets the 2.2.5 one (memmove semantics), dlsym the 2.14 one.
  EXPECT_EQ(find("memcpy", nullptr, 0), "memcpy@GLIBC_2.2.5");
  EXPECT_EQ(find("memcpy", nullptr, N), "memcpy@@GLIBC_2.14");
  EXPECT_EQ(find("memcpy", "GLIBC_2.14", 0), "memcpy@@GLIBC_2.14");
  EXPECT_EQ(find("memcpy", "GLIBC_2.2.5", 0), "memcpy@GLIBC_2.2.5");
  EXPECT_EQ(find("realpath", nullptr, 0), "realpath@GLIBC_2.2.5");
  EXPECT_EQ(find("realpath", nullptr, N), "realpath@@GLIBC_2.3");
  EXPECT_EQ(find("pthread_cond_wait", nullptr, 0), "pthread_cond_wait@GLIBC_2.2.5");
  EXPECT_EQ(find("pthread_cond_wait", nullptr, N), "pthread_cond_wait@@GLIBC_2.3.2");
  // Only one (late) version: taken either way.
  EXPECT_EQ(find("memfd_create", nullptr, 0), "memfd_create@@GLIBC_2.27");
  EXPECT_EQ(find("memfd_create", nullptr, N), "memfd_create@@GLIBC_2.27");
  EXPECT_EQ(find("memfd_create", "GLIBC_2.2.5", 0), "-");
  EXPECT_EQ(find("printf", nullptr, 0), "printf@@GLIBC_2.2.5");
  EXPECT_EQ(find("printf", "GLIBC_2.2.5", 0), "printf@@GLIBC_2.2.5");
  EXPECT_EQ(find("printf", "GLIBC_2.3", 0), "-");
}


// ---- the scope index (core/symindex.c) --------------------------------------------------

// An index over LIST, if one can be built.
struct Indexed {
  std::vector<uint64_t> slots;
  struct dr_symindex x {};
  uint64_t nhashed = 0;
  explicit Indexed(const std::vector<const struct dr_symobj *> &list) {
    uint64_t n = dr_symindex_slots(list.data(), list.size(), &nhashed);
    slots.assign(n, 0);
    if (n) dr_symindex_build(&x, slots.data(), n, list.data(), list.size());
  }
};

// The walk's answer ("object:symbol" or "-"), after checking the index gives the same.
std::string BothWays(const Indexed &ix, const std::vector<const struct dr_symobj *> &list, const char *name,
                     const struct dr_version *v = nullptr, int cls = 0, int flags = 0) {
  struct dr_lookup q;
  size_t k = 99, xk = 99;
  uint32_t i = 99, xi = 99;
  dr_lookup_init(&q, name, v, cls, flags);
  bool walk = dr_find_in_scope(list.data(), list.size(), &q, &k, &i);
  dr_lookup_init(&q, name, v, cls, flags);
  bool indexed = dr_symindex_find(&ix.x, &q, &xk, &xi);
  std::string want = walk ? std::to_string(k) + ":" + std::to_string(i) : "-";
  std::string got = indexed ? std::to_string(xk) + ":" + std::to_string(xi) : "-";
  EXPECT_EQ(got, want) << name << (v ? std::string("@") + v->name : "") << " class " << cls;
  return want;
}

TEST(Index, AnswersAsTheWalk) {
  Scope s;
  Builder exe, a, b, c;
  ASSERT_EQ(dr_gnu_hash("ab"), dr_gnu_hash("bA"));  // 'a'*33+'b' == 'b'*33+'A'
  exe.Add(Sym("copied", 0x601000).Type(STT_OBJECT).Size(8));
  exe.Add(Sym("main_only", 0x401000));
  exe.Add(Sym("plt_ref", 0x401010).Undef());  // an executable's PLT address
  a.Verdef(1, VER_FLG_BASE, {"liba.so"});
  a.Verdef(2, 0, {"A_1"});
  a.Add(Sym("copied", 0x2000).Type(STT_OBJECT).Size(8).Ver(1));
  a.Add(Sym("hidden", 0x10).Vis(STV_HIDDEN).Ver(1));
  a.Add(Sym("only_hidden", 0x10).Vis(STV_HIDDEN).Ver(1));
  a.Add(Sym("f", 0x20).Ver(2));
  a.Add(Sym("weak", 0x30).Weak().Ver(1));
  a.Add(Sym("plt_ref", 0x40).Ver(1));
  b.Add(Sym("hidden", 0x50));
  b.Add(Sym("f", 0x60));
  b.Add(Sym("ab", 0x70));
  b.Add(Sym("weak", 0x80));
  c.Add(Sym("bA", 0x90));  // the same hash as b's "ab": b declines, the walk goes on
  c.Add(Sym("c_only", 0xa0));
  s.Add(Make(exe.Build(), true));
  s.Add(Make(a.Build()));
  s.Add(Make(b.Build()));
  s.Add(Make(c.Build()));
  Indexed ix(s.list);
  ASSERT_FALSE(ix.slots.empty());
  EXPECT_EQ(ix.nhashed, 2u + 6u + 4u + 2u);  // the linker hashes no undefined symbol
  EXPECT_EQ(ix.slots.size(), 32u);  // a power of two at most 3/4 full
  struct dr_version a1 = Ver("A_1"), a2 = Ver("A_2");
  const char *names[] = {"copied", "main_only", "plt_ref", "hidden", "only_hidden", "f", "weak",
                         "ab",     "bA",        "c_only",  "nowhere", ""};
  for (int round = 0; round < 3; round++) {
    // Objects skipped (being removed) are decided at lookup time, not when built.
    if (round == 1) s.objs[1]->so.skip = true;
    if (round == 2) s.objs[1]->so.skip = false, s.objs[2]->so.skip = true;
    for (const char *n : names)
      for (int cls : {0, DR_CLASS_PLT, DR_CLASS_COPY})
        for (const struct dr_version *v : {(const struct dr_version *)nullptr, (const struct dr_version *)&a1,
                                           (const struct dr_version *)&a2})
          for (int flags : {0, DR_LOOKUP_RETURN_NEWEST}) BothWays(ix, s.list, n, v, cls, flags);
  }
  s.objs[2]->so.skip = false;
  // The cases the index must hand on to the walk.
  EXPECT_EQ(BothWays(ix, s.list, "bA"), "3:" + std::to_string(s.Index(3, 1)));
  EXPECT_EQ(BothWays(ix, s.list, "copied", nullptr, DR_CLASS_COPY), "1:" + std::to_string(s.Index(1, 1)));
  EXPECT_EQ(BothWays(ix, s.list, "hidden"), "2:" + std::to_string(s.Index(2, 1)));
  EXPECT_EQ(BothWays(ix, s.list, "f", &a2), "2:" + std::to_string(s.Index(2, 2)));
  EXPECT_EQ(BothWays(ix, s.list, "plt_ref", nullptr, DR_CLASS_PLT), "1:" + std::to_string(s.Index(1, 6)));
  EXPECT_EQ(BothWays(ix, s.list, "only_hidden"), "-");
  EXPECT_EQ(BothWays(ix, s.list, "nowhere"), "-");
  // An object with a SysV table alone stores no hash values: no index.
  Builder d;
  d.gnu = false;
  d.sysv = true;
  d.Add(Sym("d_only", 0x10));
  s.Add(Make(d.Build()));
  uint64_t nhashed;
  EXPECT_EQ(dr_symindex_slots(s.list.data(), s.list.size(), &nhashed), 0u);
  // An empty scope: an empty index, which finds nothing.
  std::vector<const struct dr_symobj *> none;
  Indexed empty(none);
  ASSERT_EQ(empty.slots.size(), 16u);
  EXPECT_EQ(BothWays(empty, none, "f"), "-");
}

// The system's libraries as one scope, the C++ runtime as the program: every
// name each defines, by each of its versions and by none, in every class.
TEST(Index, RealLibrariesAnswerAsTheWalk) {
  const char *paths[] = {"/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libm.so.6",
                         "/lib/x86_64-linux-gnu/libgcc_s.so.1", "/lib/x86_64-linux-gnu/libc.so.6"};
  std::vector<std::unique_ptr<Real>> libs;
  std::vector<const struct dr_symobj *> list;
  for (const char *path : paths) {
    libs.emplace_back(new Real);
    ASSERT_TRUE(LoadReal(path, *libs.back())) << path;
  }
  libs[0]->so.is_executable = true;  // COPY lookups pass over it
  for (auto &r : libs) list.push_back(&r->so);
  Indexed ix(list);
  ASSERT_FALSE(ix.slots.empty());
  uint64_t total = 0;
  for (auto &r : libs) total += r->d.nsyms - r->d.gnu.symoffset;
  EXPECT_EQ(ix.nhashed, total);
  size_t asked = 0, found = 0, failures = 0;
  for (auto &r : libs) {
    for (uint32_t i = 1; i < r->nsyms && failures < 20; i++) {
      const Elf64_Sym &sym = r->ref.syms[i];
      const char *name = r->ref.strtab + sym.st_name;
      const struct dr_version *own = nullptr;
      uint16_t ndx = r->d.versym ? (r->d.versym[i] & 0x7fff) : 0;
      if (ndx < r->versions.size() && r->versions[ndx].name) own = &r->versions[ndx];
      for (const struct dr_version *v : {own, (const struct dr_version *)nullptr})
        for (int cls : {0, DR_CLASS_PLT, DR_CLASS_COPY}) {
          int before = ::testing::Test::HasFailure();
          found += BothWays(ix, list, name, v, cls, i % 2 ? DR_LOOKUP_RETURN_NEWEST : 0) != "-";
          failures += ::testing::Test::HasFailure() && !before;
          asked++;
        }
    }
  }
  EXPECT_GT(asked, 40000u);
  EXPECT_GT(found, asked / 2);
  for (const char *absent : {"no_such_symbol", "printf_", "_ZNSt8ios_base4InitC1E", ""}) BothWays(ix, list, absent);
}

}  // namespace
