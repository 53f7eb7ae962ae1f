// Tests of core/dynamic.c (and the address checks of core/image.c it rests on):
// objects laid out by elf_builder.h, valid and broken one table at a time, and
// the system's own libraries, whose section headers say what the dynamic
// section should yield.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/tests/real_elf.h"

extern "C" {
#include "core/dynamic.h"
#include "core/image.h"
}

namespace {

using eb::Builder;
using eb::Dyn;
using eb::DropDyn;
using eb::FindDyn;
using eb::Image;
using eb::SetDyn;
using eb::Sym;

std::string Parse(Image &img, struct dr_dynamic *d) {
  const char *err = img.Parse(d);
  return err ? err : "";
}

std::string Parse(Image &img) {
  struct dr_dynamic d;
  return Parse(img, &d);
}

// A small library: three functions, an object, an undefined reference.
Builder Small() {
  Builder b;
  b.Add(Sym("foo", 0x100).Size(8));
  b.Add(Sym("bar", 0x110).Size(8));
  b.Add(Sym("baz", 0x120).Size(8));
  b.Add(Sym("data_obj", 0x200).Type(STT_OBJECT).Size(16));
  b.Add(Sym("puts").Undef());
  return b;
}

// ---- core/image.c ----------------------------------------------------------

TEST(Image, PtrWithinOneSegment) {
  auto img = Small().Build();
  struct dr_image *im = &img->im;
  EXPECT_EQ(dr_image_ptr(im, img->text, 1, false), img->mem.data() + (img->text - img->lo));
  EXPECT_EQ((uint64_t)(uintptr_t)dr_image_ptr(im, img->lo, img->ro_end - img->lo, false),
            img->Runtime(img->lo));
  EXPECT_NE(dr_image_ptr(im, img->ro_end - 8, 8, false), nullptr);
  EXPECT_EQ(dr_image_ptr(im, img->ro_end - 8, 9, false), nullptr);    // into the gap
  EXPECT_EQ(dr_image_ptr(im, img->ro_end, 1, false), nullptr);        // the gap
  EXPECT_EQ(dr_image_ptr(im, img->rw_start - 4, 8, false), nullptr);  // straddles
  EXPECT_EQ(dr_image_ptr(im, img->lo - 1, 1, false), nullptr);
  EXPECT_EQ(dr_image_ptr(im, img->lo - 1, 2, false), nullptr);
  EXPECT_NE(dr_image_ptr(im, img->hi - 1, 1, false), nullptr);
  EXPECT_EQ(dr_image_ptr(im, img->hi, 1, false), nullptr);
  EXPECT_EQ(dr_image_ptr(im, img->hi - 1, 2, false), nullptr);
  // A segment spanning both would need one range across the gap.
  EXPECT_EQ(dr_image_ptr(im, img->lo, img->hi - img->lo, false), nullptr);
  // Wrap-around.
  EXPECT_EQ(dr_image_ptr(im, UINT64_MAX, 2, false), nullptr);
  EXPECT_EQ(dr_image_ptr(im, img->text, UINT64_MAX, false), nullptr);
  EXPECT_EQ(dr_image_ptr(im, img->text, UINT64_MAX - img->text + 2, false), nullptr);
}

TEST(Image, WritesOnlyToWritableSegmentsUnlessTextrel) {
  auto img = Small().Build();
  struct dr_image *im = &img->im;
  EXPECT_EQ(dr_image_ptr(im, img->text, 8, true), nullptr);
  EXPECT_NE(dr_image_ptr(im, img->text, 8, false), nullptr);
  EXPECT_NE(dr_image_ptr(im, img->data, 8, true), nullptr);
  im->textrel = true;
  EXPECT_NE(dr_image_ptr(im, img->text, 8, true), nullptr);
  EXPECT_EQ(dr_image_ptr(im, img->ro_end, 8, true), nullptr);  // still not the gap
}

TEST(Image, TheHintDoesNotChangeAnswers) {
  auto img = Small().Build();
  struct dr_image *im = &img->im;
  ASSERT_NE(dr_image_ptr(im, img->text, 8, false), nullptr);  // hint: the text segment
  EXPECT_EQ(im->hint, &img->phdr[0]);
  EXPECT_EQ(dr_image_ptr(im, img->text, 8, true), nullptr);  // hinted, but read-only
  EXPECT_NE(dr_image_ptr(im, img->data, 8, true), nullptr);
  EXPECT_EQ(im->hint, &img->phdr[1]);
  EXPECT_NE(dr_image_ptr(im, img->text, 8, false), nullptr);  // hinted elsewhere
  EXPECT_EQ(dr_image_ptr(im, img->data + img->data_size, 0x10000, true), nullptr);
}

TEST(Image, ContainsAndAvail) {
  auto img = Small().Build();
  struct dr_image *im = &img->im;
  EXPECT_TRUE(dr_image_contains(im, img->Runtime(img->text), 8));
  EXPECT_TRUE(dr_image_contains(im, img->Runtime(img->data), img->hi - img->data));
  EXPECT_FALSE(dr_image_contains(im, img->Runtime(img->data), img->hi - img->data + 1));
  EXPECT_FALSE(dr_image_contains(im, img->Runtime(img->ro_end), 1));
  EXPECT_FALSE(dr_image_contains(im, img->Runtime(img->lo) - 1, 1));
  EXPECT_FALSE(dr_image_contains(im, 0, 8));
  EXPECT_EQ(dr_image_avail(im, img->lo), img->ro_end - img->lo);
  EXPECT_EQ(dr_image_avail(im, img->text), img->ro_end - img->text);
  EXPECT_EQ(dr_image_avail(im, img->ro_end - 1), 1u);
  EXPECT_EQ(dr_image_avail(im, img->ro_end), 0u);
  EXPECT_EQ(dr_image_avail(im, img->data), img->hi - img->data);
  EXPECT_EQ(dr_image_avail(im, img->hi), 0u);
  EXPECT_EQ(dr_image_avail(im, 0), 0u);
}

// ---- a valid object, every field -------------------------------------------

TEST(Dynamic, ParsesEveryTable) {
  Builder b = Small();
  b.sysv = true;
  b.Need("libm.so.6");
  b.Need("libc.so.6");
  uint32_t soname = b.Str("libsmall.so.1"), rpath = b.Str("/opt/a"), runpath = b.Str("$ORIGIN");
  b.Verdef(1, VER_FLG_BASE, {"libsmall.so.1"});
  b.Verdef(2, 0, {"SMALL_1"});
  b.Verneed("libc.so.6", {{"GLIBC_2.2.5", 3}});
  b.Rela(b.data() + 0x00, R_X86_64_RELATIVE, 0, 0x100);
  b.Rela(b.data() + 0x08, R_X86_64_GLOB_DAT, 5);
  b.Jmprel(b.data() + 0x10, R_X86_64_JUMP_SLOT, 5);
  b.relr = {b.data() + 0x18, 0x7};
  uint64_t init = b.data() + 0x40, fini = b.data() + 0x58, preinit = b.data() + 0x60;
  b.extra_dyn = {Dyn(DT_SONAME, soname),       Dyn(DT_RPATH, rpath),
                 Dyn(DT_RUNPATH, runpath),     Dyn(DT_INIT, 0x300),
                 Dyn(DT_FINI, 0x310),          Dyn(DT_INIT_ARRAY, init),
                 Dyn(DT_INIT_ARRAYSZ, 24),     Dyn(DT_FINI_ARRAY, fini),
                 Dyn(DT_FINI_ARRAYSZ, 8),      Dyn(DT_PREINIT_ARRAY, preinit),
                 Dyn(DT_PREINIT_ARRAYSZ, 16),  Dyn(DT_PLTGOT, b.data() + 0x80),
                 Dyn(DT_DEBUG, 0),             Dyn(DT_FLAGS, DF_BIND_NOW),
                 Dyn(DT_FLAGS_1, DF_1_NODELETE)};
  auto img = b.Build();
  struct dr_dynamic d;
  ASSERT_EQ(Parse(*img, &d), "");
  const size_t ndyn = img->dyn_size / 16 - 1;
  EXPECT_EQ(d.ndyn, ndyn);
  EXPECT_EQ((uint64_t)(uintptr_t)d.dyn, img->Runtime(img->dyn_vaddr));
  EXPECT_EQ((uint64_t)(uintptr_t)d.strtab, img->Runtime(img->Addr(".dynstr")));
  EXPECT_EQ(d.strsz, img->Size(".dynstr"));
  EXPECT_EQ((uint64_t)(uintptr_t)d.symtab, img->Runtime(img->Addr(".dynsym")));
  EXPECT_EQ(d.nsyms, 6u);
  EXPECT_EQ(d.nsymtab, 6u);
  EXPECT_EQ(d.nversym, 6u);
  EXPECT_EQ(d.gnu.nbuckets, 2u);
  EXPECT_EQ(d.gnu.symoffset, 2u);  // the null symbol and puts
  EXPECT_EQ(d.gnu.bloom_size, 1u);
  EXPECT_EQ(d.gnu.bloom_shift, 6u);
  EXPECT_EQ((uint64_t)(uintptr_t)d.gnu.bloom, img->Runtime(img->Addr(".gnu.hash") + 16));
  EXPECT_EQ(d.sysv.nbucket, 4u);
  EXPECT_EQ(d.sysv.nchain, 6u);
  EXPECT_EQ((uint64_t)(uintptr_t)d.versym, img->Runtime(img->Addr(".gnu.version")));
  EXPECT_EQ((uint64_t)(uintptr_t)d.verdef, img->Runtime(img->Addr(".gnu.version_d")));
  EXPECT_EQ(d.verdef_vaddr, img->Addr(".gnu.version_d"));
  EXPECT_EQ(d.verdefnum, 2u);
  EXPECT_EQ(d.verneed_vaddr, img->Addr(".gnu.version_r"));
  EXPECT_EQ(d.verneednum, 1u);
  EXPECT_EQ(d.nrela, 2u);
  EXPECT_EQ((uint64_t)(uintptr_t)d.rela, img->Runtime(img->Addr(".rela.dyn")));
  EXPECT_EQ(d.rela[1].r_offset, b.data() + 8);
  EXPECT_EQ(d.njmprel, 1u);
  EXPECT_EQ(d.jmprel[0].r_info, ELF64_R_INFO(img->Index(5), R_X86_64_JUMP_SLOT));
  EXPECT_EQ(d.nrelr, 2u);
  EXPECT_EQ(d.relr[1], 7u);
  EXPECT_EQ(d.pltgot, b.data() + 0x80);
  EXPECT_EQ(d.init, 0x300u);
  EXPECT_EQ(d.fini, 0x310u);
  EXPECT_EQ(d.ninit_array, 3u);
  EXPECT_EQ((uint64_t)(uintptr_t)d.init_array, img->Runtime(init));
  EXPECT_EQ(d.nfini_array, 1u);
  EXPECT_EQ((uint64_t)(uintptr_t)d.fini_array, img->Runtime(fini));
  EXPECT_EQ(d.npreinit_array, 2u);
  EXPECT_EQ((uint64_t)(uintptr_t)d.preinit_array, img->Runtime(preinit));
  EXPECT_EQ(d.soname, soname);
  EXPECT_STREQ(dr_dyn_str(&d, d.soname), "libsmall.so.1");
  EXPECT_STREQ(dr_dyn_str(&d, d.rpath), "/opt/a");
  EXPECT_STREQ(dr_dyn_str(&d, d.runpath), "$ORIGIN");
  EXPECT_EQ(d.flags, (uint64_t)DF_BIND_NOW);
  EXPECT_EQ(d.flags_1, (uint64_t)DF_1_NODELETE);
  EXPECT_TRUE(d.bind_now);
  EXPECT_FALSE(d.symbolic);
  EXPECT_FALSE(d.textrel);
  ASSERT_NE(d.debug_index, UINT64_MAX);
  EXPECT_EQ(d.dyn[d.debug_index].d_tag, DT_DEBUG);
}

TEST(Dynamic, AbsentTablesAreEmpty) {
  auto img = Small().Build();
  struct dr_dynamic d;
  ASSERT_EQ(Parse(*img, &d), "");
  EXPECT_EQ(d.sysv.nbucket, 0u);
  EXPECT_EQ(d.versym, nullptr);
  EXPECT_EQ(d.verdef, nullptr);
  EXPECT_EQ(d.verneed, nullptr);
  EXPECT_EQ(d.rela, nullptr);
  EXPECT_EQ(d.nrela, 0u);
  EXPECT_EQ(d.jmprel, nullptr);
  EXPECT_EQ(d.relr, nullptr);
  EXPECT_EQ(d.init_array, nullptr);
  EXPECT_EQ(d.ninit_array, 0u);
  EXPECT_EQ(d.pltgot, 0u);
  EXPECT_EQ(d.init, 0u);
  EXPECT_EQ(d.soname, UINT64_MAX);
  EXPECT_EQ(d.rpath, UINT64_MAX);
  EXPECT_EQ(d.runpath, UINT64_MAX);
  EXPECT_EQ(d.debug_index, UINT64_MAX);
  EXPECT_FALSE(d.bind_now);
}

TEST(Dynamic, FlagsFromTagsAndBits) {
  struct Case {
    std::vector<Elf64_Dyn> extra;
    bool symbolic, textrel, bind_now;
  } cases[] = {
      {{Dyn(DT_SYMBOLIC, 0)}, true, false, false},
      {{Dyn(DT_FLAGS, DF_SYMBOLIC)}, true, false, false},
      {{Dyn(DT_TEXTREL, 0)}, false, true, false},
      {{Dyn(DT_FLAGS, DF_TEXTREL)}, false, true, false},
      {{Dyn(DT_BIND_NOW, 0)}, false, false, true},
      {{Dyn(DT_FLAGS, DF_BIND_NOW)}, false, false, true},
      {{Dyn(DT_FLAGS_1, DF_1_NOW)}, false, false, true},
      {{Dyn(DT_FLAGS_1, DF_1_NODELETE | DF_1_NOOPEN)}, false, false, false},
      {{Dyn(DT_FLAGS, DF_ORIGIN | DF_STATIC_TLS)}, false, false, false},
      {{Dyn(DT_FLAGS, DF_SYMBOLIC | DF_TEXTREL | DF_BIND_NOW)}, true, true, true},
  };
  for (auto &c : cases) {
    Builder b = Small();
    b.extra_dyn = c.extra;
    auto img = b.Build();
    struct dr_dynamic d;
    ASSERT_EQ(Parse(*img, &d), "");
    EXPECT_EQ(d.symbolic, c.symbolic) << c.extra[0].d_tag;
    EXPECT_EQ(d.textrel, c.textrel) << c.extra[0].d_tag;
    EXPECT_EQ(d.bind_now, c.bind_now) << c.extra[0].d_tag;
  }
}

// ---- the dynamic section itself ----------------------------------------------

TEST(Dynamic, MissingDtNull) {
  Builder b = Small();
  b.dt_null = false;
  auto img = b.Build();
  EXPECT_EQ(Parse(*img), "dynamic section not terminated by DT_NULL");
}

TEST(Dynamic, EntriesAfterDtNullAreIgnored) {
  auto img = Small().Build([](std::vector<Elf64_Dyn> &dyn, const Image &) {
    dyn.insert(dyn.begin(), Dyn(DT_NULL, 0));
  });
  struct dr_dynamic d;
  EXPECT_EQ(Parse(*img, &d), "object has no dynamic string table");
}

TEST(Dynamic, SectionBounds) {
  auto img = Small().Build();
  struct dr_dynamic d;
  EXPECT_STREQ(dr_dynamic_parse(&img->im, img->dyn_vaddr, 8, &d), "invalid dynamic section");
  EXPECT_STREQ(dr_dynamic_parse(&img->im, img->dyn_vaddr, 0, &d), "invalid dynamic section");
  EXPECT_STREQ(dr_dynamic_parse(&img->im, img->dyn_vaddr, img->dyn_size + 16, &d),
               "invalid dynamic section");
  EXPECT_STREQ(dr_dynamic_parse(&img->im, img->ro_end, 64, &d), "invalid dynamic section");
  EXPECT_STREQ(dr_dynamic_parse(&img->im, img->dyn_vaddr + 4, img->dyn_size - 16, &d),
               "invalid dynamic section");
  // Cut before DT_NULL: not terminated.
  EXPECT_STREQ(dr_dynamic_parse(&img->im, img->dyn_vaddr, img->dyn_size - 16, &d),
               "dynamic section not terminated by DT_NULL");
}

TEST(Dynamic, SizeNotAMultipleOf16) {
  Builder b = Small();
  b.rw_tail = 32;
  auto img = b.Build();
  struct dr_dynamic d;
  // The incomplete last entry is left out; DT_NULL comes before it anyway.
  EXPECT_EQ(dr_dynamic_parse(&img->im, img->dyn_vaddr, img->dyn_size + 8, &d), nullptr);
  EXPECT_EQ(d.ndyn, img->dyn_size / 16 - 1);
  EXPECT_EQ(dr_dynamic_parse(&img->im, img->dyn_vaddr, img->dyn_size + 32, &d), nullptr);
  EXPECT_STREQ(dr_dynamic_parse(&img->im, img->dyn_vaddr, img->dyn_size + 48, &d),
               "invalid dynamic section");
  EXPECT_STREQ(dr_dynamic_parse(&img->im, img->dyn_vaddr, img->dyn_size - 8, &d),
               "dynamic section not terminated by DT_NULL");
}

// ---- the string table ----------------------------------------------------------

TEST(Dynamic, StringTable) {
  {
    auto img = Small().Build([](std::vector<Elf64_Dyn> &dyn, const Image &) { DropDyn(dyn, DT_STRTAB); });
    EXPECT_EQ(Parse(*img), "object has no dynamic string table");
  }
  {
    auto img = Small().Build([](std::vector<Elf64_Dyn> &dyn, const Image &) { DropDyn(dyn, DT_STRSZ); });
    EXPECT_EQ(Parse(*img), "object has no dynamic string table");
  }
  {
    auto img = Small().Build([](std::vector<Elf64_Dyn> &dyn, const Image &) { SetDyn(dyn, DT_STRSZ, 0); });
    EXPECT_EQ(Parse(*img), "object has no dynamic string table");
  }
  {  // runs past the segment
    auto img = Small().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_STRSZ, i.ro_end - i.Addr(".dynstr") + 1);
    });
    EXPECT_EQ(Parse(*img), "invalid DT_STRTAB");
  }
  {  // in the gap
    auto img = Small().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_STRTAB, i.ro_end + 0x10);
    });
    EXPECT_EQ(Parse(*img), "invalid DT_STRTAB");
  }
  {  // last byte not NUL
    auto img = Small().Build();
    *img->At<char>(img->Addr(".dynstr") + img->Size(".dynstr") - 1) = 'x';
    EXPECT_EQ(Parse(*img), "DT_STRTAB not NUL-terminated");
  }
  {  // shortened so that the last string is cut
    auto img = Small().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_STRSZ, i.Size(".dynstr") - 1);
    });
    EXPECT_EQ(Parse(*img), "DT_STRTAB not NUL-terminated");
  }
  {  // up to the very end of the segment is fine
    auto img = Small().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_STRSZ, i.ro_end - i.Addr(".dynstr"));
    });
    *img->At<char>(img->ro_end - 1) = 0;
    EXPECT_EQ(Parse(*img), "");
  }
}

TEST(Dynamic, DynStrBounds) {
  auto img = Small().Build();
  struct dr_dynamic d;
  ASSERT_EQ(Parse(*img, &d), "");
  EXPECT_STREQ(dr_dyn_str(&d, 0), "");
  EXPECT_STREQ(dr_dyn_str(&d, img->str.at("bar")), "bar");
  EXPECT_STREQ(dr_dyn_str(&d, img->str.at("bar") + 1), "ar");
  EXPECT_STREQ(dr_dyn_str(&d, d.strsz - 1), "");
  EXPECT_EQ(dr_dyn_str(&d, d.strsz), nullptr);
  EXPECT_EQ(dr_dyn_str(&d, UINT64_MAX), nullptr);
}

TEST(Dynamic, NamesOutsideTheStringTable) {
  for (int tag : {DT_SONAME, DT_RPATH, DT_RUNPATH}) {
    auto img = Small().Build([tag](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, tag, i.Size(".dynstr"));
    });
    EXPECT_EQ(Parse(*img), "invalid string offset in dynamic section") << tag;
  }
}

TEST(Dynamic, NeededIteration) {
  Builder b = Small();
  b.Need("libm.so.6");
  b.Need("libc.so.6");
  auto img = b.Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
    // A third DT_NEEDED past the string table, then a fourth good one.
    SetDyn(dyn, DT_DEBUG, 0);
    dyn.insert(dyn.begin() + 2, Dyn(DT_NEEDED, i.Size(".dynstr") + 100));
    dyn.insert(dyn.begin() + 3, Dyn(DT_NEEDED, i.str.at("bar")));
  });
  struct dr_dynamic d;
  ASSERT_EQ(Parse(*img, &d), "");
  size_t i = 0;
  bool bad = false;
  std::vector<std::string> names;
  std::vector<bool> bads;
  for (const char *n; (n = dr_dyn_next_needed(&d, &i, &bad));) {
    names.push_back(n);
    bads.push_back(bad);
    bad = false;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"libm.so.6", "libc.so.6", "", "bar"}));
  EXPECT_EQ(bads, (std::vector<bool>{false, false, true, false}));
  EXPECT_EQ(i, d.ndyn);
  EXPECT_EQ(dr_dyn_next_needed(&d, &i, &bad), nullptr);  // stays at the end
  EXPECT_FALSE(bad);
}

TEST(Dynamic, NoNeeded) {
  auto img = Small().Build();
  struct dr_dynamic d;
  ASSERT_EQ(Parse(*img, &d), "");
  size_t i = 0;
  bool bad = false;
  EXPECT_EQ(dr_dyn_next_needed(&d, &i, &bad), nullptr);
  EXPECT_FALSE(bad);
}

// ---- the symbol table and hash tables ------------------------------------------

TEST(Dynamic, SymbolTable) {
  {
    auto img = Small().Build([](std::vector<Elf64_Dyn> &dyn, const Image &) { SetDyn(dyn, DT_SYMENT, 16); });
    EXPECT_EQ(Parse(*img), "invalid DT_SYMENT");
  }
  {
    auto img = Small().Build([](std::vector<Elf64_Dyn> &dyn, const Image &) { DropDyn(dyn, DT_SYMTAB); });
    EXPECT_EQ(Parse(*img), "object has hash tables but no DT_SYMTAB");
  }
  {  // in the gap
    auto img = Small().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_SYMTAB, i.ro_end + 8);
    });
    EXPECT_EQ(Parse(*img), "invalid DT_SYMTAB");
  }
  {  // so close to the end that the hashed symbols do not fit
    auto img = Small().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_SYMTAB, (i.ro_end - 5 * 24) & ~7ull);
    });
    EXPECT_EQ(Parse(*img), "invalid DT_SYMTAB");
  }
  {  // misaligned
    auto img = Small().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_SYMTAB, i.Addr(".dynsym") + 4);
    });
    EXPECT_EQ(Parse(*img), "invalid DT_SYMTAB");
  }
  {  // no DT_SYMENT is fine
    auto img = Small().Build([](std::vector<Elf64_Dyn> &dyn, const Image &) { DropDyn(dyn, DT_SYMENT); });
    EXPECT_EQ(Parse(*img), "");
  }
  {  // no hash table: no symbols to look up, the table still bounded by DT_STRTAB
    Builder b = Small();
    b.gnu = false;
    auto img = b.Build();
    struct dr_dynamic d;
    ASSERT_EQ(Parse(*img, &d), "");
    EXPECT_EQ(d.nsyms, 0u);
    EXPECT_EQ(d.nsymtab, 6u);
  }
}

TEST(Dynamic, GnuHashDerivesTheSymbolCount) {
  for (uint32_t nbuckets : {1u, 2u, 3u, 7u, 64u}) {
    Builder b = Small();
    b.gnu_nbuckets = nbuckets;
    b.bloom_words = 4;
    auto img = b.Build();
    struct dr_dynamic d;
    ASSERT_EQ(Parse(*img, &d), "") << nbuckets;
    EXPECT_EQ(d.nsyms, img->nsyms) << nbuckets;
    EXPECT_EQ(d.gnu.nbuckets, nbuckets);
    EXPECT_EQ(d.gnu.symoffset, 2u);
    EXPECT_EQ(d.gnu.bloom_size, 4u);
    EXPECT_EQ((uint64_t)(uintptr_t)d.gnu.buckets, img->Runtime(img->Addr(".gnu.hash") + 16 + 32));
    EXPECT_EQ((uint64_t)(uintptr_t)d.gnu.chains,
              img->Runtime(img->Addr(".gnu.hash") + 16 + 32 + 4 * nbuckets));
  }
}

TEST(Dynamic, GnuHashWithNothingHashed) {
  Builder b;
  b.Add(Sym("a").Undef());
  b.Add(Sym("b").Undef());
  auto img = b.Build();
  struct dr_dynamic d;
  ASSERT_EQ(Parse(*img, &d), "");
  EXPECT_EQ(d.gnu.symoffset, 3u);
  EXPECT_EQ(d.nsyms, 3u);
  EXPECT_EQ(d.gnu.chains, nullptr);
}

// Rewrites one 32-bit word of the GNU hash header (0 nbuckets, 1 symoffset, 2 bloom size, 3 shift).
void SetGnuWord(Image &img, int k, uint32_t v) { *img.At<uint32_t>(img.Addr(".gnu.hash") + 4 * k) = v; }

TEST(Dynamic, GnuHashHeader) {
  for (uint32_t bloom : {0u, 3u, 5u, 6u, 0x80000001u}) {
    auto img = Small().Build();
    SetGnuWord(*img, 2, bloom);
    EXPECT_EQ(Parse(*img), "invalid DT_GNU_HASH") << "bloom size " << bloom;
  }
  {
    auto img = Small().Build();
    SetGnuWord(*img, 2, 2);  // a power of two, the table shifts: buckets now read as bloom
    struct dr_dynamic d;
    EXPECT_NE(Parse(*img, &d), "") ;  // bucket 0 is now garbage below symoffset or past the end
  }
  {
    auto img = Small().Build();
    SetGnuWord(*img, 0, 0);
    EXPECT_EQ(Parse(*img), "invalid DT_GNU_HASH");
  }
  for (uint32_t shift : {32u, 63u, 64u, 0xffffffffu}) {  // it shifts a 32-bit hash
    auto img = Small().Build();
    SetGnuWord(*img, 3, shift);
    EXPECT_EQ(Parse(*img), "invalid DT_GNU_HASH") << shift;
  }
  for (uint32_t shift : {0u, 5u, 26u, 31u}) {
    auto img = Small().Build();
    SetGnuWord(*img, 3, shift);
    EXPECT_EQ(Parse(*img), "") << shift;
  }
  {  // more buckets than the segment holds
    auto img = Small().Build();
    SetGnuWord(*img, 0, 0x40000000);
    EXPECT_EQ(Parse(*img), "invalid DT_GNU_HASH");
  }
  {  // a bloom filter larger than the segment
    auto img = Small().Build();
    SetGnuWord(*img, 2, 1u << 30);
    EXPECT_EQ(Parse(*img), "invalid DT_GNU_HASH");
  }
  for (int where : {0, 1, 2}) {  // the table outside, at its edge, misaligned
    auto img = Small().Build([where](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      uint64_t at = where == 0 ? i.ro_end + 8 : where == 1 ? i.ro_end - 8 : i.Addr(".gnu.hash") + 4;
      SetDyn(dyn, DT_GNU_HASH, at);
    });
    EXPECT_EQ(Parse(*img), "invalid DT_GNU_HASH") << where;
  }
}

TEST(Dynamic, GnuHashBucketBelowSymoffset) {
  // Up to 3 buckets the scalar loop sees them all; from 4 on, SSE2 four at a time
  // (with a scalar tail).
  for (uint32_t nbuckets : {1u, 2u, 3u, 4u, 5u, 7u, 8u, 9u}) {
    Builder b = Small();
    b.gnu_nbuckets = nbuckets;
    auto img = b.Build();
    uint32_t *buckets = img->At<uint32_t>(img->Addr(".gnu.hash") + 16 + 8);
    // Spoil the bucket that starts first (or an empty one), not the one the
    // symbol count is derived from: only the explicit check can catch it.
    uint32_t k = 0;
    for (uint32_t j = 1; j < nbuckets; j++)
      if (buckets[j] < buckets[k]) k = j;
    uint32_t saved = buckets[k];
    buckets[k] = 1;  // symoffset is 2
    EXPECT_EQ(Parse(*img), "invalid DT_GNU_HASH") << nbuckets;
    buckets[k] = saved;
    EXPECT_EQ(Parse(*img), "") << nbuckets;
  }
}

TEST(Dynamic, GnuHashChainRunsOffTheEnd) {
  Builder b = Small();
  b.gnu_hash_last = true;  // nothing mapped after the last chain word
  b.gnu_nbuckets = 1;
  auto img = b.Build();
  ASSERT_EQ(img->Addr(".gnu.hash") + img->Size(".gnu.hash"), img->ro_end);
  uint32_t *last = img->At<uint32_t>(img->ro_end - 4);
  ASSERT_EQ(*last & 1, 1u);
  *last &= ~1u;
  EXPECT_EQ(Parse(*img), "invalid DT_GNU_HASH");
  *last |= 1;
  struct dr_dynamic d;
  ASSERT_EQ(Parse(*img, &d), "");
  EXPECT_EQ(d.nsyms, 6u);
}

// The symbol count comes from the bucket that starts last: a chain that ends
// early there (an end bit set too soon) shrinks the table.
TEST(Dynamic, GnuHashLastChainEndsTheTable) {
  Builder b = Small();
  b.gnu_nbuckets = 1;
  auto img = b.Build();
  uint64_t chains = img->Addr(".gnu.hash") + 16 + 8 + 4;
  *img->At<uint32_t>(chains + 4 * 1) |= 1;  // symbol 3 now ends the only chain
  struct dr_dynamic d;
  ASSERT_EQ(Parse(*img, &d), "");
  EXPECT_EQ(d.nsyms, 4u);
  EXPECT_EQ(d.nsymtab, 6u);  // relocations may still name symbols 4 and 5
}

TEST(Dynamic, GnuHashChainTooLongForTheSymbolTable) {
  Builder b = Small();
  b.gnu_nbuckets = 1;
  b.rw_tail = 0;
  auto img = b.Build();
  // Claim a chain that runs on (no end bits) into .dynsym and beyond: the
  // symbols it implies must then be mapped, or the object is refused.
  uint64_t chains = img->Addr(".gnu.hash") + 16 + 8 + 4;
  uint64_t dynsym = img->Addr(".dynsym");
  for (uint64_t w = chains; w < dynsym; w += 4) *img->At<uint32_t>(w) &= ~1u;
  // .dynsym's words: the null symbol is all zeros (no end bit), then entries.
  struct dr_dynamic d;
  std::string err = Parse(*img, &d);
  if (err.empty()) {
    // The walk found an end bit in some later word: every implied symbol is mapped.
    EXPECT_GT(d.nsyms, 6u);
    EXPECT_NE(dr_image_ptr(&img->im, dynsym, (uint64_t)d.nsyms * 24, false), nullptr);
  } else {
    EXPECT_TRUE(err == "invalid DT_GNU_HASH" || err == "invalid DT_SYMTAB") << err;
  }
}

TEST(Dynamic, SysvHash) {
  {
    Builder b = Small();
    b.gnu = false;
    b.sysv = true;
    auto img = b.Build();
    struct dr_dynamic d;
    ASSERT_EQ(Parse(*img, &d), "");
    EXPECT_EQ(d.gnu.nbuckets, 0u);
    EXPECT_EQ(d.nsyms, 6u);
    EXPECT_EQ(d.sysv.nbucket, 4u);
    EXPECT_EQ(d.sysv.nchain, 6u);
    EXPECT_EQ((uint64_t)(uintptr_t)d.sysv.buckets, img->Runtime(img->Addr(".hash") + 8));
    EXPECT_EQ((uint64_t)(uintptr_t)d.sysv.chains, img->Runtime(img->Addr(".hash") + 8 + 16));
  }
  {
    Builder b = Small();
    b.sysv = true;
    auto img = b.Build();
    *img->At<uint32_t>(img->Addr(".hash")) = 0;
    EXPECT_EQ(Parse(*img), "invalid DT_HASH");
  }
  {
    Builder b = Small();
    b.sysv = true;
    auto img = b.Build();
    *img->At<uint32_t>(img->Addr(".hash") + 4) = 0x10000000;  // nchain past the segment
    EXPECT_EQ(Parse(*img), "invalid DT_HASH");
  }
  {
    Builder b = Small();
    b.sysv = true;
    auto img = b.Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_HASH, i.ro_end - 4);
    });
    EXPECT_EQ(Parse(*img), "invalid DT_HASH");
  }
}

// With both tables, DT_HASH's nchain is the symbol count (the gABI's), and the GNU
// table's buckets are not scanned for it: libc.so.6 has 1,009, read at every start.
TEST(Dynamic, BothHashTablesTakeDtHashCount) {
  auto with_nchain = [](uint32_t nchain) {  // Small() has 6 symbols, symoffset 2
    Builder b = Small();
    b.sysv = true;
    auto img = b.Build();
    *img->At<uint32_t>(img->Addr(".hash") + 4) = nchain;
    return img;
  };
  struct dr_dynamic d;
  // Fewer symbols than the GNU table holds: lookups stop there.
  ASSERT_EQ(Parse(*with_nchain(3), &d), "");
  EXPECT_EQ(d.nsyms, 3u);
  EXPECT_EQ(d.sysv.nchain, 3u);
  EXPECT_EQ(d.gnu.symoffset, 2u);
  EXPECT_NE(d.gnu.chains, nullptr);
  // As many as the unhashed ones: no GNU chains at all (lld's executables).
  ASSERT_EQ(Parse(*with_nchain(2), &d), "");
  EXPECT_EQ(d.nsyms, 2u);
  EXPECT_EQ(d.gnu.chains, nullptr);
  // Fewer than the unhashed ones: the tables disagree.
  EXPECT_EQ(Parse(*with_nchain(1)), "invalid DT_GNU_HASH");
  // A bucket below symoffset is not rejected here: find_gnu skips it.
  auto img = with_nchain(6);
  img->At<uint32_t>(img->Addr(".gnu.hash") + 16 + 8)[0] = 1;
  EXPECT_EQ(Parse(*img), "");
  {  // more symbols than the GNU table hashes: nchain still decides
    Builder b = Small();
    b.sysv = true;
    b.sysv_nbuckets = 1;
    b.text_size = 0x100;
    auto more = b.Build();
    // nchain 8: two more chain words, read from the next table (harmless data).
    *more->At<uint32_t>(more->Addr(".hash") + 4) = 8;
    std::string err = Parse(*more, &d);
    if (err.empty()) {
      EXPECT_EQ(d.nsyms, 8u);
    } else {
      EXPECT_EQ(err, "invalid DT_SYMTAB");  // eight symbols do not fit before .dynstr
    }
  }
}

// Linkers leave undefined symbols out of the hash tables; relocations may still
// name them, up to where DT_STRTAB begins.
TEST(Dynamic, SymbolsBeyondTheHashedOnes) {
  Builder b = Small();
  b.gnu = false;
  b.sysv = true;
  auto img = b.Build();
  *img->At<uint32_t>(img->Addr(".hash") + 4) = 2;  // only two hashed
  struct dr_dynamic d;
  ASSERT_EQ(Parse(*img, &d), "");
  EXPECT_EQ(d.nsyms, 2u);
  EXPECT_EQ(d.nsymtab, 6u);
}

// ---- relocation tables ---------------------------------------------------------

Builder WithRelocs() {
  Builder b = Small();
  b.Rela(b.data(), R_X86_64_RELATIVE, 0, 1);
  b.Rela(b.data() + 8, R_X86_64_RELATIVE, 0, 2);
  b.Jmprel(b.data() + 16, R_X86_64_JUMP_SLOT, 1);
  b.relr = {b.data() + 24};
  return b;
}

TEST(Dynamic, RelaTable) {
  struct Case {
    int64_t tag;
    int64_t value;  // INT64_MIN: drop the tag
    const char *err;
  } cases[] = {
      {DT_RELASZ, 25, "invalid DT_RELA"},
      {DT_RELASZ, 47, "invalid DT_RELA"},
      {DT_RELASZ, INT64_MIN, "invalid DT_RELA"},
      {DT_RELAENT, 16, "invalid DT_RELA"},
      {DT_RELAENT, 32, "invalid DT_RELA"},
      {DT_RELASZ, 24 * 1000, "invalid DT_RELA"},  // runs off the segment
      {DT_RELAENT, INT64_MIN, nullptr},           // DT_RELAENT may be left out
      {DT_RELASZ, 24, nullptr},                   // fewer is fine
      {DT_RELASZ, 0, nullptr},
  };
  for (auto &c : cases) {
    auto img = WithRelocs().Build([&c](std::vector<Elf64_Dyn> &dyn, const Image &) {
      if (c.value == INT64_MIN) DropDyn(dyn, c.tag); else SetDyn(dyn, c.tag, c.value);
    });
    EXPECT_EQ(Parse(*img), c.err ? c.err : "") << c.tag << " " << c.value;
  }
  {
    auto img = WithRelocs().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_RELA, i.Addr(".rela.dyn") + 4);
    });
    EXPECT_EQ(Parse(*img), "invalid DT_RELA");
  }
  {
    auto img = WithRelocs().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_RELA, i.ro_end + 0x100);
    });
    EXPECT_EQ(Parse(*img), "invalid DT_RELA");
  }
  {
    auto img = WithRelocs().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_REL, i.Addr(".rela.dyn"));
    });
    EXPECT_EQ(Parse(*img), "DT_REL relocations are not used on x86-64");
  }
  {  // DT_RELASZ alone means nothing
    auto img = Small().Build([](std::vector<Elf64_Dyn> &dyn, const Image &) { SetDyn(dyn, DT_RELASZ, 48); });
    struct dr_dynamic d;
    ASSERT_EQ(Parse(*img, &d), "");
    EXPECT_EQ(d.nrela, 0u);
    EXPECT_EQ(d.rela, nullptr);
  }
}

// DT_RELACOUNT is kept as a hint, never above the entry count; absent, it is 0.
TEST(Dynamic, RelaCount) {
  for (int64_t count : {INT64_MIN, 0L, 1L, 2L, 1000L, -1L}) {
    auto img = WithRelocs().Build([count](std::vector<Elf64_Dyn> &dyn, const Image &) {
      if (count != INT64_MIN) SetDyn(dyn, DT_RELACOUNT, count);
    });
    struct dr_dynamic d;
    ASSERT_EQ(Parse(*img, &d), "") << count;
    ASSERT_GE(d.nrela, 2u);
    // All ones reads as absent (ABSENT is UINT64_MAX): 0, the entries are counted.
    uint64_t want = count == INT64_MIN || count == -1 ? 0 : std::min<uint64_t>((uint64_t)count, d.nrela);
    EXPECT_EQ(d.relacount, want) << count;
  }
}

TEST(Dynamic, JmprelTable) {
  struct Case {
    int64_t tag;
    int64_t value;
    const char *err;
  } cases[] = {
      {DT_PLTREL, DT_REL, "invalid DT_JMPREL"},
      {DT_PLTREL, INT64_MIN, "invalid DT_JMPREL"},
      {DT_PLTRELSZ, INT64_MIN, "invalid DT_JMPREL"},
      {DT_PLTRELSZ, 23, "invalid DT_JMPREL"},
      {DT_PLTRELSZ, 24 * 1000, "invalid DT_JMPREL"},
      {DT_PLTRELSZ, 0, nullptr},
  };
  for (auto &c : cases) {
    auto img = WithRelocs().Build([&c](std::vector<Elf64_Dyn> &dyn, const Image &) {
      if (c.value == INT64_MIN) DropDyn(dyn, c.tag); else SetDyn(dyn, c.tag, c.value);
    });
    EXPECT_EQ(Parse(*img), c.err ? c.err : "") << c.tag << " " << c.value;
  }
  auto img = WithRelocs().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
    SetDyn(dyn, DT_JMPREL, i.rw_start - 24);  // in the gap
  });
  EXPECT_EQ(Parse(*img), "invalid DT_JMPREL");
}

TEST(Dynamic, RelrTable) {
  {
    auto img = WithRelocs().Build();
    struct dr_dynamic d;
    ASSERT_EQ(Parse(*img, &d), "");
    EXPECT_EQ(d.nrelr, 1u);
    EXPECT_EQ(d.relr[0], img->data + 24);
    EXPECT_EQ(d.nrela, 2u);
    EXPECT_EQ(d.njmprel, 1u);
  }
  struct Case {
    int64_t tag;
    int64_t value;
    const char *err;
  } cases[] = {
      {DT_RELRSZ, 4, "invalid DT_RELR"},
      {DT_RELRSZ, 12, "invalid DT_RELR"},
      {DT_RELRSZ, INT64_MIN, "invalid DT_RELR"},
      {DT_RELRENT, 16, "invalid DT_RELR"},
      {DT_RELRSZ, 8 * 100000, "invalid DT_RELR"},
      {DT_RELRENT, INT64_MIN, nullptr},
  };
  for (auto &c : cases) {
    auto img = WithRelocs().Build([&c](std::vector<Elf64_Dyn> &dyn, const Image &) {
      if (c.value == INT64_MIN) DropDyn(dyn, c.tag); else SetDyn(dyn, c.tag, c.value);
    });
    EXPECT_EQ(Parse(*img), c.err ? c.err : "") << c.tag << " " << c.value;
  }
  auto img = WithRelocs().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
    SetDyn(dyn, DT_RELR, i.Addr(".relr.dyn") + 4);
  });
  EXPECT_EQ(Parse(*img), "invalid DT_RELR");
}

// ---- initialiser arrays ------------------------------------------------------------

TEST(Dynamic, InitArrays) {
  struct Case {
    int at, sz;
  } arrays[] = {{DT_INIT_ARRAY, DT_INIT_ARRAYSZ},
                {DT_FINI_ARRAY, DT_FINI_ARRAYSZ},
                {DT_PREINIT_ARRAY, DT_PREINIT_ARRAYSZ}};
  for (auto &a : arrays) {
    SCOPED_TRACE(a.at);
    auto build = [&a](uint64_t where_off, int64_t size) {
      Builder b = Small();
      b.extra_dyn.push_back(Dyn(a.at, b.data() + where_off));
      if (size >= 0) b.extra_dyn.push_back(Dyn(a.sz, size));
      return b.Build();
    };
    struct dr_dynamic d;
    {
      auto img = build(0x20, 32);
      ASSERT_EQ(Parse(*img, &d), "");
      const uint64_t *p = a.at == DT_INIT_ARRAY ? d.init_array : a.at == DT_FINI_ARRAY ? d.fini_array : d.preinit_array;
      uint64_t n = a.at == DT_INIT_ARRAY ? d.ninit_array : a.at == DT_FINI_ARRAY ? d.nfini_array : d.npreinit_array;
      EXPECT_EQ((uint64_t)(uintptr_t)p, img->Runtime(img->data + 0x20));
      EXPECT_EQ(n, 4u);
    }
    {
      auto img = build(0x20, 12);
      EXPECT_EQ(Parse(*img), "invalid DT_INIT_ARRAY/DT_FINI_ARRAY size");
    }
    {
      auto img = build(0x20, 0x100);  // runs past the data into the dynamic section: still mapped
      EXPECT_EQ(Parse(*img), "");
    }
    {
      auto img = build(0x20, 0x10000);  // runs past the segment
      EXPECT_EQ(Parse(*img), "invalid DT_INIT_ARRAY/DT_FINI_ARRAY");
    }
    {
      auto img = build(0x24, 8);  // misaligned
      EXPECT_EQ(Parse(*img), "invalid DT_INIT_ARRAY/DT_FINI_ARRAY");
    }
    {
      auto img = build(0x20, -1);  // no size: no entries
      ASSERT_EQ(Parse(*img, &d), "");
      EXPECT_EQ(d.ninit_array + d.nfini_array + d.npreinit_array, 0u);
    }
  }
  // An array in the gap between the segments.
  auto img = Small().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
    SetDyn(dyn, DT_INIT_ARRAY, i.ro_end + 8);
    SetDyn(dyn, DT_INIT_ARRAYSZ, 8);
  });
  EXPECT_EQ(Parse(*img), "invalid DT_INIT_ARRAY/DT_FINI_ARRAY");
}

// ---- version tables ----------------------------------------------------------------

Builder Versioned() {
  Builder b = Small();
  b.Verdef(1, VER_FLG_BASE, {"libsmall.so.1"});
  b.Verdef(2, 0, {"SMALL_1"});
  b.Verneed("libc.so.6", {{"GLIBC_2.2.5", 3}});
  return b;
}

TEST(Dynamic, VersionTables) {
  {
    auto img = Versioned().Build();
    struct dr_dynamic d;
    ASSERT_EQ(Parse(*img, &d), "");
    EXPECT_EQ(d.nversym, 6u);
  }
  {
    auto img = Versioned().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_VERSYM, i.ro_end + 2);
    });
    EXPECT_EQ(Parse(*img), "invalid DT_VERSYM");
  }
  {  // too close to the end of the segment for one entry per symbol
    auto img = Versioned().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_VERSYM, i.ro_end - 2 * 5);
    });
    EXPECT_EQ(Parse(*img), "invalid DT_VERSYM");
  }
  {  // exactly one entry per symbol left: fine, and only that many readable
    auto img = Versioned().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_VERSYM, i.ro_end - 2 * 6);
    });
    struct dr_dynamic d;
    ASSERT_EQ(Parse(*img, &d), "");
    EXPECT_EQ(d.nversym, 6u);
  }
  {
    auto img = Versioned().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_VERSYM, i.Addr(".gnu.version") + 1);
    });
    EXPECT_EQ(Parse(*img), "invalid DT_VERSYM");
  }
  {
    auto img = Versioned().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_VERDEF, i.ro_end - 8);
    });
    EXPECT_EQ(Parse(*img), "invalid DT_VERDEF");
  }
  {
    auto img = Versioned().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_VERNEED, i.ro_end + 16);
    });
    EXPECT_EQ(Parse(*img), "invalid DT_VERNEED");
  }
  {
    auto img = Versioned().Build([](std::vector<Elf64_Dyn> &dyn, const Image &i) {
      SetDyn(dyn, DT_VERNEED, i.Addr(".gnu.version_r") + 2);
    });
    EXPECT_EQ(Parse(*img), "invalid DT_VERNEED");
  }
  {  // no DT_VERDEFNUM / DT_VERNEEDNUM: counts 0, tables still located
    auto img = Versioned().Build([](std::vector<Elf64_Dyn> &dyn, const Image &) {
      DropDyn(dyn, DT_VERDEFNUM);
      DropDyn(dyn, DT_VERNEEDNUM);
    });
    struct dr_dynamic d;
    ASSERT_EQ(Parse(*img, &d), "");
    EXPECT_EQ(d.verdefnum, 0u);
    EXPECT_EQ(d.verneednum, 0u);
    EXPECT_NE(d.verdef, nullptr);
    EXPECT_NE(d.verneed, nullptr);
  }
}

// ---- the system's libraries --------------------------------------------------------

struct Expect {
  const char *path;
  const char *soname;
  std::vector<std::string> needed;
  bool sysv;
};

TEST(Dynamic, RealLibraries) {
  const Expect libs[] = {
      {"/lib/x86_64-linux-gnu/libc.so.6", "libc.so.6", {"ld-linux-x86-64.so.2"}, true},
      {"/lib/x86_64-linux-gnu/libm.so.6", "libm.so.6", {"libc.so.6", "ld-linux-x86-64.so.2"}, true},
      {"/lib/x86_64-linux-gnu/libstdc++.so.6",
       "libstdc++.so.6",
       {"libm.so.6", "libc.so.6", "ld-linux-x86-64.so.2", "libgcc_s.so.1"},
       false},
  };
  for (const Expect &e : libs) {
    SCOPED_TRACE(e.path);
    eb::RealLib lib;
    if (!lib.Load(e.path)) {
      ADD_FAILURE() << "cannot read " << e.path;
      continue;
    }
    struct dr_dynamic d;
    const char *err = lib.Parse(&d);
    ASSERT_EQ(err, nullptr) << err;

    const Elf64_Shdr *dynsym = lib.SectionOfType(SHT_DYNSYM);
    const Elf64_Shdr *dynstr = lib.Section(".dynstr");
    const Elf64_Shdr *versym = lib.SectionOfType(SHT_GNU_versym);
    const Elf64_Shdr *gnu = lib.SectionOfType(SHT_GNU_HASH);
    const Elf64_Shdr *rela = lib.Section(".rela.dyn");
    const Elf64_Shdr *plt = lib.Section(".rela.plt");
    const Elf64_Shdr *init = lib.Section(".init_array");
    const Elf64_Shdr *fini = lib.Section(".fini_array");
    ASSERT_TRUE(dynsym && dynstr && versym && gnu && rela);
    ASSERT_EQ(dynsym->sh_entsize, 24u);
    EXPECT_EQ(d.nsyms, dynsym->sh_size / 24);
    EXPECT_EQ(d.nsymtab, dynsym->sh_size / 24);
    EXPECT_EQ(d.nversym, versym->sh_size / 2);
    EXPECT_EQ((uint64_t)(uintptr_t)d.symtab, lib.im.bias + dynsym->sh_addr);
    EXPECT_EQ((uint64_t)(uintptr_t)d.strtab, lib.im.bias + dynstr->sh_addr);
    EXPECT_EQ(d.strsz, dynstr->sh_size);
    EXPECT_EQ((uint64_t)(uintptr_t)d.versym, lib.im.bias + versym->sh_addr);
    const uint32_t *gw = lib.FileAt<uint32_t>(gnu->sh_offset);
    EXPECT_EQ(d.gnu.nbuckets, gw[0]);
    EXPECT_EQ(d.gnu.symoffset, gw[1]);
    EXPECT_EQ(d.gnu.bloom_size, gw[2]);
    EXPECT_EQ(d.gnu.bloom_shift, gw[3]);
    EXPECT_EQ(gnu->sh_size, 16 + 8ull * gw[2] + 4ull * gw[0] + 4ull * (d.nsyms - gw[1]));
    if (e.sysv) {
      const Elf64_Shdr *hash = lib.SectionOfType(SHT_HASH);
      ASSERT_NE(hash, nullptr);
      EXPECT_EQ(d.sysv.nchain, dynsym->sh_size / 24);
      EXPECT_EQ(hash->sh_size, 4 * (2ull + d.sysv.nbucket + d.sysv.nchain));
    } else {
      EXPECT_EQ(d.sysv.nbucket, 0u);
    }
    EXPECT_EQ(d.nrela, rela->sh_size / 24);
    EXPECT_EQ(d.njmprel, plt ? plt->sh_size / 24 : 0);
    EXPECT_EQ(d.ninit_array, init ? init->sh_size / 8 : 0);
    EXPECT_EQ(d.nfini_array, fini ? fini->sh_size / 8 : 0);
    const Elf64_Shdr *vd = lib.SectionOfType(SHT_GNU_verdef);
    const Elf64_Shdr *vn = lib.SectionOfType(SHT_GNU_verneed);
    ASSERT_TRUE(vd && vn);
    EXPECT_EQ(d.verdef_vaddr, vd->sh_addr);
    EXPECT_EQ(d.verdefnum, vd->sh_info);
    EXPECT_EQ(d.verneed_vaddr, vn->sh_addr);
    EXPECT_EQ(d.verneednum, vn->sh_info);
    ASSERT_NE(d.soname, UINT64_MAX);
    EXPECT_STREQ(dr_dyn_str(&d, d.soname), e.soname);
    size_t i = 0;
    bool bad = false;
    std::vector<std::string> needed;
    for (const char *n; (n = dr_dyn_next_needed(&d, &i, &bad));) needed.push_back(n);
    EXPECT_FALSE(bad);
    EXPECT_EQ(needed, e.needed);
    const Elf64_Shdr *relr = lib.Section(".relr.dyn");  // glibc 2.36 links itself with -z pack-relative-relocs
    EXPECT_EQ(relr != nullptr, e.sysv);
    EXPECT_EQ(d.nrelr, relr ? relr->sh_size / 8 : 0);
    if (relr) EXPECT_EQ((uint64_t)(uintptr_t)d.relr, lib.im.bias + relr->sh_addr);
    EXPECT_FALSE(d.textrel);
    // Every symbol's name lies in the string table.
    for (uint32_t k = 0; k < d.nsymtab; k++) ASSERT_NE(dr_dyn_str(&d, d.symtab[k].st_name), nullptr);
  }
}

}  // namespace
