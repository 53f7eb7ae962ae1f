// Tests of core/ldcache.c: the real /etc/ld.so.cache against `ldconfig -p`,
// hand-built caches of every shape, and malformed ones. Every input lives in
// an exactly-sized heap buffer so that ASan catches any read past its end.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

extern "C" {
#include "core/ldcache.h"
}

namespace {

// Bytes in a heap block of exactly their size.
struct Buf {
  std::unique_ptr<uint8_t[]> p;
  size_t n;
  explicit Buf(const std::vector<uint8_t> &v, size_t len) : p(new uint8_t[len]), n(len) {
    if (len) memcpy(p.get(), v.data(), len);
  }
  explicit Buf(const std::vector<uint8_t> &v) : Buf(v, v.size()) {}
};

// A returned string must lie inside the buffer and end there.
void ExpectInside(const Buf &b, const char *s) {
  if (!s) return;
  const uint8_t *u = reinterpret_cast<const uint8_t *>(s);
  ASSERT_GE(u, b.p.get());
  ASSERT_LT(u, b.p.get() + b.n);
  size_t room = b.p.get() + b.n - u;
  ASSERT_LT(strnlen(s, room), room);
}

void Put32(std::vector<uint8_t> &v, size_t off, uint32_t x) {
  if (v.size() < off + 4) v.resize(off + 4);
  for (int i = 0; i < 4; i++) v[off + i] = uint8_t(x >> (8 * i));
}
void Put64(std::vector<uint8_t> &v, size_t off, uint64_t x) {
  Put32(v, off, uint32_t(x));
  Put32(v, off + 4, uint32_t(x >> 32));
}

struct Ent {
  std::string key, value;
  int32_t flags;
  uint64_t hwcap;
  Ent(std::string k, std::string v, int32_t f = _DL_CACHE_DEFAULT_ID, uint64_t h = 0)
      : key(k), value(v), flags(f), hwcap(h) {}
};

constexpr uint64_t kExt = DL_CACHE_HWCAP_EXTENSION;
uint64_t Named(uint32_t index, uint32_t isa_level = 0) {
  return kExt | uint64_t(isa_level) << 32 | index;
}

// Builds a cache as ldconfig would: entries in descending _dl_cache_libcmp
// order (stable, so the caller orders entries of one name), optional old
// format in front, optional glibc-hwcaps extension (names sorted by strcmp,
// entries refer to them by index in HWCAPS).
struct Builder {
  std::vector<Ent> ents;
  std::vector<std::string> hwcaps;
  bool old_prefix = false;
  bool old_only = false;
  uint8_t endian = 2;

  std::vector<uint8_t> Build() const {
    std::vector<Ent> e = ents;
    std::stable_sort(e.begin(), e.end(), [](const Ent &a, const Ent &b) {
      return dr_ldcache_libcmp(a.key.c_str(), b.key.c_str()) > 0;
    });
    std::vector<uint8_t> f;
    size_t base = 0;  // new header offset
    if (old_prefix || old_only) {
      f.resize(16 + 12 * e.size());
      memcpy(f.data(), CACHEMAGIC, 11);
      Put32(f, 12, uint32_t(e.size()));
      if (old_only) {
        std::string strings;
        for (size_t i = 0; i < e.size(); i++) {
          Put32(f, 16 + 12 * i, uint32_t(e[i].flags));
          Put32(f, 16 + 12 * i + 4, uint32_t(strings.size()));
          strings += e[i].key + '\0';
          Put32(f, 16 + 12 * i + 8, uint32_t(strings.size()));
          strings += e[i].value + '\0';
        }
        f.insert(f.end(), strings.begin(), strings.end());
        return f;
      }
      // Old entries point at decoys: lookups must use the new table.
      for (size_t i = 0; i < e.size(); i++) Put32(f, 16 + 12 * i, 0x303);
      base = (f.size() + 7) & ~size_t(7);
      f.resize(base);
    }
    size_t hdr = base;
    f.resize(hdr + 48 + 24 * e.size());
    memcpy(f.data() + hdr, CACHEMAGIC_NEW CACHE_VERSION, 20);
    Put32(f, hdr + 20, uint32_t(e.size()));
    f[hdr + 28] = endian;
    std::string strings;
    size_t str0 = 48 + 24 * e.size();  // relative to the new header
    for (size_t i = 0; i < e.size(); i++) {
      size_t o = hdr + 48 + 24 * i;
      Put32(f, o, uint32_t(e[i].flags));
      Put32(f, o + 4, uint32_t(str0 + strings.size()));
      strings += e[i].key + '\0';
      Put32(f, o + 8, uint32_t(str0 + strings.size()));
      strings += e[i].value + '\0';
      Put64(f, o + 16, e[i].hwcap);
    }
    std::vector<size_t> name_off;  // file offsets of the hwcaps names
    for (const auto &h : hwcaps) {
      name_off.push_back(hdr + str0 + strings.size());
      strings += h + '\0';
    }
    f.insert(f.end(), strings.begin(), strings.end());
    Put32(f, hdr + 24, uint32_t(strings.size()));
    if (!hwcaps.empty()) {
      size_t ext = (f.size() + 3) & ~size_t(3);
      f.resize(ext);
      Put32(f, hdr + 32, uint32_t(ext));
      Put32(f, ext, cache_extension_magic);
      Put32(f, ext + 4, 2);
      std::string gen = "dryad test";
      size_t arr = ext + 8 + 2 * 16;
      size_t gen_off = arr + 4 * hwcaps.size();
      Put32(f, ext + 8, 0);  // cache_extension_tag_generator
      Put32(f, ext + 8 + 8, uint32_t(gen_off));
      Put32(f, ext + 8 + 12, uint32_t(gen.size()));
      Put32(f, ext + 24, cache_extension_tag_glibc_hwcaps);
      Put32(f, ext + 24 + 8, uint32_t(arr));
      Put32(f, ext + 24 + 12, uint32_t(4 * hwcaps.size()));
      for (size_t i = 0; i < hwcaps.size(); i++) Put32(f, arr + 4 * i, uint32_t(name_off[i]));
      f.insert(f.end(), gen.begin(), gen.end());
    }
    return f;
  }
};

std::string Lookup(const struct dr_ldcache *c, const char *name,
                   std::vector<const char *> hw = {}) {
  const char *r = dr_ldcache_lookup(c, name, hw.data(), hw.size());
  return r ? r : "(null)";
}

// ---------------------------------------------------------------- real cache

std::vector<uint8_t> ReadFile(const char *path) {
  std::vector<uint8_t> v;
  FILE *f = fopen(path, "rb");
  if (!f) return v;
  uint8_t tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) v.insert(v.end(), tmp, tmp + n);
  fclose(f);
  return v;
}

struct Line {
  std::string key, desc, value;
};

// Parses `ldconfig -p`: "\tKEY (DESC) => VALUE" per entry, in file order.
std::vector<Line> LdconfigP(int *count) {
  std::vector<Line> out;
  *count = -1;
  FILE *p = popen("/sbin/ldconfig -p 2>/dev/null", "r");
  if (!p) return out;
  char buf[8192];
  while (fgets(buf, sizeof buf, p)) {
    std::string s(buf);
    if (!s.empty() && s.back() == '\n') s.pop_back();
    if (s.find(" libs found in cache") != std::string::npos) {
      *count = atoi(s.c_str());
      continue;
    }
    if (s.empty() || s[0] != '\t') continue;
    size_t open = s.find(" ("), arrow = s.find(") => ");
    if (open == std::string::npos || arrow == std::string::npos) continue;
    out.push_back({s.substr(1, open - 1), s.substr(open + 2, arrow - open - 2), s.substr(arrow + 5)});
  }
  pclose(p);
  return out;
}

// ldconfig's print_entry description of FLAGS/HWCAP.
std::string Describe(const struct dr_ldcache *c, int32_t flags, uint64_t hwcap) {
  static const char *type[] = {"libc4", "ELF", "libc5", "libc6"};
  std::string d = (flags & FLAG_TYPE_MASK) < 4 ? type[flags & FLAG_TYPE_MASK] : "unknown";
  switch (flags & FLAG_REQUIRED_MASK) {
    case 0: break;
    case 0x0300: d += ",x86-64"; break;
    case 0x0800: d += ",x32"; break;
    default: d += "," + std::to_string(flags & FLAG_REQUIRED_MASK);
  }
  const char *name = dr_ldcache_hwcaps_name(c, hwcap);
  char tmp[64];
  if (name) {
    d += std::string(", hwcap: \"") + name + "\"";
  } else if (hwcap) {
    snprintf(tmp, sizeof tmp, ", hwcap: %#.16llx", (unsigned long long)hwcap);
    d += tmp;
  }
  return d;
}

TEST(LdcacheReal, EntriesMatchLdconfigP) {
  std::vector<uint8_t> v = ReadFile("/etc/ld.so.cache");
  if (v.empty()) GTEST_SKIP() << "no /etc/ld.so.cache";
  Buf b(v);
  struct dr_ldcache c;
  ASSERT_EQ(dr_ldcache_open(&c, b.p.get(), b.n), 0);
  int count;
  std::vector<Line> lines = LdconfigP(&count);
  ASSERT_GT(count, 0) << "ldconfig -p gave no count";
  ASSERT_EQ(uint32_t(count), c.nlibs);
  ASSERT_EQ(lines.size(), c.nlibs);
  for (uint32_t i = 0; i < c.nlibs; i++) {
    const char *key, *value;
    int32_t flags;
    uint64_t hwcap;
    ASSERT_TRUE(dr_ldcache_entry(&c, i, &key, &value, &flags, &hwcap));
    ASSERT_NE(key, nullptr);
    ASSERT_NE(value, nullptr);
    EXPECT_EQ(lines[i].key, key) << i;
    EXPECT_EQ(lines[i].value, value) << i;
    EXPECT_EQ(lines[i].desc, Describe(&c, flags, hwcap)) << i;
    // ldconfig sorted the entries in descending _dl_cache_libcmp order.
    if (i > 0) {
      const char *prev;
      dr_ldcache_entry(&c, i - 1, &prev, nullptr, nullptr, nullptr);
      EXPECT_GE(dr_ldcache_libcmp(prev, key), 0) << prev << " / " << key;
    }
  }
  EXPECT_FALSE(dr_ldcache_entry(&c, c.nlibs, nullptr, nullptr, nullptr, nullptr));
}

TEST(LdcacheReal, LookupsMatchLdconfigP) {
  std::vector<uint8_t> v = ReadFile("/etc/ld.so.cache");
  if (v.empty()) GTEST_SKIP() << "no /etc/ld.so.cache";
  Buf b(v);
  struct dr_ldcache c;
  ASSERT_EQ(dr_ldcache_open(&c, b.p.get(), b.n), 0);
  int count;
  std::vector<Line> lines = LdconfigP(&count);
  ASSERT_FALSE(lines.empty());
  const std::vector<std::string> prio = {"x86-64-v4", "x86-64-v3", "x86-64-v2"};
  // Expected: first plain x86-64 libc6 entry; with hwcaps, the listed
  // glibc-hwcaps entry of best priority if there is one.
  std::map<std::string, std::string> plain, named;
  std::map<std::string, size_t> named_rank;
  for (const Line &l : lines) {
    if (l.desc == "libc6,x86-64") {
      plain.emplace(l.key, l.value);
      continue;
    }
    for (size_t r = 0; r < prio.size(); r++) {
      if (l.desc != "libc6,x86-64, hwcap: \"" + prio[r] + "\"") continue;
      auto it = named_rank.find(l.key);
      if (it == named_rank.end() || r < it->second) {
        named_rank[l.key] = r;
        named[l.key] = l.value;
      }
    }
  }
  std::vector<const char *> hw;
  for (const auto &s : prio) hw.push_back(s.c_str());
  size_t checked = 0;
  for (const Line &l : lines) {
    auto it = plain.find(l.key);
    std::string want = it == plain.end() ? "(null)" : it->second;
    EXPECT_EQ(Lookup(&c, l.key.c_str()), want) << l.key;
    auto nt = named.find(l.key);
    EXPECT_EQ(Lookup(&c, l.key.c_str(), hw), nt == named.end() ? want : nt->second) << l.key;
    ExpectInside(b, dr_ldcache_lookup(&c, l.key.c_str(), nullptr, 0));
    checked++;
  }
  EXPECT_EQ(checked, lines.size());
  EXPECT_EQ(Lookup(&c, "libdryad-does-not-exist.so.42"), "(null)");
  EXPECT_EQ(Lookup(&c, ""), "(null)");
  EXPECT_EQ(Lookup(&c, "\xff\xfe"), "(null)");
}

// ---------------------------------------------------------------- libcmp

TEST(Ldcache, Libcmp) {
  EXPECT_EQ(dr_ldcache_libcmp("libc.so.6", "libc.so.6"), 0);
  EXPECT_GT(dr_ldcache_libcmp("libfoo.so.10", "libfoo.so.9"), 0);  // numeric, not lexical
  EXPECT_LT(dr_ldcache_libcmp("libfoo.so.9", "libfoo.so.10"), 0);
  EXPECT_EQ(dr_ldcache_libcmp("libfoo.so.01", "libfoo.so.1"), 0);  // as glibc: same number
  EXPECT_GT(dr_ldcache_libcmp("lib1", "liba"), 0);                 // digits after letters
  EXPECT_LT(dr_ldcache_libcmp("liba", "lib1"), 0);
  EXPECT_GT(dr_ldcache_libcmp("libzstd.so.1", "libz.so.1"), 0);
  EXPECT_LT(dr_ldcache_libcmp("libz", "libz.so"), 0);
  EXPECT_GT(dr_ldcache_libcmp("libz.so", "libz"), 0);
  EXPECT_GT(dr_ldcache_libcmp("lib1", "lib"), 0);
  EXPECT_GT(dr_ldcache_libcmp("a", "\x80"), 0);  // plain chars are signed: 0x80 < 'a'
  // 32-bit wrap as glibc's int arithmetic: 4294967296 becomes 0. No UB trap.
  EXPECT_EQ(dr_ldcache_libcmp("x4294967296", "x0"), 0);
  EXPECT_LT(dr_ldcache_libcmp("x2147483649", "x0"), 0);  // wraps to a negative int
  EXPECT_GT(dr_ldcache_libcmp("x99999999999999999999", "x"), 0);
}

// ---------------------------------------------------------------- shapes

Builder Sample() {
  Builder b;
  b.ents = {
      {"libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6"},
      {"libc.so.6", "/lib32/libc.so.6", FLAG_ELF_LIBC6},
      {"libm.so.6", "/lib/x86_64-linux-gnu/libm.so.6"},
      {"libz.so.1", "/usr/lib/x86_64-linux-gnu/libz.so.1"},
      {"ld-linux.so.2", "/lib/ld-linux.so.2", 1},
      {"libx32only.so.1", "/libx32/libx32only.so.1", 0x0803},
  };
  return b;
}

void CheckSample(const std::vector<uint8_t> &v) {
  Buf b(v);
  struct dr_ldcache c;
  ASSERT_EQ(dr_ldcache_open(&c, b.p.get(), b.n), 0);
  EXPECT_EQ(c.nlibs, 6u);
  EXPECT_EQ(Lookup(&c, "libc.so.6"), "/lib/x86_64-linux-gnu/libc.so.6");
  EXPECT_EQ(Lookup(&c, "libm.so.6"), "/lib/x86_64-linux-gnu/libm.so.6");
  EXPECT_EQ(Lookup(&c, "libz.so.1"), "/usr/lib/x86_64-linux-gnu/libz.so.1");
  EXPECT_EQ(Lookup(&c, "ld-linux.so.2"), "(null)");    // flags 1: not x86-64 libc6
  EXPECT_EQ(Lookup(&c, "libx32only.so.1"), "(null)");  // x32
  EXPECT_EQ(Lookup(&c, "libc.so"), "(null)");
  EXPECT_EQ(Lookup(&c, "libc.so.6.1"), "(null)");
  EXPECT_EQ(Lookup(&c, "libc.so.06"), "/lib/x86_64-linux-gnu/libc.so.6");  // libcmp equality
}

TEST(Ldcache, NewFormatOnly) { CheckSample(Sample().Build()); }

TEST(Ldcache, OldFormatWithNewInside) {
  Builder b = Sample();
  b.old_prefix = true;
  std::vector<uint8_t> v = b.Build();
  EXPECT_EQ(memcmp(v.data(), "ld.so-1.7.0", 11), 0);
  CheckSample(v);
  // An odd old entry count puts the new header after padding.
  b.ents.push_back({"libodd.so.1", "/odd/libodd.so.1"});
  v = b.Build();
  Buf buf(v);
  struct dr_ldcache c;
  ASSERT_EQ(dr_ldcache_open(&c, buf.p.get(), buf.n), 0);
  EXPECT_EQ(Lookup(&c, "libodd.so.1"), "/odd/libodd.so.1");
  EXPECT_EQ(Lookup(&c, "libc.so.6"), "/lib/x86_64-linux-gnu/libc.so.6");
}

TEST(Ldcache, OldFormatAlone) {
  Builder b = Sample();
  b.old_only = true;
  std::vector<uint8_t> v = b.Build();
  Buf buf(v);
  struct dr_ldcache c;
  ASSERT_EQ(dr_ldcache_open(&c, buf.p.get(), buf.n), 0);
  EXPECT_EQ(c.entry_size, 12u);
  EXPECT_EQ(Lookup(&c, "libc.so.6"), "/lib/x86_64-linux-gnu/libc.so.6");
  EXPECT_EQ(Lookup(&c, "ld-linux.so.2"), "(null)");
  uint64_t hwcap = 1;
  ASSERT_TRUE(dr_ldcache_entry(&c, 0, nullptr, nullptr, nullptr, &hwcap));
  EXPECT_EQ(hwcap, 0u);
}

TEST(Ldcache, EmptyCache) {
  Builder b;
  std::vector<uint8_t> v = b.Build();
  ASSERT_EQ(v.size(), 48u);
  Buf buf(v);
  struct dr_ldcache c;
  ASSERT_EQ(dr_ldcache_open(&c, buf.p.get(), buf.n), 0);
  EXPECT_EQ(Lookup(&c, "libc.so.6"), "(null)");
}

TEST(Ldcache, ManyEntriesBinarySearch) {
  Builder b;
  for (int i = 0; i < 300; i++) {
    std::string k = "lib" + std::string(1, char('a' + i % 26)) + std::to_string(i) + ".so." +
                     std::to_string(i % 7);
    b.ents.push_back({k, "/p/" + k});
    if (i % 5 == 0) b.ents.push_back({k, "/i386/" + k, FLAG_ELF_LIBC6});
  }
  std::vector<uint8_t> v = b.Build();
  Buf buf(v);
  struct dr_ldcache c;
  ASSERT_EQ(dr_ldcache_open(&c, buf.p.get(), buf.n), 0);
  for (int i = 0; i < 300; i++) {
    std::string k = "lib" + std::string(1, char('a' + i % 26)) + std::to_string(i) + ".so." +
                    std::to_string(i % 7);
    EXPECT_EQ(Lookup(&c, k.c_str()), "/p/" + k);
    EXPECT_EQ(Lookup(&c, (k + "x").c_str()), "(null)");
  }
}

// ---------------------------------------------------------------- hwcaps

// libz.so.1 in three glibc-hwcaps subdirectories and plain. Names in the
// extension are sorted by strcmp: x86-64-v2 (0), x86-64-v3 (1), x86-64-v4 (2).
Builder HwcapsSample() {
  Builder b;
  b.hwcaps = {"x86-64-v2", "x86-64-v3", "x86-64-v4"};
  b.ents = {
      {"libz.so.1", "/x32/libz.so.1", 0x0803},
      {"libz.so.1", "/l/glibc-hwcaps/x86-64-v2/libz.so.1", _DL_CACHE_DEFAULT_ID, Named(0, 1)},
      {"libz.so.1", "/l/glibc-hwcaps/x86-64-v3/libz.so.1", _DL_CACHE_DEFAULT_ID, Named(1, 2)},
      {"libz.so.1", "/l/glibc-hwcaps/x86-64-v4/libz.so.1", _DL_CACHE_DEFAULT_ID, Named(2, 3)},
      {"libz.so.1", "/l/libz.so.1"},
      {"libz.so.1", "/i386/libz.so.1", FLAG_ELF_LIBC6},
      {"libonlyv3.so", "/l/glibc-hwcaps/x86-64-v3/libonlyv3.so", _DL_CACHE_DEFAULT_ID, Named(1)},
      {"liba.so.1", "/l/liba.so.1"},
  };
  return b;
}

TEST(Ldcache, HwcapsPriority) {
  std::vector<uint8_t> v = HwcapsSample().Build();
  Buf buf(v);
  struct dr_ldcache c;
  ASSERT_EQ(dr_ldcache_open(&c, buf.p.get(), buf.n), 0);
  ASSERT_EQ(c.n_hwcaps, 3u);
  EXPECT_EQ(Lookup(&c, "libz.so.1"), "/l/libz.so.1");
  EXPECT_EQ(Lookup(&c, "libz.so.1", {"x86-64-v4", "x86-64-v3", "x86-64-v2"}),
            "/l/glibc-hwcaps/x86-64-v4/libz.so.1");
  EXPECT_EQ(Lookup(&c, "libz.so.1", {"x86-64-v3", "x86-64-v2"}),
            "/l/glibc-hwcaps/x86-64-v3/libz.so.1");
  EXPECT_EQ(Lookup(&c, "libz.so.1", {"x86-64-v2"}), "/l/glibc-hwcaps/x86-64-v2/libz.so.1");
  // The caller's order is the priority, whatever the names.
  EXPECT_EQ(Lookup(&c, "libz.so.1", {"x86-64-v2", "x86-64-v4"}),
            "/l/glibc-hwcaps/x86-64-v2/libz.so.1");
  EXPECT_EQ(Lookup(&c, "libz.so.1", {"x86-64-v9", "other"}), "/l/libz.so.1");
  EXPECT_EQ(Lookup(&c, "libonlyv3.so"), "(null)");
  EXPECT_EQ(Lookup(&c, "libonlyv3.so", {"x86-64-v2"}), "(null)");
  EXPECT_EQ(Lookup(&c, "libonlyv3.so", {"x86-64-v3"}), "/l/glibc-hwcaps/x86-64-v3/libonlyv3.so");
  EXPECT_EQ(Lookup(&c, "liba.so.1", {"x86-64-v3"}), "/l/liba.so.1");
  EXPECT_STREQ(dr_ldcache_hwcaps_name(&c, Named(1, 2)), "x86-64-v3");
  EXPECT_EQ(dr_ldcache_hwcaps_name(&c, Named(3)), nullptr);
  EXPECT_EQ(dr_ldcache_hwcaps_name(&c, 0), nullptr);
  EXPECT_EQ(dr_ldcache_hwcaps_name(&c, Named(1) | DR_LDCACHE_HWCAP_TLS), nullptr);

  // ISA levels: the v4 entry needs level 3 (x86-64-v4), the v3 one level 2.
  const char *all[] = {"x86-64-v4", "x86-64-v3", "x86-64-v2"};
  struct dr_ldcache_cpu cpu = {all, 3, 0x7, 0};  // baseline, v2, v3
  EXPECT_STREQ(dr_ldcache_lookup_cpu(&c, "libz.so.1", &cpu),
               "/l/glibc-hwcaps/x86-64-v3/libz.so.1");
  cpu.isa_1 = 0x1;
  EXPECT_STREQ(dr_ldcache_lookup_cpu(&c, "libz.so.1", &cpu), "/l/libz.so.1");
  cpu.isa_1 = 0xf;
  EXPECT_STREQ(dr_ldcache_lookup_cpu(&c, "libz.so.1", &cpu),
               "/l/glibc-hwcaps/x86-64-v4/libz.so.1");
  EXPECT_STREQ(dr_ldcache_lookup_cpu(&c, "libz.so.1", nullptr), "/l/libz.so.1");
}

TEST(Ldcache, HwcapsInOldPlusNew) {
  Builder b = HwcapsSample();
  b.old_prefix = true;
  std::vector<uint8_t> v = b.Build();
  Buf buf(v);
  struct dr_ldcache c;
  ASSERT_EQ(dr_ldcache_open(&c, buf.p.get(), buf.n), 0);
  EXPECT_EQ(Lookup(&c, "libz.so.1", {"x86-64-v3"}), "/l/glibc-hwcaps/x86-64-v3/libz.so.1");
}

TEST(Ldcache, LegacyHwcaps) {
  Builder b;
  b.ents = {
      // ldconfig puts the most specific legacy entries first.
      {"libq.so.1", "/l/tls/haswell/libq.so.1", _DL_CACHE_DEFAULT_ID,
       DR_LDCACHE_HWCAP_TLS | DR_LDCACHE_HWCAP_PLATFORM_HASWELL},
      {"libq.so.1", "/l/tls/libq.so.1", _DL_CACHE_DEFAULT_ID, DR_LDCACHE_HWCAP_TLS},
      {"libq.so.1", "/l/libq.so.1"},
      {"libonlytls.so", "/l/tls/libonlytls.so", _DL_CACHE_DEFAULT_ID, DR_LDCACHE_HWCAP_TLS},
  };
  std::vector<uint8_t> v = b.Build();
  Buf buf(v);
  struct dr_ldcache c;
  ASSERT_EQ(dr_ldcache_open(&c, buf.p.get(), buf.n), 0);
  EXPECT_EQ(Lookup(&c, "libq.so.1"), "/l/libq.so.1");
  EXPECT_EQ(Lookup(&c, "libonlytls.so"), "(null)");
  struct dr_ldcache_cpu cpu = {nullptr, 0, 1, DR_LDCACHE_HWCAP_TLS | DR_LDCACHE_HWCAP_X86_64};
  EXPECT_STREQ(dr_ldcache_lookup_cpu(&c, "libq.so.1", &cpu), "/l/tls/libq.so.1");
  EXPECT_STREQ(dr_ldcache_lookup_cpu(&c, "libonlytls.so", &cpu), "/l/tls/libonlytls.so");
  cpu.legacy_hwcap |= DR_LDCACHE_HWCAP_PLATFORM_HASWELL;
  EXPECT_STREQ(dr_ldcache_lookup_cpu(&c, "libq.so.1", &cpu), "/l/tls/haswell/libq.so.1");
  cpu.legacy_hwcap = DR_LDCACHE_HWCAP_PLATFORM_XEON_PHI | DR_LDCACHE_HWCAP_TLS;
  EXPECT_STREQ(dr_ldcache_lookup_cpu(&c, "libq.so.1", &cpu), "/l/tls/libq.so.1");
}

TEST(Ldcache, NamedBeatsLegacyAndStopsAtPlain) {
  Builder b;
  b.hwcaps = {"x86-64-v2"};
  b.ents = {
      {"libr.so", "/l/glibc-hwcaps/x86-64-v2/libr.so", _DL_CACHE_DEFAULT_ID, Named(0)},
      {"libr.so", "/l/tls/libr.so", _DL_CACHE_DEFAULT_ID, DR_LDCACHE_HWCAP_TLS},
      {"libr.so", "/l/libr.so"},
  };
  std::vector<uint8_t> v = b.Build();
  Buf buf(v);
  struct dr_ldcache c;
  ASSERT_EQ(dr_ldcache_open(&c, buf.p.get(), buf.n), 0);
  const char *hw[] = {"x86-64-v2"};
  struct dr_ldcache_cpu cpu = {hw, 1, 0xf, DR_LDCACHE_HWCAP_TLS};
  EXPECT_STREQ(dr_ldcache_lookup_cpu(&c, "libr.so", &cpu), "/l/glibc-hwcaps/x86-64-v2/libr.so");
  cpu.n_hwcaps = 0;
  EXPECT_STREQ(dr_ldcache_lookup_cpu(&c, "libr.so", &cpu), "/l/tls/libr.so");
}

TEST(Ldcache, BadEntryValueIsSkipped) {
  Builder b;
  b.ents = {{"libs.so", "/first"}, {"libs.so", "/second"}};
  std::vector<uint8_t> v = b.Build();
  // Entry 0's value offset past the end: glibc skips to the next entry.
  Put32(v, 48 + 8, uint32_t(v.size()));
  Buf buf(v);
  struct dr_ldcache c;
  ASSERT_EQ(dr_ldcache_open(&c, buf.p.get(), buf.n), 0);
  EXPECT_EQ(Lookup(&c, "libs.so"), "/second");
  const char *key, *value;
  ASSERT_TRUE(dr_ldcache_entry(&c, 0, &key, &value, nullptr, nullptr));
  EXPECT_STREQ(key, "libs.so");
  EXPECT_EQ(value, nullptr);
}

// ---------------------------------------------------------------- malformed

TEST(LdcacheMalformed, NullAndTiny) {
  struct dr_ldcache c;
  EXPECT_EQ(dr_ldcache_open(&c, nullptr, 0), -1);
  std::vector<uint8_t> z(100, 0);
  Buf b(z);
  EXPECT_EQ(dr_ldcache_open(&c, b.p.get(), b.n), -1);
  EXPECT_EQ(dr_ldcache_lookup(&c, "libc.so.6", nullptr, 0), nullptr);
  EXPECT_FALSE(dr_ldcache_entry(&c, 0, nullptr, nullptr, nullptr, nullptr));
}

TEST(LdcacheMalformed, Endianness) {
  struct {
    uint8_t flags;
    int want;
  } cases[] = {{0, 0}, {1, -1}, {2, 0}, {3, -1}, {0x80, -1}, {0x82, 0}, {0xfe, 0}};
  for (auto k : cases) {
    Builder s = Sample();
    s.endian = k.flags;
    std::vector<uint8_t> v = s.Build();
    Buf b(v);
    struct dr_ldcache c;
    EXPECT_EQ(dr_ldcache_open(&c, b.p.get(), b.n), k.want) << int(k.flags);
  }
}

TEST(LdcacheMalformed, HugeCounts) {
  for (bool old : {false, true}) {
    Builder s = Sample();
    s.old_prefix = old;
    std::vector<uint8_t> v = s.Build();
    size_t hdr = old ? ((16 + 12 * 6 + 7) & ~7u) : 0;
    for (uint32_t n : {0xffffffffu, 0x80000000u, 0x0aaaaaabu, uint32_t((v.size() - hdr - 48) / 24 + 1)}) {
      std::vector<uint8_t> w = v;
      Put32(w, hdr + 20, n);
      Buf b(w);
      struct dr_ldcache c;
      EXPECT_EQ(dr_ldcache_open(&c, b.p.get(), b.n), -1) << n;
    }
    if (old) {
      // A huge old count: the old table itself overruns.
      std::vector<uint8_t> w = v;
      Put32(w, 12, 0xffffffffu);
      Buf b(w);
      struct dr_ldcache c;
      EXPECT_EQ(dr_ldcache_open(&c, b.p.get(), b.n), -1);
    }
  }
}

// Every string offset of every entry pointed past the end, or at the last
// byte of an unterminated string: lookups fail, nothing is read outside.
TEST(LdcacheMalformed, BadStringOffsets) {
  std::vector<uint8_t> v = Sample().Build();
  for (uint32_t i = 0; i < 6; i++) {
    for (int field : {4, 8}) {
      for (uint32_t off : {uint32_t(v.size()), uint32_t(v.size() - 1), 0xffffffffu}) {
        std::vector<uint8_t> w = v;
        w.back() = 'X';  // the last string is now unterminated
        Put32(w, 48 + 24 * i + field, off);
        Buf b(w);
        struct dr_ldcache c;
        ASSERT_EQ(dr_ldcache_open(&c, b.p.get(), b.n), 0);
        for (const char *n : {"libc.so.6", "libm.so.6", "libz.so.1", "ld-linux.so.2", "x"})
          ExpectInside(b, dr_ldcache_lookup(&c, n, nullptr, 0));
        const char *key, *value;
        ASSERT_TRUE(dr_ldcache_entry(&c, i, &key, &value, nullptr, nullptr));
        EXPECT_EQ(field == 4 ? key : value, nullptr);
      }
    }
  }
}

TEST(LdcacheMalformed, BadExtension) {
  std::vector<uint8_t> v = HwcapsSample().Build();
  uint32_t ext = v[32] | v[33] << 8 | v[34] << 16 | uint32_t(v[35]) << 24;
  uint32_t arr = v[ext + 24 + 8] | v[ext + 24 + 9] << 8;
  auto expect_plain = [](const std::vector<uint8_t> &w, const char *why) {
    Buf b(w);
    struct dr_ldcache c;
    ASSERT_EQ(dr_ldcache_open(&c, b.p.get(), b.n), 0) << why;
    EXPECT_EQ(Lookup(&c, "libz.so.1", {"x86-64-v4", "x86-64-v3", "x86-64-v2"}), "/l/libz.so.1")
        << why;
    EXPECT_EQ(Lookup(&c, "libonlyv3.so", {"x86-64-v3"}), "(null)") << why;
  };
  struct {
    size_t off;
    uint32_t val;
    const char *why;
  } cases[] = {
      {32, uint32_t(v.size()), "extension_offset at end"},
      {32, 0xfffffffcu, "extension_offset huge"},
      {32, ext + 2, "extension_offset misaligned"},
      {ext, 0x12345678, "bad magic"},
      {ext + 4, 0xffffffffu, "count huge"},
      {ext + 4, 0x10000000u, "count overflows"},
      {ext + 8 + 8, 0xfffffff0u, "generator section offset overruns"},
      {ext + 8 + 12, 0xffffffffu, "generator section size overruns"},
      {ext + 24 + 8, arr + 1, "hwcaps section misaligned"},
      {ext + 24 + 12, 0, "hwcaps section empty"},
      {ext + 24 + 12, 6, "hwcaps size not a multiple of 4"},
      {ext + 24 + 12, uint32_t(v.size()), "hwcaps section overruns"},
  };
  for (auto k : cases) {
    std::vector<uint8_t> w = v;
    Put32(w, k.off, k.val);
    expect_plain(w, k.why);
  }
  // Name offsets past the end or unterminated: that name is unusable.
  for (uint32_t bad : {uint32_t(v.size()), 0xffffffffu}) {
    std::vector<uint8_t> w = v;
    Put32(w, arr + 4, bad);  // x86-64-v3
    Buf b(w);
    struct dr_ldcache c;
    ASSERT_EQ(dr_ldcache_open(&c, b.p.get(), b.n), 0);
    EXPECT_EQ(Lookup(&c, "libz.so.1", {"x86-64-v3", "x86-64-v2"}),
              "/l/glibc-hwcaps/x86-64-v2/libz.so.1");
    EXPECT_EQ(dr_ldcache_hwcaps_name(&c, Named(1)), nullptr);
  }
  // An unknown tag is ignored, not an error.
  std::vector<uint8_t> w = v;
  Put32(w, ext + 8, 77);
  Buf b(w);
  struct dr_ldcache c;
  ASSERT_EQ(dr_ldcache_open(&c, b.p.get(), b.n), 0);
  EXPECT_EQ(Lookup(&c, "libz.so.1", {"x86-64-v3"}), "/l/glibc-hwcaps/x86-64-v3/libz.so.1");
}

// Every prefix of valid caches of each shape: open either fails or gives a
// view whose every answer lies inside the prefix.
TEST(LdcacheMalformed, EveryTruncation) {
  std::vector<std::vector<uint8_t>> caches;
  caches.push_back(Sample().Build());
  Builder s = Sample();
  s.old_prefix = true;
  caches.push_back(s.Build());
  s.old_prefix = false;
  s.old_only = true;
  caches.push_back(s.Build());
  caches.push_back(HwcapsSample().Build());
  const char *names[] = {"libc.so.6", "libz.so.1", "libonlyv3.so", "ld-linux.so.2", "liba.so.1"};
  const char *hw[] = {"x86-64-v4", "x86-64-v3", "x86-64-v2"};
  for (size_t k = 0; k < caches.size(); k++) {
    const std::vector<uint8_t> &v = caches[k];
    for (size_t len = 0; len <= v.size(); len++) {
      Buf b(v, len);
      struct dr_ldcache c;
      int r = dr_ldcache_open(&c, b.p.get(), b.n);
      if (len < 16) EXPECT_EQ(r, -1);
      if (r != 0) continue;
      for (const char *n : names) {
        ExpectInside(b, dr_ldcache_lookup(&c, n, hw, 3));
        ExpectInside(b, dr_ldcache_lookup(&c, n, nullptr, 0));
      }
      const char *key, *value;
      for (uint32_t i = 0; dr_ldcache_entry(&c, i, &key, &value, nullptr, nullptr); i++) {
        ExpectInside(b, key);
        ExpectInside(b, value);
        ExpectInside(b, dr_ldcache_hwcaps_name(&c, Named(i % 4)));
      }
    }
    // The full cache resolves everything it should.
    Buf full(v);
    struct dr_ldcache c;
    ASSERT_EQ(dr_ldcache_open(&c, full.p.get(), full.n), 0);
    EXPECT_NE(dr_ldcache_lookup(&c, k == 3 ? "libz.so.1" : "libc.so.6", nullptr, 0), nullptr);
  }
  // The new-format-only cache needs its whole entry table.
  const std::vector<uint8_t> &v = caches[0];
  for (size_t len = 0; len < 48 + 24 * 6; len++) {
    Buf b(v, len);
    struct dr_ldcache c;
    EXPECT_EQ(dr_ldcache_open(&c, b.p.get(), b.n), -1) << len;
  }
}

// Deterministic byte corruption: never a read outside the buffer.
TEST(LdcacheMalformed, RandomCorruption) {
  std::vector<std::vector<uint8_t>> caches = {Sample().Build(), HwcapsSample().Build()};
  Builder s = HwcapsSample();
  s.old_prefix = true;
  caches.push_back(s.Build());
  uint64_t x = 0x9e3779b97f4a7c15ull;
  auto rnd = [&x]() {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    return x;
  };
  const char *hw[] = {"x86-64-v4", "x86-64-v3", "x86-64-v2"};
  int opened = 0;
  for (int iter = 0; iter < 6000; iter++) {
    std::vector<uint8_t> w = caches[iter % caches.size()];
    int flips = 1 + rnd() % 4;
    for (int f = 0; f < flips; f++) {
      size_t at = rnd() % w.size();
      // Bias towards the header, entry table and extension (the numbers).
      if (rnd() % 2) at = rnd() % std::min<size_t>(w.size(), 48 + 24 * 10);
      w[at] = uint8_t(rnd() % 3 == 0 ? 0xff : rnd());
    }
    Buf b(w);
    struct dr_ldcache c;
    if (dr_ldcache_open(&c, b.p.get(), b.n) != 0) continue;
    opened++;
    struct dr_ldcache_cpu cpu = {hw, 3, uint32_t(rnd()), rnd()};
    for (const char *n : {"libc.so.6", "libz.so.1", "libonlyv3.so", "liba.so.1", "libm.so.6"}) {
      ExpectInside(b, dr_ldcache_lookup_cpu(&c, n, &cpu));
      ExpectInside(b, dr_ldcache_lookup(&c, n, hw, 3));
    }
    const char *key, *value;
    uint64_t hwcap;
    for (uint32_t i = 0; dr_ldcache_entry(&c, i, &key, &value, nullptr, &hwcap); i++) {
      ExpectInside(b, key);
      ExpectInside(b, value);
      ExpectInside(b, dr_ldcache_hwcaps_name(&c, hwcap));
    }
  }
  EXPECT_GT(opened, 1000);
}

}  // namespace
