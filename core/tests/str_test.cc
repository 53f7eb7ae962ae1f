#include <gtest/gtest.h>

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

TEST(Range, Overflow) {
  EXPECT_TRUE(dr_range_ok(0, 10, 10));
  EXPECT_FALSE(dr_range_ok(1, 10, 10));
  EXPECT_FALSE(dr_range_ok(UINT64_MAX, 2, 10));
  EXPECT_FALSE(dr_range_ok(5, UINT64_MAX, 10));
  EXPECT_TRUE(dr_align_ok(0));
  EXPECT_TRUE(dr_align_ok(4096));
  EXPECT_FALSE(dr_align_ok(12));
}
