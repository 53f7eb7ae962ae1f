// Tests of core/bindcache.c: the binding cache's header is accepted only for
// the run it was made for, and whole; entries encode and decode.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

extern "C" {
#include "core/bindcache.h"
}

namespace {

const uint64_t kKey[4] = {0x1122334455667788ull, 0x99aabbccddeeff00ull, 0, 0};

struct File {
  std::vector<uint64_t> words;  // 8-aligned storage
  std::vector<dr_bc_ident> ids;
  size_t size() const { return words.size() * 8; }
  dr_bc_header *head() { return reinterpret_cast<dr_bc_header *>(words.data()); }
  dr_bc_object *objs() { return reinterpret_cast<dr_bc_object *>(head() + 1); }
};

// N objects, each with COUNT entries.
File Make(uint32_t n, uint64_t count) {
  File f;
  for (uint32_t i = 0; i < n; i++) f.ids.push_back({i + 1, 100 + i, 4096ull * i, 5, 6, 7, 8});
  uint64_t head = dr_bc_head_size(n);
  f.words.resize(head / 8 + n * count);
  dr_bc_make_header(f.head(), kKey, n, n * count);
  for (uint32_t i = 0; i < n; i++) f.objs()[i] = {f.ids[i], i * count, count, i * count, count};
  for (uint64_t e = 0; e < n * count; e++) f.words[head / 8 + e] = dr_bc_entry(e, 0, 0);
  return f;
}

const char *Check(File &f, size_t size) {
  const dr_bc_object *objs;
  const uint64_t *entries;
  return dr_bc_check(f.words.data(), size, kKey, f.ids.data(), (uint32_t)f.ids.size(), &objs, &entries);
}

TEST(BindCache, AcceptsTheFileItsRunMade) {
  File f = Make(3, 5);
  const dr_bc_object *objs;
  const uint64_t *entries;
  ASSERT_EQ(dr_bc_check(f.words.data(), f.size(), kKey, f.ids.data(), 3, &objs, &entries), nullptr);
  EXPECT_EQ(objs[2].first, 10u);
  EXPECT_EQ(entries, f.words.data() + dr_bc_head_size(3) / 8);
}

TEST(BindCache, RefusesAnotherRun) {
  File f = Make(3, 5);
  f.ids[1].mtime_nsec++;  // a library rewritten
  EXPECT_STREQ(Check(f, f.size()), "an object changed");
  f = Make(3, 5);
  f.ids.pop_back();  // one object fewer
  EXPECT_STREQ(Check(f, f.size()), "another set of objects");
  f = Make(3, 5);
  f.head()->key[2] = 1;  // LD_BIND_NOW, say
  EXPECT_NE(Check(f, f.size()), nullptr);
  f = Make(3, 5);
  f.head()->version++;
  EXPECT_NE(Check(f, f.size()), nullptr);
  f = Make(3, 5);
  f.head()->magic ^= 1;
  EXPECT_NE(Check(f, f.size()), nullptr);
}

TEST(BindCache, RefusesWhatIsNotWhole) {
  File f = Make(2, 4);
  EXPECT_NE(Check(f, f.size() - 8), nullptr);                // an entry short
  EXPECT_NE(Check(f, f.size() - 3), nullptr);                // a partial word
  EXPECT_NE(Check(f, sizeof(dr_bc_header) - 1), nullptr);    // not even a header
  EXPECT_NE(Check(f, dr_bc_head_size(2) - 8), nullptr);      // the object table cut
  f.words.push_back(0);
  EXPECT_NE(Check(f, f.size()), nullptr);                    // a word too many
  for (uint64_t n : {9ull, ~0ull, (~0ull) / 8, (1ull << 61) + 1}) {
    f = Make(2, 4);
    f.head()->nentries = n;
    EXPECT_NE(Check(f, f.size()), nullptr) << n;
  }
}

TEST(BindCache, RefusesRangesOutsideTheEntries) {
  File f = Make(2, 4);
  f.objs()[1].count = 5;  // 4 + 5 > 8
  EXPECT_STREQ(Check(f, f.size()), "entries out of range");
  f = Make(2, 4);
  f.objs()[0].first = 9;
  f.objs()[0].count = 0;
  EXPECT_STREQ(Check(f, f.size()), "entries out of range");
  f = Make(2, 4);
  f.objs()[0].first = 1;
  f.objs()[0].count = ~0ull;  // first + count wraps around
  EXPECT_STREQ(Check(f, f.size()), "entries out of range");
  // The PLT answers' range, the same.
  f = Make(2, 4);
  f.objs()[1].plt_count = 5;
  EXPECT_STREQ(Check(f, f.size()), "entries out of range");
  f = Make(2, 4);
  f.objs()[0].plt_first = 9;
  f.objs()[0].plt_count = 0;
  EXPECT_STREQ(Check(f, f.size()), "entries out of range");
  f = Make(2, 4);
  f.objs()[1].plt_first = 2;
  f.objs()[1].plt_count = ~0ull - 1;
  EXPECT_STREQ(Check(f, f.size()), "entries out of range");
}

TEST(BindCache, RefusesMisalignedFiles) {
  std::vector<uint64_t> w(64);
  const dr_bc_object *objs;
  const uint64_t *entries;
  EXPECT_STREQ(dr_bc_check(reinterpret_cast<char *>(w.data()) + 4, 256, kKey, nullptr, 0, &objs, &entries),
               "misaligned");
}

TEST(BindCache, EntriesEncodeAndDecode) {
  uint32_t r;
  ASSERT_TRUE(dr_bc_result(17, 123456, &r));
  uint64_t e = dr_bc_entry(987654, 1, r);
  EXPECT_TRUE(dr_bc_matches(e, 987654, 1));
  EXPECT_FALSE(dr_bc_matches(e, 987654, 0));  // another type class
  EXPECT_FALSE(dr_bc_matches(e, 987655, 1));
  EXPECT_EQ(dr_bc_def_object(e), 17u);
  EXPECT_EQ(dr_bc_def_symbol(e), 123456u);
  // What does not fit is refused, never truncated into another answer.
  EXPECT_FALSE(dr_bc_result(1, 1u << DR_BC_SYM_BITS, &r));
  EXPECT_FALSE(dr_bc_result(DR_BC_MAX_OBJECTS - 1, 0, &r));
  ASSERT_TRUE(dr_bc_result(DR_BC_MAX_OBJECTS - 2, (1u << DR_BC_SYM_BITS) - 1, &r));
  EXPECT_LT(r, DR_BC_LOOKUP);
  // Symbol indices of 2^30 and more would lose their top bits: never matched.
  EXPECT_FALSE(dr_bc_matches(dr_bc_entry(1u << 30, 0, 0), 1u << 30, 0));
  EXPECT_FALSE(dr_bc_matches(dr_bc_entry(0, 0, 0), 1u << 30, 0));
}

}  // namespace
