// The word-at-a-time paths of dr_strcmp and dr_gnu_hash, which the sanitized
// unit tests never take (ASan would flag their reads past a string's end):
// this test links core built without ASan. Strings end at every offset of a
// word, and right before a page nothing is mapped after, which a read that
// crossed the boundary would fault on.
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <random>

extern "C" {
#include "core/base.h"
#include "core/symbol.h"
}

#ifdef DR_NO_WORD_READS
#error "words_test must be built without ASan, or it tests the bytewise paths only"
#endif

namespace {

uint32_t gnu_hash_bytewise(const char *s) {
  uint32_t h = 5381;
  for (; *s; s++) h = h * 33 + (unsigned char)*s;
  return h;
}

int sign(int x) { return (x > 0) - (x < 0); }

// N bytes at P, none of them NUL.
void FillNonNul(char *p, size_t n, std::mt19937 &rng) {
  for (size_t i = 0; i < n; i++) p[i] = (char)(1 + rng() % 255);
}

// Two pages, the second PROT_NONE: a string placed to end at the first page's
// last byte has nothing readable after it.
struct Guarded {
  char *page;
  Guarded() {
    page = (char *)mmap(nullptr, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT_NE(page, MAP_FAILED);
    EXPECT_EQ(mprotect(page + 4096, 4096, PROT_NONE), 0);
  }
  ~Guarded() { munmap(page, 8192); }
};

TEST(Words, GnuHashMatchesBytewiseAtEveryLengthAndOffset) {
  Guarded g;
  std::mt19937 rng(1);
  for (int len = 0; len < 140; len++)
    for (int at_end = 0; at_end < 2; at_end++)
      for (int align = 0; align < 8; align++) {
        size_t off = at_end ? 4096 - (size_t)len - 1 : 64 * (size_t)len % 2048 + (size_t)align;
        char *s = g.page + off;
        FillNonNul(s, (size_t)len, rng);
        s[len] = 0;
        // Bytes after the end that look like characters must not count.
        for (size_t i = (size_t)len + 1; i < (size_t)len + 9 && off + i < 4096; i++) s[i] = (char)(rng() % 256);
        EXPECT_EQ(dr_gnu_hash(s), gnu_hash_bytewise(s)) << "len " << len << " off " << off;
      }
}

TEST(Words, GnuHashKnownValues) {
  // The values the GNU hash sections of real objects hold (binutils' dl_new_hash).
  EXPECT_EQ(dr_gnu_hash(""), 5381u);
  EXPECT_EQ(dr_gnu_hash("printf"), 0x156b2bb8u);
  EXPECT_EQ(dr_gnu_hash("exit"), 0x7c967e3fu);
  EXPECT_EQ(dr_gnu_hash("_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_appendEPKcm"),
            gnu_hash_bytewise("_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_appendEPKcm"));
}

TEST(Words, StrcmpMatchesLibcNearPageEnd) {
  Guarded g;
  std::mt19937 rng(2);
  for (int len = 0; len < 90; len++)
    for (int diff = -1; diff < len; diff++) {
      // A at the page's end, B earlier in the page at any alignment; B differs
      // at DIFF (or not). Either string may be the one at the page's end.
      char *a = g.page + 4096 - len - 1, *b = g.page + 100 + (len + diff + 1) % 16;
      FillNonNul(a, (size_t)len, rng);
      memcpy(b, a, (size_t)len);
      a[len] = b[len] = 0;
      if (diff >= 0) b[diff] = (char)(a[diff] == 'x' ? 'y' : 'x');
      EXPECT_EQ(sign(dr_strcmp(a, b)), sign(strcmp(a, b))) << len << " " << diff;
      EXPECT_EQ(sign(dr_strcmp(b, a)), sign(strcmp(b, a))) << len << " " << diff;
      // A prefix: the shorter string ends where the other goes on.
      if (diff < 0 && len > 0) {
        b[len - 1] = 0;
        EXPECT_GT(dr_strcmp(a, b), 0) << len;
        EXPECT_LT(dr_strcmp(b, a), 0) << len;
      }
    }
}

// dr_strlen and dr_strnlen read aligned sixteen-byte blocks: a string at every
// offset of a block, of every length, ending at the page's last byte or not, with
// non-NUL bytes before it in its first block and after it.
TEST(Words, StrlenMatchesLibcAtEveryOffsetAndPageEnd) {
  Guarded g;
  std::mt19937 rng(3);
  for (int len = 0; len < 80; len++)
    for (int at_end = 0; at_end < 2; at_end++)
      for (int align = 0; align < 16; align++) {
        size_t off = at_end ? 4096 - (size_t)len - 1 : 512 + (size_t)align;
        char *s = g.page + off;
        size_t before = off >= 16 ? 16 : off, end = off + (size_t)len + 1;
        FillNonNul(s - before, before, rng);
        FillNonNul(s, (size_t)len, rng);
        s[len] = 0;
        FillNonNul(g.page + end, std::min<size_t>(16, 4096 - end), rng);
        EXPECT_EQ(dr_strlen(s), (size_t)len) << len << " " << off;
        for (size_t max : {(size_t)0, (size_t)1, (size_t)len / 2, (size_t)len, (size_t)len + 1,
                           (size_t)len + 40})
          EXPECT_EQ(dr_strnlen(s, max), strnlen(s, max)) << len << " " << off << " " << max;
      }
}

// dr_strnlen stops at MAX without reading a block that starts at or past it:
// bytes up to the page's end, none of them NUL, and MAX reaching exactly there.
TEST(Words, StrnlenStopsAtMaxBeforeThePageEnds) {
  Guarded g;
  for (size_t n = 1; n < 64; n++) {
    char *s = g.page + 4096 - n;
    memset(s, 'a', n);
    EXPECT_EQ(dr_strnlen(s, n), n) << n;
  }
}

}  // namespace
