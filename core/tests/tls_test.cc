// Tests of core/tls.c: the static TLS layout (variant II) against hand-computed
// offsets and against a transcription of glibc 2.36's _dl_determine_tlsoffset
// (elf/dl-tls.c, TLS_TCB_AT_TP) on many random module lists.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "core/tests/elf_builder.h"

extern "C" {
#include "core/tls.h"
}

namespace {

struct Mod {
  uint64_t size, align, firstbyte;  // firstbyte: p_vaddr % p_align (l_tls_firstbyte_offset)
};

struct Layout {
  std::vector<uint64_t> offset;
  uint64_t used, max_align;
};

// glibc's loop, with its roundup (a division, valid for any alignment). glibc
// stores p_align as is; an alignment of 0 would divide by zero there, so the
// reference takes 0 as 1, as core/tls.h documents.
Layout Glibc(const std::vector<Mod> &mods, uint64_t tcb_alignment) {
  auto roundup = [](uint64_t x, uint64_t y) { return (x + (y - 1)) / y * y; };
  Layout l;
  uint64_t max_align = tcb_alignment, freetop = 0, freebottom = 0, offset = 0;
  for (const Mod &m : mods) {
    uint64_t align = m.align ? m.align : 1, blocksize = m.size;
    uint64_t firstbyte = (-m.firstbyte) & (align - 1);
    uint64_t off;
    max_align = std::max(max_align, align);
    if (freebottom - freetop >= blocksize) {
      off = roundup(freetop + blocksize - firstbyte, align) + firstbyte;
      if (off <= freebottom) {
        freetop = off;
        l.offset.push_back(off);
        continue;
      }
    }
    off = roundup(offset + blocksize - firstbyte, align) + firstbyte;
    if (off > offset + blocksize + (freebottom - freetop)) {
      freetop = offset;
      freebottom = off - blocksize;
    }
    offset = off;
    l.offset.push_back(off);
  }
  l.used = offset;
  l.max_align = max_align;
  return l;
}

// Runs dr_tls_layout over exactly sized block descriptors.
bool Dryad(const std::vector<Mod> &mods, uint64_t min_align, Layout *out) {
  eb::Buf buf(mods.size() * sizeof(struct dr_tls_block));
  struct dr_tls_block *b = reinterpret_cast<struct dr_tls_block *>(buf.data());
  for (size_t i = 0; i < mods.size(); i++) {
    b[i].blocksize = mods[i].size;
    b[i].align = mods[i].align;
    b[i].firstbyte = mods[i].firstbyte;
    b[i].offset = 0xdead;
  }
  uint64_t used = 0xbad, max_align = 0xbad;
  if (!dr_tls_layout(b, mods.size(), min_align, &used, &max_align)) return false;
  out->offset.clear();
  for (size_t i = 0; i < mods.size(); i++) out->offset.push_back(b[i].offset);
  out->used = used;
  out->max_align = max_align;
  return true;
}

Layout Lay(const std::vector<Mod> &mods, uint64_t min_align = 64) {
  Layout l;
  EXPECT_TRUE(Dryad(mods, min_align, &l));
  return l;
}

typedef std::vector<uint64_t> V;

TEST(Tls, NoModules) {
  Layout l = Lay({}, 64);
  EXPECT_EQ(l.used, 0u);
  EXPECT_EQ(l.max_align, 64u);
  l = Lay({}, 16);
  EXPECT_EQ(l.max_align, 16u);
}

TEST(Tls, OneBlock) {
  // libc.so.6 on Debian 12: PT_TLS memsz 0x90, align 8, at a p_vaddr that is 8-aligned.
  Layout l = Lay({{0x90, 8, 0}});
  EXPECT_EQ(l.offset, V{0x90});
  EXPECT_EQ(l.used, 0x90u);
  EXPECT_EQ(l.max_align, 64u);
  // Sizes round up to the alignment: the block ends at or below the thread pointer.
  EXPECT_EQ(Lay({{0x91, 8, 0}}).offset, V{0x98});
  EXPECT_EQ(Lay({{1, 1, 0}}).offset, V{1});
  EXPECT_EQ(Lay({{1, 0, 0}}).offset, V{1});  // 0 means unaligned
  EXPECT_EQ(Lay({{0, 16, 0}}).offset, V{0});
  EXPECT_EQ(Lay({{4, 4096, 0}}).offset, V{4096});
  EXPECT_EQ(Lay({{4, 4096, 0}}).max_align, 4096u);
}

// A block whose first byte is not aligned in the file (p_vaddr % p_align != 0)
// keeps that misalignment in memory: (tp - offset) % align == firstbyte.
TEST(Tls, FirstByteOffset) {
  // size 0x90, align 64, p_vaddr % 64 == 16: firstbyte term = -16 & 63 = 48;
  // off = roundup(0x90 - 48, 64) + 48 = 128 + 48 = 176.
  Layout l = Lay({{0x90, 64, 16}});
  EXPECT_EQ(l.offset, V{176});
  EXPECT_EQ((0 - 176) & 63, 16);
  // size 8, align 16, firstbyte 8: off = roundup(8 - 8, 16) + 8 = 8.
  EXPECT_EQ(Lay({{8, 16, 8}}).offset, V{8});
  // size 9: roundup(1, 16) + 8 = 24.
  EXPECT_EQ(Lay({{9, 16, 8}}).offset, V{24});
  // Second block after a first of 4 bytes: roundup(4 + 16 - 4, 32) + 4 = 36.
  EXPECT_EQ(Lay({{4, 4, 0}, {16, 32, 28}}).offset, (V{4, 36}));
}

// Alignment padding leaves a gap below the previous block that a later, small
// enough block fills (glibc's freetop/freebottom).
TEST(Tls, GapReuse) {
  // A: 4 bytes, align 4 -> 4.
  // B: 16 bytes, align 16 -> roundup(4 + 16, 16) = 32; 32 > 4 + 16: gap [4, 16).
  // C: 8 bytes, align 8: fits the gap -> roundup(4 + 8, 8) = 16 <= 16; freetop = 16.
  // D: 4 bytes, align 4: the gap is full -> roundup(32 + 4, 4) = 36.
  Layout l = Lay({{4, 4, 0}, {16, 16, 0}, {8, 8, 0}, {4, 4, 0}});
  EXPECT_EQ(l.offset, (V{4, 32, 16, 36}));
  EXPECT_EQ(l.used, 36u);
  // The same blocks, the last one larger than the gap was: no reuse.
  l = Lay({{4, 4, 0}, {16, 16, 0}, {16, 8, 0}});
  EXPECT_EQ(l.offset, (V{4, 32, 48}));
  // Two small blocks share one gap.
  // A: 1 -> 1. B: 64 bytes, align 64 -> 128, gap [1, 64). C: 8/8 -> 16. D: 8/8 -> 24.
  l = Lay({{1, 1, 0}, {64, 64, 0}, {8, 8, 0}, {8, 8, 0}});
  EXPECT_EQ(l.offset, (V{1, 128, 16, 24}));
  EXPECT_EQ(l.used, 128u);
  // Alignment inside the gap: A: 1 -> 1. B: 32/32 -> 64, gap [1, 32).
  // C: 16 bytes, align 32 -> roundup(1 + 16, 32) = 32 <= 32: at the gap's bottom.
  l = Lay({{1, 1, 0}, {32, 32, 0}, {16, 32, 0}});
  EXPECT_EQ(l.offset, (V{1, 64, 32}));
  // ... and with 24 bytes align 32: roundup(1 + 24, 32) = 32 > freebottom (32)? equal: fits.
  l = Lay({{1, 1, 0}, {32, 32, 0}, {24, 32, 0}});
  EXPECT_EQ(l.offset, (V{1, 64, 32}));
  // 31 bytes, align 32: roundup(32, 32) = 32 fits exactly too; 32 bytes does not fit the size.
  EXPECT_EQ(Lay({{1, 1, 0}, {32, 32, 0}, {31, 32, 0}}).offset, (V{1, 64, 32}));
  EXPECT_EQ(Lay({{1, 1, 0}, {32, 32, 0}, {32, 32, 0}}).offset, (V{1, 64, 96}));
}

TEST(Tls, MinAlign) {
  EXPECT_EQ(Lay({{8, 8, 0}}, 64).max_align, 64u);
  EXPECT_EQ(Lay({{8, 8, 0}}, 1).max_align, 8u);
  EXPECT_EQ(Lay({{8, 128, 0}, {8, 8, 0}}, 64).max_align, 128u);
}

TEST(Tls, RejectsBadInput) {
  Layout l;
  EXPECT_FALSE(Dryad({{8, 3, 0}}, 64, &l));          // not a power of two
  EXPECT_FALSE(Dryad({{8, 8, 0}, {8, 24, 0}}, 64, &l));
  EXPECT_FALSE(Dryad({{1ull << 40, 8, 0}}, 64, &l));  // absurdly large
  EXPECT_FALSE(Dryad({{UINT64_MAX, 1, 0}}, 64, &l));  // wraps
  EXPECT_FALSE(Dryad({{UINT64_MAX - 7, 8, 0}}, 64, &l));
  EXPECT_FALSE(Dryad({{8, 1ull << 63, 0}}, 64, &l));
  EXPECT_FALSE(Dryad({{(1ull << 39), 8, 0}, {(1ull << 39), 8, 0}}, 64, &l));  // together too large
  EXPECT_TRUE(Dryad({{(1ull << 39), 8, 0}}, 64, &l));
}

// Invariants of any layout: blocks lie below the thread pointer within `used`,
// keep their alignment, and do not overlap.
void CheckInvariants(const std::vector<Mod> &mods, const Layout &l) {
  std::vector<std::pair<uint64_t, uint64_t>> spans;  // [tp - off, tp - off + size) as offsets below tp
  for (size_t i = 0; i < mods.size(); i++) {
    uint64_t off = l.offset[i], a = mods[i].align ? mods[i].align : 1;
    ASSERT_GE(off, mods[i].size) << i;
    ASSERT_LE(off, l.used) << i;
    // tp is max_align-aligned, so (tp - off) % a == (-off) % a, which must be the file's misalignment.
    ASSERT_EQ((0 - off) & (a - 1), mods[i].firstbyte & (a - 1)) << i;
    if (mods[i].size) spans.push_back({off - mods[i].size, off});
  }
  std::sort(spans.begin(), spans.end());
  for (size_t i = 1; i < spans.size(); i++) ASSERT_LE(spans[i - 1].second, spans[i].first);
}

TEST(Tls, MatchesGlibcOnRandomModuleLists) {
  std::mt19937_64 rng(2036);
  const uint64_t aligns[] = {0, 1, 2, 4, 8, 16, 32, 64, 128, 4096};
  for (int iter = 0; iter < 3000; iter++) {
    std::vector<Mod> mods(1 + rng() % 8);
    for (Mod &m : mods) {
      m.align = aligns[rng() % 10];
      m.size = rng() % 3 == 0 ? rng() % 8 : rng() % 300;
      m.firstbyte = m.align > 1 ? (rng() % 2 ? 0 : rng() % m.align) : 0;
    }
    uint64_t min_align = (rng() % 2) ? 64 : 16;
    Layout want = Glibc(mods, min_align), got;
    ASSERT_TRUE(Dryad(mods, min_align, &got)) << iter;
    ASSERT_EQ(got.offset, want.offset) << "iteration " << iter;
    ASSERT_EQ(got.used, want.used) << iter;
    ASSERT_EQ(got.max_align, want.max_align) << iter;
    CheckInvariants(mods, got);
  }
}

}  // namespace
