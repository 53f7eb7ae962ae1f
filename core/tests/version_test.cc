// Tests of core/version.c: the version index table built from DT_VERDEF and
// DT_VERNEED, requirement walks, definition queries, malformed and endless
// chains, and the system's libraries against their own section headers.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "core/tests/real_elf.h"

extern "C" {
#include "core/version.h"
}

namespace {

using eb::Aux;
using eb::Builder;
using eb::ElfHash;
using eb::Image;
using eb::SetDyn;
using eb::Sym;

struct Obj {
  std::unique_ptr<Image> img;
  struct dr_dynamic d;
};

Obj Parse(std::unique_ptr<Image> img) {
  Obj o;
  o.img = std::move(img);
  const char *err = o.img->Parse(&o.d);
  EXPECT_EQ(err, nullptr) << err;
  return o;
}

// libfoo.so.1 defines FOO_1, FOO_2 (child of FOO_1) and FOO_PRIVATE, and needs
// BAR_1 and (weakly, hidden) BAR_2 from libbar.so.1 and GLIBC_2.2.5 from libc.so.6.
Builder Foo() {
  Builder b;
  b.Add(Sym("foo", 0x100).Ver(2));
  b.Verdef(1, VER_FLG_BASE, {"libfoo.so.1"});
  b.Verdef(2, 0, {"FOO_1"});
  b.Verdef(3, 0, {"FOO_2", "FOO_1"});
  b.Verdef(4, 0, {"FOO_PRIVATE"});
  b.Verneed("libbar.so.1", {Aux("BAR_1", 5), Aux("BAR_2", 0x8006, VER_FLG_WEAK)});
  b.Verneed("libc.so.6", {Aux("GLIBC_2.2.5", 7)});
  return b;
}

TEST(Versions, CountAndFill) {
  Obj o = Parse(Foo().Build());
  ASSERT_EQ(dr_versions_count(&o.img->im, &o.d), 8);
  std::vector<struct dr_version> v(8);
  for (auto &e : v) e = {"garbage", 1, true, "garbage"};
  ASSERT_EQ(dr_versions_fill(&o.img->im, &o.d, v.data(), v.size()), nullptr);
  EXPECT_EQ(v[0].name, nullptr);
  EXPECT_EQ(v[1].name, nullptr);  // the base version is not matched against
  EXPECT_EQ(v[1].hash, 0u);
  EXPECT_FALSE(v[1].hidden);
  EXPECT_EQ(v[1].filename, nullptr);
  struct Want {
    size_t i;
    const char *name, *file;
    bool hidden;
  } want[] = {{2, "FOO_1", nullptr, false},       {3, "FOO_2", nullptr, false},
              {4, "FOO_PRIVATE", nullptr, false}, {5, "BAR_1", "libbar.so.1", false},
              {6, "BAR_2", "libbar.so.1", true},  {7, "GLIBC_2.2.5", "libc.so.6", false}};
  for (auto &w : want) {
    SCOPED_TRACE(w.name);
    ASSERT_NE(v[w.i].name, nullptr);
    EXPECT_STREQ(v[w.i].name, w.name);
    EXPECT_EQ(v[w.i].name, dr_dyn_str(&o.d, o.img->str.at(w.name)));  // points into DT_STRTAB
    EXPECT_EQ(v[w.i].hash, ElfHash(w.name));
    EXPECT_EQ(v[w.i].hidden, w.hidden);
    if (w.file) {
      EXPECT_STREQ(v[w.i].filename, w.file);
    } else {
      EXPECT_EQ(v[w.i].filename, nullptr);
    }
  }
}

TEST(Versions, FillIntoTooSmallATable) {
  Obj o = Parse(Foo().Build());
  std::vector<struct dr_version> v(7);
  // Requirements come first: index 7 does not fit.
  EXPECT_STREQ(dr_versions_fill(&o.img->im, &o.d, v.data(), 7), "invalid version requirement");
  // Definitions only: index 4 does not fit in 4.
  Builder b;
  b.Verdef(1, VER_FLG_BASE, {"libx.so"});
  b.Verdef(4, 0, {"X_4"});
  Obj p = Parse(b.Build());
  EXPECT_EQ(dr_versions_count(&p.img->im, &p.d), 5);
  EXPECT_STREQ(dr_versions_fill(&p.img->im, &p.d, v.data(), 4), "invalid version definition");
  EXPECT_EQ(dr_versions_fill(&p.img->im, &p.d, v.data(), 5), nullptr);
  EXPECT_STREQ(v[4].name, "X_4");
  EXPECT_EQ(v[2].name, nullptr);
  EXPECT_EQ(v[3].name, nullptr);
}

// The hidden bit of vd_ndx (0x8000) is not part of the index.
TEST(Versions, IndexBitsOnly) {
  Builder b;
  b.Verdef(1, VER_FLG_BASE, {"libx.so"});
  b.Verdef(0x8002, 0, {"X_2"});
  Obj o = Parse(b.Build());
  ASSERT_EQ(dr_versions_count(&o.img->im, &o.d), 3);
  std::vector<struct dr_version> v(3);
  ASSERT_EQ(dr_versions_fill(&o.img->im, &o.d, v.data(), 3), nullptr);
  EXPECT_STREQ(v[2].name, "X_2");
}

TEST(Versions, NoVersions) {
  Builder b;
  b.Add(Sym("foo", 0x100));
  Obj o = Parse(b.Build());
  EXPECT_EQ(dr_versions_count(&o.img->im, &o.d), 0);
  EXPECT_EQ(dr_versions_fill(&o.img->im, &o.d, nullptr, 0), nullptr);
  EXPECT_FALSE(dr_versions_defines(&o.img->im, &o.d, "FOO_1", ElfHash("FOO_1")));
}

TEST(Versions, RequirementsOnly) {
  Builder b;
  b.Verneed("libc.so.6", {Aux("GLIBC_2.2.5", 2), Aux("GLIBC_2.34", 3)});
  Obj o = Parse(b.Build());
  EXPECT_EQ(dr_versions_count(&o.img->im, &o.d), 4);
  EXPECT_FALSE(dr_versions_defines(&o.img->im, &o.d, "GLIBC_2.2.5", ElfHash("GLIBC_2.2.5")));
}

struct Need {
  std::string file, name;
  uint32_t hash;
  bool weak;
  bool operator==(const Need &o) const {
    return std::tie(file, name, hash, weak) == std::tie(o.file, o.name, o.hash, o.weak);
  }
};
std::ostream &operator<<(std::ostream &os, const Need &n) {
  return os << n.file << ":" << n.name << ":" << n.hash << (n.weak ? " weak" : "");
}

struct Collect {
  std::vector<Need> got;
  size_t fail_at = SIZE_MAX;
};

const char *CollectNeed(void *arg, const char *file, const char *name, uint32_t hash, bool weak) {
  Collect *c = static_cast<Collect *>(arg);
  c->got.push_back({file, name, hash, weak});
  return c->got.size() == c->fail_at ? "version `X' not found" : nullptr;
}

TEST(Versions, EachNeed) {
  Obj o = Parse(Foo().Build());
  Collect c;
  ASSERT_EQ(dr_versions_each_need(&o.img->im, &o.d, CollectNeed, &c), nullptr);
  std::vector<Need> want = {{"libbar.so.1", "BAR_1", ElfHash("BAR_1"), false},
                            {"libbar.so.1", "BAR_2", ElfHash("BAR_2"), true},
                            {"libc.so.6", "GLIBC_2.2.5", ElfHash("GLIBC_2.2.5"), false}};
  EXPECT_EQ(c.got, want);
  // The first message stops the walk and is returned.
  Collect d;
  d.fail_at = 2;
  EXPECT_STREQ(dr_versions_each_need(&o.img->im, &o.d, CollectNeed, &d), "version `X' not found");
  EXPECT_EQ(d.got.size(), 2u);
  // No requirements: no calls.
  Builder b;
  b.Verdef(1, VER_FLG_BASE, {"libx.so"});
  Obj p = Parse(b.Build());
  Collect e;
  EXPECT_EQ(dr_versions_each_need(&p.img->im, &p.d, CollectNeed, &e), nullptr);
  EXPECT_TRUE(e.got.empty());
}

TEST(Versions, Defines) {
  Obj o = Parse(Foo().Build());
  struct dr_image *im = &o.img->im;
  EXPECT_TRUE(dr_versions_defines(im, &o.d, "FOO_1", ElfHash("FOO_1")));
  EXPECT_TRUE(dr_versions_defines(im, &o.d, "FOO_2", ElfHash("FOO_2")));
  EXPECT_TRUE(dr_versions_defines(im, &o.d, "FOO_PRIVATE", ElfHash("FOO_PRIVATE")));
  // glibc's match_symbol compares every definition, the base one included.
  EXPECT_TRUE(dr_versions_defines(im, &o.d, "libfoo.so.1", ElfHash("libfoo.so.1")));
  // Both the hash and the name must match.
  EXPECT_FALSE(dr_versions_defines(im, &o.d, "FOO_1", ElfHash("FOO_1") + 1));
  EXPECT_FALSE(dr_versions_defines(im, &o.d, "FOO_X", ElfHash("FOO_1")));
  // A parent named in a second Verdaux is not a definition by itself... but FOO_1 is one anyway.
  EXPECT_FALSE(dr_versions_defines(im, &o.d, "FOO_3", ElfHash("FOO_3")));
  // Requirements are not definitions.
  EXPECT_FALSE(dr_versions_defines(im, &o.d, "BAR_1", ElfHash("BAR_1")));
  EXPECT_FALSE(dr_versions_defines(im, &o.d, "", 0));
}

// The question lookup_in (interp/glibc/libc.c) asks before any table is built.
TEST(Versions, VerdefIndexIs) {
  Obj o = Parse(Foo().Build());
  struct dr_image *im = &o.img->im;
  EXPECT_TRUE(dr_verdef_index_is(im, &o.d, 2, "FOO_1", ElfHash("FOO_1")));
  EXPECT_TRUE(dr_verdef_index_is(im, &o.d, 3, "FOO_2", ElfHash("FOO_2")));
  EXPECT_TRUE(dr_verdef_index_is(im, &o.d, 4, "FOO_PRIVATE", ElfHash("FOO_PRIVATE")));
  EXPECT_FALSE(dr_verdef_index_is(im, &o.d, 2, "FOO_PRIVATE", ElfHash("FOO_PRIVATE")));  // another index
  EXPECT_FALSE(dr_verdef_index_is(im, &o.d, 3, "FOO_1", ElfHash("FOO_1")));  // FOO_2's parent, not it
  EXPECT_FALSE(dr_verdef_index_is(im, &o.d, 2, "FOO_1", ElfHash("FOO_1") + 1));
  EXPECT_FALSE(dr_verdef_index_is(im, &o.d, 1, "libfoo.so.1", ElfHash("libfoo.so.1")));  // the base
  EXPECT_FALSE(dr_verdef_index_is(im, &o.d, 5, "BAR_1", ElfHash("BAR_1")));  // a requirement
  EXPECT_FALSE(dr_verdef_index_is(im, &o.d, 0, "", 0));
}

// ---- malformed chains ------------------------------------------------------------

// Applies BREAK to the first Verdef / Verneed / Vernaux of Foo() and expects every
// walk to fail.
template <class Break>
void ExpectBroken(Break brk, const char *want_err, bool defs) {
  Obj o = Parse(Foo().Build());
  brk(*o.img);
  struct dr_image *im = &o.img->im;
  EXPECT_EQ(dr_versions_count(im, &o.d), -1);
  std::vector<struct dr_version> v(8);
  EXPECT_STREQ(dr_versions_fill(im, &o.d, v.data(), v.size()), want_err);
  std::vector<struct dr_verdef> t(8);
  size_t ndefs = 0;
  EXPECT_EQ(dr_versions_tables(im, &o.d, v.data(), v.size(), t.data(), t.size(), &ndefs), -1);
  if (defs) {
    EXPECT_FALSE(dr_versions_defines(im, &o.d, "FOO_1", ElfHash("FOO_1")));
    EXPECT_FALSE(dr_verdef_index_is(im, &o.d, 2, "FOO_1", ElfHash("FOO_1")));
  } else {
    Collect c;
    EXPECT_STREQ(dr_versions_each_need(im, &o.d, CollectNeed, &c), want_err);
  }
}

Elf64_Verdef *Verdef(Image &img, int k) {
  uint64_t v = img.Addr(".gnu.version_d");
  for (; k > 0; k--) v += img.At<Elf64_Verdef>(v)->vd_next;
  return img.At<Elf64_Verdef>(v);
}
Elf64_Verneed *Verneed(Image &img, int k) {
  uint64_t v = img.Addr(".gnu.version_r");
  for (; k > 0; k--) v += img.At<Elf64_Verneed>(v)->vn_next;
  return img.At<Elf64_Verneed>(v);
}
Elf64_Vernaux *Vernaux(Image &img, int k) {
  Elf64_Verneed *n = Verneed(img, k);
  return reinterpret_cast<Elf64_Vernaux *>(reinterpret_cast<uint8_t *>(n) + n->vn_aux);
}

const char *kDef = "invalid version definition";
const char *kNeed = "invalid version requirement";

TEST(Versions, BadVerdefs) {
  ExpectBroken([](Image &i) { Verdef(i, 0)->vd_version = 2; }, kDef, true);
  ExpectBroken([](Image &i) { Verdef(i, 2)->vd_version = 0; }, kDef, true);
  ExpectBroken([](Image &i) { Verdef(i, 1)->vd_aux = 0x100000; }, kDef, true);   // out of the image
  ExpectBroken([](Image &i) { Verdef(i, 1)->vd_aux = 0xfffffff0u; }, kDef, true);
  ExpectBroken([](Image &i) { Verdef(i, 1)->vd_aux = 2; }, kDef, true);          // misaligned
  ExpectBroken([](Image &i) { Verdef(i, 0)->vd_next = 0x100000; }, kDef, true);
  ExpectBroken([](Image &i) { Verdef(i, 0)->vd_next = 0xffffffffu; }, kDef, true);
  ExpectBroken([](Image &i) { Verdef(i, 0)->vd_next = 6; }, kDef, true);
  // The last one's vd_next must be 0, or the walk goes on into whatever follows.
  ExpectBroken([](Image &i) { Verdef(i, 3)->vd_next = 28; }, kDef, true);
  ExpectBroken(
      [](Image &i) {
        Elf64_Verdef *d = Verdef(i, 2);
        reinterpret_cast<Elf64_Verdaux *>(reinterpret_cast<uint8_t *>(d) + d->vd_aux)->vda_name =
            (uint32_t)i.Size(".dynstr");
      },
      kDef, true);
}

TEST(Versions, BadVerneeds) {
  ExpectBroken([](Image &i) { Verneed(i, 0)->vn_version = 2; }, kNeed, false);
  ExpectBroken([](Image &i) { Verneed(i, 1)->vn_version = 0; }, kNeed, false);
  ExpectBroken([](Image &i) { Verneed(i, 0)->vn_file = (uint32_t)i.Size(".dynstr"); }, kNeed, false);
  ExpectBroken([](Image &i) { Verneed(i, 1)->vn_aux = 0x100000; }, kNeed, false);
  ExpectBroken([](Image &i) { Verneed(i, 1)->vn_aux = 1; }, kNeed, false);
  ExpectBroken([](Image &i) { Verneed(i, 0)->vn_next = 0x7fffffff; }, kNeed, false);
  ExpectBroken([](Image &i) { Verneed(i, 0)->vn_next = 2; }, kNeed, false);
  ExpectBroken([](Image &i) { Vernaux(i, 0)->vna_next = 0x100000; }, kNeed, false);
  ExpectBroken([](Image &i) { Vernaux(i, 0)->vna_next = 3; }, kNeed, false);
  ExpectBroken([](Image &i) { Vernaux(i, 1)->vna_name = 0xffffffffu; }, kNeed, false);
  // The last Verneed's vn_next walks off the end of the image.
  ExpectBroken([](Image &i) { Verneed(i, 1)->vn_next = 32; }, kNeed, false);
}

// Chains of valid entries written into a large read-only area: a walk visits at
// most 65536 entries of one chain, so even a chain that never ends (which
// unsigned 32-bit vd_next/vna_next cannot make loop back) stops with an error.
const uint32_t kMax = 65536;

class LongChains : public ::testing::Test {
 protected:
  std::unique_ptr<Image> Build(bool verdef, uint32_t n) {
    Builder b;
    b.text_size = (uint64_t)(n + 1) * 36 + 64;
    b.rw_offset = eb::AlignUp(b.text_size + 0x1000, 0x1000);
    b.Str("V");
    b.Str("libv.so");
    uint64_t at = b.text();
    auto img = b.Build([&](std::vector<Elf64_Dyn> &dyn, const Image &) {
      SetDyn(dyn, verdef ? DT_VERDEF : DT_VERNEED, at);
    });
    uint32_t v = img->str.at("V"), file = img->str.at("libv.so");
    if (verdef) {
      for (uint32_t k = 0; k < n; k++) {
        Elf64_Verdef d{};
        d.vd_version = 1;
        d.vd_ndx = (uint16_t)(2 + k % 100);
        d.vd_cnt = 1;
        d.vd_hash = ElfHash("V");
        d.vd_aux = sizeof d;
        d.vd_next = k + 1 < n ? sizeof d + sizeof(Elf64_Verdaux) : 0;
        Elf64_Verdaux a{};
        a.vda_name = v;
        std::memcpy(img->At<uint8_t>(at), &d, sizeof d);
        std::memcpy(img->At<uint8_t>(at + sizeof d), &a, sizeof a);
        at += sizeof d + sizeof a;
      }
    } else {  // one Verneed whose Vernaux chain is N long
      Elf64_Verneed vn{};
      vn.vn_version = 1;
      vn.vn_cnt = (uint16_t)n;
      vn.vn_file = file;
      vn.vn_aux = sizeof vn;
      std::memcpy(img->At<uint8_t>(at), &vn, sizeof vn);
      at += sizeof vn;
      for (uint32_t k = 0; k < n; k++) {
        Elf64_Vernaux a{};
        a.vna_hash = ElfHash("V");
        a.vna_other = (uint16_t)(2 + k % 100);
        a.vna_name = v;
        a.vna_next = k + 1 < n ? sizeof a : 0;
        std::memcpy(img->At<uint8_t>(at), &a, sizeof a);
        at += sizeof a;
      }
    }
    return img;
  }
};

TEST_F(LongChains, VerdefChainIsCapped) {
  for (uint32_t n : {kMax, kMax + 1}) {
    Obj o = Parse(Build(true, n));
    long count = dr_versions_count(&o.img->im, &o.d);
    if (n <= kMax) {
      EXPECT_EQ(count, 102) << n;
      EXPECT_TRUE(dr_versions_defines(&o.img->im, &o.d, "V", ElfHash("V")));
    } else {
      EXPECT_EQ(count, -1) << n;
      EXPECT_FALSE(dr_versions_defines(&o.img->im, &o.d, "V", ElfHash("V")));
    }
  }
}

TEST_F(LongChains, VernauxChainIsCapped) {
  for (uint32_t n : {kMax, kMax + 1}) {
    Obj o = Parse(Build(false, n));
    Collect c;
    const char *err = dr_versions_each_need(&o.img->im, &o.d, CollectNeed, &c);
    if (n <= kMax) {
      EXPECT_EQ(err, nullptr);
      EXPECT_EQ(c.got.size(), n);
      EXPECT_EQ(dr_versions_count(&o.img->im, &o.d), 102);
    } else {
      // Not silently cut short: the requirements past the cap would go unchecked.
      EXPECT_STREQ(err, kNeed);
      EXPECT_EQ(dr_versions_count(&o.img->im, &o.d), -1);
    }
  }
}

// ---- the system's libraries ----------------------------------------------------------

// An independent walk of .gnu.version_d / .gnu.version_r from the file bytes.
struct FileVersions {
  std::map<uint16_t, std::pair<std::string, uint32_t>> defs;  // non-base, by index
  std::string base;
  std::vector<std::tuple<std::string, std::string, uint32_t, uint16_t, uint16_t>> needs;  // file, name, hash, other, flags
};

FileVersions ReadVersions(const eb::RealLib &lib) {
  FileVersions fv;
  const Elf64_Shdr *vd = lib.SectionOfType(SHT_GNU_verdef);
  const Elf64_Shdr *vn = lib.SectionOfType(SHT_GNU_verneed);
  const char *str = lib.FileAt<char>(lib.shdrs()[vd->sh_link].sh_offset);
  uint64_t off = vd->sh_offset;
  for (uint32_t k = 0; k < vd->sh_info; k++) {
    const Elf64_Verdef *d = lib.FileAt<Elf64_Verdef>(off);
    const Elf64_Verdaux *a = lib.FileAt<Elf64_Verdaux>(off + d->vd_aux);
    if (d->vd_flags & VER_FLG_BASE) fv.base = str + a->vda_name;
    else fv.defs[d->vd_ndx & 0x7fff] = {str + a->vda_name, d->vd_hash};
    off += d->vd_next;
  }
  off = vn->sh_offset;
  for (uint32_t k = 0; k < vn->sh_info; k++) {
    const Elf64_Verneed *n = lib.FileAt<Elf64_Verneed>(off);
    uint64_t a = off + n->vn_aux;
    for (uint32_t j = 0; j < n->vn_cnt; j++) {
      const Elf64_Vernaux *x = lib.FileAt<Elf64_Vernaux>(a);
      fv.needs.emplace_back(str + n->vn_file, str + x->vna_name, x->vna_hash, x->vna_other, x->vna_flags);
      a += x->vna_next;
    }
    off += n->vn_next;
  }
  return fv;
}

// dr_versions_tables gives, in one walk, what dr_versions_count, dr_versions_fill and
// dr_versions_defines give; with too little room it writes only what fits and still
// reports the sizes needed.
static void ExpectTablesAgree(struct dr_image *im, const struct dr_dynamic *d) {
  long n = dr_versions_count(im, d);
  ASSERT_GE(n, 0);
  std::vector<struct dr_version> want(n ? n : 1);
  ASSERT_EQ(dr_versions_fill(im, d, want.data(), n), nullptr);
  for (size_t cap : {size_t(0), size_t(2), size_t(n), size_t(n) + 3}) {
    SCOPED_TRACE(cap);
    std::vector<struct dr_version> got(cap + 1, {"garbage", 1, true, "garbage"});
    std::vector<struct dr_verdef> defs(cap + 1, {"garbage", 1});
    size_t ndefs = 99;
    ASSERT_EQ(dr_versions_tables(im, d, got.data(), cap, defs.data(), cap, &ndefs), n);
    for (size_t i = 0; i < std::min(cap, size_t(n)); i++) {
      EXPECT_EQ(got[i].name, want[i].name) << i;
      EXPECT_EQ(got[i].hash, want[i].hash) << i;
      EXPECT_EQ(got[i].hidden, want[i].hidden) << i;
      EXPECT_EQ(got[i].filename, want[i].filename) << i;
    }
    EXPECT_STREQ(got[std::min(cap, size_t(n))].name, "garbage");  // nothing past the room
    EXPECT_STREQ(defs[std::min(cap, ndefs)].name, "garbage");
    EXPECT_EQ(ndefs == 0, d->verdef == nullptr);
    for (size_t i = 0; i < std::min(cap, ndefs); i++) {
      EXPECT_TRUE(dr_versions_defines(im, d, defs[i].name, defs[i].hash)) << defs[i].name;
      EXPECT_TRUE(dr_verdefs_have(defs.data(), std::min(cap, ndefs), defs[i].name, defs[i].hash));
    }
  }
}

TEST(Versions, RealLibraries) {
  for (const char *path : {"/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6",
                           "/lib/x86_64-linux-gnu/libstdc++.so.6"}) {
    SCOPED_TRACE(path);
    eb::RealLib lib;
    if (!lib.Load(path)) {
      ADD_FAILURE() << "cannot read " << path;
      continue;
    }
    struct dr_dynamic d;
    ASSERT_EQ(lib.Parse(&d), nullptr);
    ExpectTablesAgree(&lib.im, &d);
    FileVersions fv = ReadVersions(lib);
    ASSERT_FALSE(fv.defs.empty());
    ASSERT_FALSE(fv.needs.empty());
    long max = fv.defs.rbegin()->first;
    for (auto &n : fv.needs) max = std::max<long>(max, std::get<3>(n) & 0x7fff);
    long count = dr_versions_count(&lib.im, &d);
    ASSERT_EQ(count, max + 1);
    std::vector<struct dr_version> v(count);
    ASSERT_EQ(dr_versions_fill(&lib.im, &d, v.data(), v.size()), nullptr);
    size_t named = 0;
    for (auto &e : v) named += e.name != nullptr;
    EXPECT_EQ(named, fv.defs.size() + fv.needs.size());
    for (auto &kv : fv.defs) {
      ASSERT_NE(v[kv.first].name, nullptr) << kv.first;
      EXPECT_EQ(v[kv.first].name, kv.second.first);
      EXPECT_EQ(v[kv.first].hash, kv.second.second);
      EXPECT_EQ(v[kv.first].hash, ElfHash(kv.second.first));
      EXPECT_EQ(v[kv.first].filename, nullptr);
      EXPECT_FALSE(v[kv.first].hidden);
      EXPECT_TRUE(dr_versions_defines(&lib.im, &d, kv.second.first.c_str(), kv.second.second));
      EXPECT_TRUE(dr_verdef_index_is(&lib.im, &d, kv.first, kv.second.first.c_str(), kv.second.second));
      EXPECT_FALSE(dr_verdef_index_is(&lib.im, &d, kv.first + 1, kv.second.first.c_str(), kv.second.second));
    }
    EXPECT_TRUE(dr_versions_defines(&lib.im, &d, fv.base.c_str(), ElfHash(fv.base)));
    Collect c;
    ASSERT_EQ(dr_versions_each_need(&lib.im, &d, CollectNeed, &c), nullptr);
    ASSERT_EQ(c.got.size(), fv.needs.size());
    for (size_t k = 0; k < fv.needs.size(); k++) {
      const auto &n = fv.needs[k];
      uint16_t ndx = std::get<3>(n) & 0x7fff;
      EXPECT_EQ(c.got[k], (Need{std::get<0>(n), std::get<1>(n), std::get<2>(n),
                               (std::get<4>(n) & VER_FLG_WEAK) != 0}));
      EXPECT_EQ(v[ndx].name, std::get<1>(n));
      EXPECT_EQ(v[ndx].filename, std::get<0>(n));
      EXPECT_EQ(v[ndx].hidden, (std::get<3>(n) & 0x8000) != 0);
    }
  }
}

TEST(Versions, TablesInOneWalk) {
  Obj o = Parse(Foo().Build());
  ExpectTablesAgree(&o.img->im, &o.d);
  size_t ndefs = 0;
  std::vector<struct dr_version> v(8);
  std::vector<struct dr_verdef> defs(8);
  ASSERT_EQ(dr_versions_tables(&o.img->im, &o.d, v.data(), 8, defs.data(), 8, &ndefs), 8);
  EXPECT_EQ(ndefs, 4u);  // base included
  EXPECT_STREQ(defs[0].name, "libfoo.so.1");
  EXPECT_STREQ(defs[3].name, "FOO_PRIVATE");
}

TEST(Versions, RealLibcDefinesWhatProgramsNeed) {
  eb::RealLib lib;
  if (!lib.Load("/lib/x86_64-linux-gnu/libc.so.6")) GTEST_SKIP();
  struct dr_dynamic d;
  ASSERT_EQ(lib.Parse(&d), nullptr);
  for (const char *v : {"GLIBC_2.2.5", "GLIBC_2.3", "GLIBC_2.14", "GLIBC_2.34", "GLIBC_2.36", "GLIBC_PRIVATE"})
    EXPECT_TRUE(dr_versions_defines(&lib.im, &d, v, ElfHash(v))) << v;
  for (const char *v : {"GLIBC_2.37", "GLIBC_2.0", "GLIBCXX_3.4", "glibc_2.2.5"})
    EXPECT_FALSE(dr_versions_defines(&lib.im, &d, v, ElfHash(v))) << v;
}

}  // namespace
