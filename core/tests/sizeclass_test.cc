#include <gtest/gtest.h>

extern "C" {
#include "core/sizeclass.h"
}

TEST(SizeClass, Sizes) {
  EXPECT_EQ(dr_class_size(0), 16u);
  EXPECT_EQ(dr_class_size(15), 256u);
  EXPECT_EQ(dr_class_size(16), 320u);
  EXPECT_EQ(dr_class_size(19), 512u);
  EXPECT_EQ(dr_class_size(20), 640u);
  EXPECT_EQ(dr_class_size(DR_NCLASS - 1), DR_CLASS_MAX);
  for (unsigned c = 1; c < DR_NCLASS; c++) EXPECT_GT(dr_class_size(c), dr_class_size(c - 1)) << c;
}

// Up: the smallest class that holds the request; down: the largest class a
// block holds. A block filed down always serves a request rounded up to it.
TEST(SizeClass, UpAndDownAreTight) {
  for (uint64_t s = 1; s <= DR_CLASS_MAX; s++) {
    unsigned u = dr_class_up(s);
    ASSERT_LT(u, (unsigned)DR_NCLASS) << s;
    EXPECT_GE(dr_class_size(u), s) << s;
    if (u > 0) EXPECT_LT(dr_class_size(u - 1), s) << s;
    if (s < DR_CLASS_GRAIN) continue;
    unsigned d = dr_class_down(s);
    ASSERT_LT(d, (unsigned)DR_NCLASS) << s;
    EXPECT_LE(dr_class_size(d), s) << s;
    if (d + 1 < DR_NCLASS) EXPECT_GT(dr_class_size(d + 1), s) << s;
  }
}

// A reused block wastes under a quarter of itself.
TEST(SizeClass, WasteUnderAQuarter) {
  for (uint64_t s = 257; s <= DR_CLASS_MAX; s++)
    EXPECT_LT((dr_class_size(dr_class_up(s)) - s) * 4, dr_class_size(dr_class_up(s))) << s;
}
