// Tests of core/search.c: list splitting, DST expansion (every spelling,
// secure mode, small buffers) and a differential run against glibc's own
// LD_LIBRARY_PATH decomposition, read back from LD_DEBUG=libs.
#include <gtest/gtest.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

extern "C" {
#include "core/search.h"
}

namespace {

std::vector<std::string> Split(const char *list, const char *seps) {
  std::vector<std::string> out;
  struct dr_path_iter it;
  dr_path_iter_init(&it, list, seps);
  const char *e;
  size_t n;
  while (dr_path_next(&it, &e, &n)) out.emplace_back(e, n);
  return out;
}

using V = std::vector<std::string>;

TEST(PathIter, Splitting) {
  EXPECT_EQ(Split(nullptr, ":"), V{});
  EXPECT_EQ(Split("", ":"), V{});  // an empty list is no list
  EXPECT_EQ(Split("a", ":"), V{"a"});
  EXPECT_EQ(Split("/a:/b", ":"), (V{"/a", "/b"}));
  EXPECT_EQ(Split(":", ":"), (V{"", ""}));
  EXPECT_EQ(Split("::", ":"), (V{"", "", ""}));
  EXPECT_EQ(Split(":/a", ":"), (V{"", "/a"}));
  EXPECT_EQ(Split("/a:", ":"), (V{"/a", ""}));
  EXPECT_EQ(Split("/a::/b", ":"), (V{"/a", "", "/b"}));
  EXPECT_EQ(Split("/a;/b:/c", ":"), (V{"/a;/b", "/c"}));  // RPATH: ':' only
  EXPECT_EQ(Split("/a;/b:/c", ":;"), (V{"/a", "/b", "/c"}));
  EXPECT_EQ(Split(";;", ":;"), (V{"", "", ""}));
  EXPECT_EQ(Split("/a b", ":;"), (V{"/a b"}));
  EXPECT_EQ(Split("abc", ""), (V{"abc"}));
}

struct Dst {
  struct dr_dst_values v = {};
  Dst() {
    v.origin = "/opt/app/bin";
    v.lib = "lib/x86_64-linux-gnu";
    v.platform = "x86_64";
  }
};

// Expansion into an exactly-sized heap buffer; "<drop>"/"<nospace>" for errors.
std::string Expand(const struct dr_dst_values &v, const std::string &in, size_t out_size = 4096) {
  std::unique_ptr<char[]> out(new char[out_size ? out_size : 1]);
  std::unique_ptr<char[]> src(new char[in.size() ? in.size() : 1]);
  memcpy(src.get(), in.data(), in.size());  // not NUL-terminated: a slice
  long r = dr_expand_dst(out_size ? out.get() : nullptr, out_size, src.get(), in.size(), &v);
  if (r == DR_DST_DROP) return "<drop>";
  if (r == DR_DST_NOSPACE) return "<nospace>";
  EXPECT_GE(r, 0);
  EXPECT_EQ(out[r], '\0');
  EXPECT_EQ(strlen(out.get()), size_t(r));
  return std::string(out.get(), r);
}

TEST(Dst, EverySpelling) {
  Dst d;
  EXPECT_EQ(Expand(d.v, "$ORIGIN"), "/opt/app/bin");
  EXPECT_EQ(Expand(d.v, "${ORIGIN}"), "/opt/app/bin");
  EXPECT_EQ(Expand(d.v, "$ORIGIN/../lib"), "/opt/app/bin/../lib");
  EXPECT_EQ(Expand(d.v, "${ORIGIN}/../lib"), "/opt/app/bin/../lib");
  EXPECT_EQ(Expand(d.v, "$LIB"), "lib/x86_64-linux-gnu");
  EXPECT_EQ(Expand(d.v, "${LIB}"), "lib/x86_64-linux-gnu");
  EXPECT_EQ(Expand(d.v, "/usr/$LIB/x"), "/usr/lib/x86_64-linux-gnu/x");
  EXPECT_EQ(Expand(d.v, "$PLATFORM"), "x86_64");
  EXPECT_EQ(Expand(d.v, "${PLATFORM}"), "x86_64");
  EXPECT_EQ(Expand(d.v, "/p/$PLATFORM/q"), "/p/x86_64/q");
  EXPECT_EQ(Expand(d.v, "$ORIGIN/$LIB/$PLATFORM"), "/opt/app/bin/lib/x86_64-linux-gnu/x86_64");
  EXPECT_EQ(Expand(d.v, "${ORIGIN}${LIB}${PLATFORM}"), "/opt/app/binlib/x86_64-linux-gnux86_64");
  EXPECT_EQ(Expand(d.v, "$ORIGIN$ORIGIN"), "/opt/app/bin/opt/app/bin");
  EXPECT_EQ(Expand(d.v, "/plain/dir"), "/plain/dir");
  EXPECT_EQ(Expand(d.v, ""), "");  // the current directory
}

TEST(Dst, NotTokens) {
  Dst d;
  // A token must end at a non-identifier character.
  EXPECT_EQ(Expand(d.v, "$ORIGINAL"), "$ORIGINAL");
  EXPECT_EQ(Expand(d.v, "$ORIGIN_"), "$ORIGIN_");
  EXPECT_EQ(Expand(d.v, "$ORIGIN0"), "$ORIGIN0");
  EXPECT_EQ(Expand(d.v, "$LIBX"), "$LIBX");
  EXPECT_EQ(Expand(d.v, "$PLATFORMS/x"), "$PLATFORMS/x");
  EXPECT_EQ(Expand(d.v, "$ORIGIN."), "/opt/app/bin.");
  EXPECT_EQ(Expand(d.v, "$ORIGIN-x"), "/opt/app/bin-x");
  EXPECT_EQ(Expand(d.v, "${ORIGIN}x_y"), "/opt/app/binx_y");  // braces end it
  EXPECT_EQ(Expand(d.v, "${ORIGIN"), "${ORIGIN");
  EXPECT_EQ(Expand(d.v, "${ORIGIN/x"), "${ORIGIN/x");
  EXPECT_EQ(Expand(d.v, "${ ORIGIN}"), "${ ORIGIN}");
  EXPECT_EQ(Expand(d.v, "${origin}"), "${origin}");
  EXPECT_EQ(Expand(d.v, "$origin"), "$origin");
  EXPECT_EQ(Expand(d.v, "$"), "$");
  EXPECT_EQ(Expand(d.v, "$$"), "$$");
  EXPECT_EQ(Expand(d.v, "$$ORIGIN"), "$/opt/app/bin");
  EXPECT_EQ(Expand(d.v, "a$"), "a$");
  EXPECT_EQ(Expand(d.v, "${}"), "${}");
  EXPECT_EQ(Expand(d.v, "$ORIG"), "$ORIG");
  EXPECT_EQ(Expand(d.v, "$FOO/$ORIGIN"), "$FOO//opt/app/bin");
}

TEST(Dst, SliceAndNul) {
  Dst d;
  // The slice end acts as the terminating NUL: "$ORIGIN" of "$ORIGINAL".
  const char *s = "$ORIGINAL:rest";
  char out[64];
  EXPECT_EQ(dr_expand_dst(out, sizeof out, s, 7, &d.v), 12);
  EXPECT_STREQ(out, "/opt/app/bin");
  EXPECT_EQ(dr_expand_dst(out, sizeof out, s, 9, &d.v), 9);
  EXPECT_STREQ(out, "$ORIGINAL");
  // A NUL inside the slice ends the input.
  EXPECT_EQ(dr_expand_dst(out, sizeof out, "ab\0cd", 5, &d.v), 2);
  EXPECT_STREQ(out, "ab");
  EXPECT_EQ(dr_expand_dst(out, sizeof out, nullptr, 0, &d.v), 0);
}

TEST(Dst, UnknownValuesDrop) {
  Dst d;
  d.v.origin = nullptr;
  EXPECT_EQ(Expand(d.v, "$ORIGIN/x"), "<drop>");
  EXPECT_EQ(Expand(d.v, "/a:$ORIGIN"), "<drop>");
  EXPECT_EQ(Expand(d.v, "$ORIGINAL"), "$ORIGINAL");  // not a token: no value needed
  EXPECT_EQ(Expand(d.v, "$LIB"), "lib/x86_64-linux-gnu");
  d = Dst();
  d.v.platform = nullptr;
  EXPECT_EQ(Expand(d.v, "/x/${PLATFORM}"), "<drop>");
  EXPECT_EQ(Expand(d.v, "/x/$ORIGIN"), "/x//opt/app/bin");
  d = Dst();
  d.v.lib = nullptr;
  EXPECT_EQ(Expand(d.v, "$LIB"), "<drop>");
  // A non-empty element expanding to nothing is dropped (fillin_rpath).
  d = Dst();
  d.v.platform = "";
  EXPECT_EQ(Expand(d.v, "$PLATFORM"), "<drop>");
  EXPECT_EQ(Expand(d.v, "${PLATFORM}/x"), "/x");
}

TEST(Dst, BufferTooSmall) {
  Dst d;
  for (const std::string in : {"$ORIGIN/../$LIB", "/plain", "$$", "${PLATFORM}"}) {
    std::string full = Expand(d.v, in);
    ASSERT_NE(full, "<nospace>");
    for (size_t n = 0; n <= full.size(); n++)
      EXPECT_EQ(Expand(d.v, in, n), "<nospace>") << in << " " << n;
    EXPECT_EQ(Expand(d.v, in, full.size() + 1), full);
  }
  // Drop wins over "too small": the caller must not retry with more room.
  d.v.origin = nullptr;
  EXPECT_EQ(Expand(d.v, "/long/prefix/$ORIGIN", 3), "<drop>");
}

TEST(Dst, SecureLibrary) {
  Dst d;
  d.v.secure = true;  // a library: no trusted-directory check
  EXPECT_EQ(Expand(d.v, "$ORIGIN"), "/opt/app/bin");
  EXPECT_EQ(Expand(d.v, "${ORIGIN}"), "/opt/app/bin");
  EXPECT_EQ(Expand(d.v, "$ORIGIN/../lib"), "/opt/app/bin/../lib");
  EXPECT_EQ(Expand(d.v, "${ORIGIN}/x"), "/opt/app/bin/x");
  EXPECT_EQ(Expand(d.v, "$ORIGIN/$LIB"), "/opt/app/bin/lib/x86_64-linux-gnu");
  // Anything but "$ORIGIN" as the whole first component is dropped.
  EXPECT_EQ(Expand(d.v, "/x/$ORIGIN"), "<drop>");
  EXPECT_EQ(Expand(d.v, "x$ORIGIN"), "<drop>");
  EXPECT_EQ(Expand(d.v, "$ORIGIN.d"), "<drop>");
  EXPECT_EQ(Expand(d.v, "$ORIGIN-x/y"), "<drop>");
  EXPECT_EQ(Expand(d.v, "${ORIGIN}x"), "<drop>");
  EXPECT_EQ(Expand(d.v, "$ORIGIN/$ORIGIN"), "<drop>");
  EXPECT_EQ(Expand(d.v, "$$ORIGIN"), "<drop>");
  // $LIB and $PLATFORM are fixed by the loader, so always allowed.
  EXPECT_EQ(Expand(d.v, "/usr/$LIB/$PLATFORM"), "/usr/lib/x86_64-linux-gnu/x86_64");
  EXPECT_EQ(Expand(d.v, "/a/$ORIGINAL"), "/a/$ORIGINAL");
}

TEST(Dst, SecureExecutableNeedsTrustedDirectory) {
  const char *sys[] = {"/lib/x86_64-linux-gnu/", "/usr/lib/x86_64-linux-gnu/", "/lib/", "/usr/lib/"};
  Dst d;
  d.v.secure = true;
  d.v.is_executable = true;
  d.v.trusted_dirs = sys;
  d.v.n_trusted_dirs = 4;
  d.v.origin = "/usr/bin";
  EXPECT_EQ(Expand(d.v, "$ORIGIN"), "<drop>");
  EXPECT_EQ(Expand(d.v, "$ORIGIN/../lib/x86_64-linux-gnu/app"),
            "/usr/bin/../lib/x86_64-linux-gnu/app");  // output stays unnormalized
  EXPECT_EQ(Expand(d.v, "$ORIGIN/../lib"), "/usr/bin/../lib");
  EXPECT_EQ(Expand(d.v, "$ORIGIN/../libexec"), "<drop>");
  EXPECT_EQ(Expand(d.v, "$ORIGIN/../../etc"), "<drop>");
  EXPECT_EQ(Expand(d.v, "$ORIGIN/./../lib//x/."), "/usr/bin/./../lib//x/.");
  EXPECT_EQ(Expand(d.v, "$ORIGIN/../../../../usr/lib"), "/usr/bin/../../../../usr/lib");
  EXPECT_EQ(Expand(d.v, "$ORIGIN/..."), "<drop>");
  d.v.origin = "/lib";  // "/lib" + '/' matches "/lib/"
  EXPECT_EQ(Expand(d.v, "$ORIGIN"), "/lib");
  d.v.origin = "/libexec";
  EXPECT_EQ(Expand(d.v, "$ORIGIN"), "<drop>");
  d.v.origin = "/usr//lib/x86_64-linux-gnu/app";
  EXPECT_EQ(Expand(d.v, "$ORIGIN"), "/usr//lib/x86_64-linux-gnu/app");
  d.v.origin = "/";
  EXPECT_EQ(Expand(d.v, "$ORIGIN/../lib"), "//../lib");
  EXPECT_EQ(Expand(d.v, "$ORIGIN"), "<drop>");
  // The check uses OUT as scratch: an exact buffer still works.
  d.v.origin = "/usr/lib";
  EXPECT_EQ(Expand(d.v, "$ORIGIN/x", 11), "/usr/lib/x");
  EXPECT_EQ(Expand(d.v, "$ORIGIN/x", 10), "<nospace>");
  // Without trusted directories nothing is trusted.
  d.v.n_trusted_dirs = 0;
  EXPECT_EQ(Expand(d.v, "$ORIGIN"), "<drop>");
  // Paths without $ORIGIN are not checked.
  EXPECT_EQ(Expand(d.v, "/opt/$LIB"), "/opt/lib/x86_64-linux-gnu");
  // Not secure: no check at all.
  d.v.secure = false;
  d.v.origin = "/home/u";
  EXPECT_EQ(Expand(d.v, "$ORIGIN/x"), "/home/u/x");
}

TEST(Dst, Count) {
  EXPECT_EQ(dr_dst_count("", 0), 0u);
  EXPECT_EQ(dr_dst_count("libfoo.so", 9), 0u);
  EXPECT_EQ(dr_dst_count("$ORIGIN/$LIB", 12), 2u);
  EXPECT_EQ(dr_dst_count("${PLATFORM}${LIB}", 17), 2u);
  EXPECT_EQ(dr_dst_count("$$ORIGIN", 8), 1u);
  EXPECT_EQ(dr_dst_count("$ORIGINAL$", 10), 0u);
  EXPECT_EQ(dr_dst_count("$ORIGINAL", 7), 1u);  // slice ends the token
  EXPECT_EQ(dr_dst_count("$LIB\0$LIB", 9), 1u);
  EXPECT_EQ(dr_dst_count("${LIB", 5), 0u);
}

TEST(PathHelpers, HasSlash) {
  EXPECT_FALSE(dr_has_slash("libc.so.6"));
  EXPECT_FALSE(dr_has_slash(""));
  EXPECT_FALSE(dr_has_slash(nullptr));
  EXPECT_TRUE(dr_has_slash("./libc.so.6"));
  EXPECT_TRUE(dr_has_slash("/lib/libc.so.6"));
  EXPECT_TRUE(dr_has_slash("$ORIGIN/libx.so"));
}

size_t Dirname(const char *p) { return dr_dirname_len(p, strlen(p)); }

TEST(PathHelpers, Dirname) {
  EXPECT_EQ(Dirname("/usr/bin/true"), 8u);
  EXPECT_EQ(Dirname("/true"), 1u);
  EXPECT_EQ(Dirname("/"), 1u);
  EXPECT_EQ(Dirname("true"), 0u);
  EXPECT_EQ(Dirname(""), 0u);
  EXPECT_EQ(Dirname("a/b"), 1u);
  EXPECT_EQ(Dirname("//b"), 1u);
  EXPECT_EQ(Dirname("/a//b"), 3u);  // glibc keeps the extra slash: "/a/"
  EXPECT_EQ(Dirname("/a/b/"), 4u);
  EXPECT_EQ(dr_dirname_len("/a/b/c", 4), 2u);  // bounded by LEN
  EXPECT_EQ(dr_dirname_len("/a\0/b", 5), 1u);  // and by a NUL
}

TEST(PathHelpers, TrimAndJoin) {
  EXPECT_EQ(dr_dir_trim("/a/b///", 7), 4u);
  EXPECT_EQ(dr_dir_trim("/", 1), 1u);
  EXPECT_EQ(dr_dir_trim("///", 3), 1u);
  EXPECT_EQ(dr_dir_trim("", 0), 0u);
  EXPECT_EQ(dr_dir_trim("a", 1), 1u);
  char out[32];
  EXPECT_EQ(dr_path_join(out, sizeof out, "/lib", 4, "libc.so.6", 9), 14);
  EXPECT_STREQ(out, "/lib/libc.so.6");
  EXPECT_EQ(dr_path_join(out, sizeof out, "/lib//", 6, "x", 1), 6);
  EXPECT_STREQ(out, "/lib/x");
  EXPECT_EQ(dr_path_join(out, sizeof out, "/", 1, "x", 1), 2);
  EXPECT_STREQ(out, "/x");
  EXPECT_EQ(dr_path_join(out, sizeof out, "", 0, "x", 1), 1);  // current directory
  EXPECT_STREQ(out, "x");
  EXPECT_EQ(dr_path_join(out, 15, "/lib", 4, "libc.so.6", 9), 14);
  EXPECT_EQ(dr_path_join(out, 14, "/lib", 4, "libc.so.6", 9), DR_DST_NOSPACE);
  EXPECT_EQ(dr_path_join(out, 0, "", 0, "", 0), DR_DST_NOSPACE);
  EXPECT_EQ(dr_path_join(out, 1, "", 0, "", 0), 0);
}

// ------------------------------------------------ differential against glibc

// The LD_LIBRARY_PATH directories glibc's ld.so builds for LLP, as
// LD_DEBUG=libs prints them: each directory once per hwcaps subdirectory,
// the plain one last. GROUP is that count (0: learn it).
bool GlibcLlp(const std::string &llp, size_t group, V *dirs, size_t *group_out) {
  std::string cmd = "env -i LD_DEBUG=libs LD_LIBRARY_PATH='" + llp + "' /bin/true 2>&1";
  FILE *p = popen(cmd.c_str(), "r");
  if (!p) return false;
  std::string line, found;
  char buf[65536];
  while (fgets(buf, sizeof buf, p)) {
    line = buf;
    if (found.empty() && line.find("search path=") != std::string::npos &&
        line.find("(LD_LIBRARY_PATH)") != std::string::npos)
      found = line;
  }
  int st = pclose(p);
  if (st != 0) return false;
  dirs->clear();
  if (found.empty()) return true;  // no directory at all
  size_t a = found.find("search path=") + 12, b = found.find("\t\t(");
  std::string body = found.substr(a, b - a);
  V items;
  size_t start = 0;
  for (;;) {
    size_t c = body.find(':', start);
    items.push_back(body.substr(start, c == std::string::npos ? c : c - start));
    if (c == std::string::npos) break;
    start = c + 1;
  }
  if (group == 0) {
    *group_out = items.size();
    dirs->push_back(items.back());
    return true;
  }
  if (items.size() % group != 0) return false;
  for (size_t i = group - 1; i < items.size(); i += group) dirs->push_back(items[i]);
  return true;
}

// dryad's decomposition, printed as glibc prints it.
V DryadLlp(const std::string &llp, const struct dr_dst_values &v) {
  V stored, printed;
  struct dr_path_iter it;
  dr_path_iter_init(&it, llp.c_str(), ":;");
  const char *e;
  size_t n;
  while (dr_path_next(&it, &e, &n)) {
    std::string dir;
    if (n > 0) {
      char buf[PATH_MAX];
      long r = dr_expand_dst(buf, sizeof buf, e, n, &v);
      if (r < 0) continue;
      size_t t = dr_dir_trim(buf, size_t(r));
      dir.assign(buf, t);
      if (dir != "/") dir += '/';
    }
    bool seen = false;
    for (const auto &s : stored) seen |= s == dir;
    if (seen) continue;
    stored.push_back(dir);
    printed.push_back(dir.size() > 1 ? dir.substr(0, dir.size() - 1) : dir);
  }
  return printed;
}

TEST(SearchGlibc, LdLibraryPathMatchesLdSo) {
  V probe;
  size_t group = 0;
  if (!GlibcLlp("/dryad-probe", 0, &probe, &group) || probe != V{"/dryad-probe"})
    GTEST_SKIP() << "LD_DEBUG output of /bin/true not available";
  V plat;
  ASSERT_TRUE(GlibcLlp("/dryad-p/$PLATFORM", group, &plat, &group));
  ASSERT_EQ(plat.size(), 1u);
  std::string platform = plat[0].substr(strlen("/dryad-p/"));
  char real[PATH_MAX];
  ASSERT_NE(realpath("/bin/true", real), nullptr);
  std::string origin(real, dr_dirname_len(real, strlen(real)));
  struct dr_dst_values v = {};
  v.origin = origin.c_str();
  v.lib = "lib/x86_64-linux-gnu";
  v.platform = platform.c_str();
  const char *cases[] = {
      "/da:/db",
      "/da::/db",
      ":/da",
      "/da:",
      "::",
      ";/da;;/db:",
      "/da//:/:///:/db/./",
      "/d1:/d2:/d1:/d1/:/d2//",
      "$ORIGIN/x:${ORIGIN}/y:$ORIGINAL:$ORIGIN_x:${ORIGIN:$:$$:x$ORIGIN",
      "$LIB:${LIB}z:$LIBX:/q/$PLATFORM:/r${PLATFORM}s:$lib",
      "$ORIGIN/../lib:/dx/$ORIGIN$ORIGIN:$ORIGIN.:${ORIGIN}",
      "${ORIGIN}:$ORIGIN:$ORIGIN/",
      "/a/./b:/a/../b:$$ORIGIN:${}:${ ORIGIN}",
  };
  for (const char *c : cases) {
    V want;
    ASSERT_TRUE(GlibcLlp(c, group, &want, &group)) << c;
    EXPECT_EQ(DryadLlp(c, v), want) << "LD_LIBRARY_PATH=" << c;
  }
}

}  // namespace
