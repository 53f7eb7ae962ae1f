#include <gtest/gtest.h>

#include <cstring>
#include <string>

extern "C" {
#include "core/base.h"
}

TEST(Str, CompareAndLength) {
  EXPECT_EQ(dr_strlen(""), 0u);
  EXPECT_EQ(dr_strlen("libc.so.6"), 9u);
  EXPECT_EQ(dr_strnlen("abcdef", 3), 3u);
  EXPECT_EQ(dr_strcmp("a", "a"), 0);
  EXPECT_LT(dr_strcmp("a", "b"), 0);
  EXPECT_GT(dr_strcmp("\xff", "a"), 0);
  EXPECT_EQ(dr_strncmp("libfoo.so", "libfoo.so.1", 9), 0);
  EXPECT_NE(dr_strncmp("libfoo.so", "libfoo.so.1", 10), 0);
}

// Word-wise comparison: the first byte that differs, or ends a string, decides,
// wherever it falls in a word.
TEST(Str, CompareLongStrings) {
  std::string base = "_ZN4llvm2cl6OptionC2ENS0_13NumOccurrencesFlagENS0_16OptionHiddenE";
  for (size_t i = 0; i < base.size(); i++) {
    std::string lo = base, hi = base, shorter = base.substr(0, i);
    lo[i] = (char)(lo[i] - 1);
    hi[i] = (char)0xf0;
    EXPECT_GT(dr_strcmp(base.c_str(), lo.c_str()), 0) << i;
    EXPECT_LT(dr_strcmp(base.c_str(), hi.c_str()), 0) << i;
    EXPECT_GT(dr_strcmp(base.c_str(), shorter.c_str()), 0) << i;
    EXPECT_LT(dr_strcmp(shorter.c_str(), base.c_str()), 0) << i;
    EXPECT_EQ(dr_strcmp(shorter.c_str(), std::string(shorter).c_str()), 0) << i;
  }
  // A 0x01 byte right after the end must not be taken for a difference.
  EXPECT_EQ(dr_strcmp(std::string("abc\0\x01xyzw", 9).c_str(), "abc"), 0);
}

// The mem* routines work sixteen or eight bytes a step with a bytewise tail: every
// length around those widths, at every alignment, against libc's.
TEST(Str, MemRoutinesMatchLibc) {
  unsigned char a[96], b[96], c[96];
  for (size_t n = 0; n < 48; n++)
    for (size_t off = 0; off < 16; off++) {
      for (size_t i = 0; i < sizeof a; i++) a[i] = (unsigned char)(i * 7 + n), b[i] = 0x5a, c[i] = 0x5a;
      EXPECT_EQ(dr_memcpy(b + off, a + 3, n), b + off);
      memcpy(c + off, a + 3, n);
      EXPECT_EQ(memcmp(b, c, sizeof b), 0) << n << " " << off;
      EXPECT_EQ(dr_memset(b + off, 0xc3, n), b + off);
      memset(c + off, 0xc3, n);
      EXPECT_EQ(memcmp(b, c, sizeof b), 0) << n << " " << off;
      // Equal, then differing at each position, either way round.
      memcpy(b + off, a, n);
      EXPECT_EQ(dr_memcmp(a, b + off, n), 0) << n;
      for (size_t d = 0; d < n; d++) {
        b[off + d] = (unsigned char)(a[d] ^ 0x81);  /* greater or smaller, as unsigned bytes */
        EXPECT_EQ(dr_memcmp(a, b + off, n) < 0, memcmp(a, b + off, n) < 0) << n << " " << d;
        EXPECT_EQ(dr_memcmp(b + off, a, n) < 0, memcmp(b + off, a, n) < 0) << n << " " << d;
        EXPECT_NE(dr_memcmp(a, b + off, n), 0) << n << " " << d;
        b[off + d] = a[d];
      }
    }
}

TEST(Range, Overflow) {
  EXPECT_TRUE(dr_range_ok(0, 10, 10));
  EXPECT_FALSE(dr_range_ok(1, 10, 10));
  EXPECT_FALSE(dr_range_ok(UINT64_MAX, 2, 10));
  EXPECT_FALSE(dr_range_ok(5, UINT64_MAX, 10));
  EXPECT_TRUE(dr_align_ok(0));
  EXPECT_TRUE(dr_align_ok(4096));
  EXPECT_FALSE(dr_align_ok(12));
}
