// Tests of core/order.c: the initialiser order, against orders derived by hand
// from glibc 2.36's _dl_sort_maps_dfs (elf/dl-sort-maps.c) and against a
// recursive transcription of it on random graphs.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "core/tests/elf_builder.h"

extern "C" {
#include "core/order.h"
}

namespace {

typedef std::vector<uint32_t> V;
typedef std::vector<V> Graph;  // g[i]: object i's DT_NEEDED, as load-list indices

// dr_sort_init_order over exactly sized arrays; false if it refused the graph.
bool Sort(const Graph &g, V *out) {
  const size_t n = g.size();
  V first, deps;
  for (size_t i = 0; i < n; i++) {
    first.push_back((uint32_t)deps.size());
    deps.insert(deps.end(), g[i].begin(), g[i].end());
  }
  first.push_back((uint32_t)deps.size());
  eb::Buf fb(first.data(), first.size() * 4), db(deps.data(), deps.size() * 4), ob(n * 4), sb(3 * n * 4);
  struct dr_graph gr = {n, reinterpret_cast<const uint32_t *>(fb.data()),
                        reinterpret_cast<const uint32_t *>(db.data())};
  if (!dr_sort_init_order(&gr, reinterpret_cast<uint32_t *>(ob.data()), reinterpret_cast<uint32_t *>(sb.data())))
    return false;
  out->assign(reinterpret_cast<uint32_t *>(ob.data()), reinterpret_cast<uint32_t *>(ob.data()) + n);
  return true;
}

V Sorted(const Graph &g) {
  V out;
  EXPECT_TRUE(Sort(g, &out));
  return out;
}

// glibc's dfs_traversal and _dl_sort_maps_dfs (for_fini false: no l_reldeps),
// recursion and all. maps[0] is the main map (l_main_map), never entered
// through a dependency edge.
void GlibcDfs(const Graph &g, uint32_t map, std::vector<bool> &visited, V &rpo, size_t &head) {
  if (visited[map]) return;
  visited[map] = true;
  for (uint32_t dep : g[map])
    if (!visited[dep] && dep != 0) GlibcDfs(g, dep, visited, rpo, head);
  rpo[--head] = map;
}

V Glibc(const Graph &g) {
  const size_t n = g.size();
  std::vector<bool> visited(n, false);
  V rpo(n);
  size_t head = n;
  for (size_t i = n; i-- > 0;) {
    GlibcDfs(g, (uint32_t)i, visited, rpo, head);
    if (head == 0) break;
  }
  return rpo;
}

// Initialisers run from the end of the sorted list back to its start.
V InitOrder(const V &sorted) { return V(sorted.rbegin(), sorted.rend()); }

TEST(Order, Empty) {
  V out;
  EXPECT_TRUE(Sort({}, &out));
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(Sorted({{}}), V{0});
}

// main -> A -> B -> C, loaded breadth-first as [main, A, B, C].
TEST(Order, Chain) {
  Graph g = {{1}, {2}, {3}, {}};
  EXPECT_EQ(Sorted(g), (V{0, 1, 2, 3}));
  EXPECT_EQ(InitOrder(Sorted(g)), (V{3, 2, 1, 0}));  // C, B, A, main
  EXPECT_EQ(Sorted(g), Glibc(g));
}

// main -> {A, B}; A -> C; B -> C: [main, A, B, C] -> C first, then B, A, main.
TEST(Order, Diamond) {
  Graph g = {{1, 2}, {3}, {3}, {}};
  EXPECT_EQ(Sorted(g), (V{0, 1, 2, 3}));
  EXPECT_EQ(Sorted(g), Glibc(g));
}

// main -> {A, B}; B -> A. The load list [main, A, B] has B after A, yet A must
// initialise first: from the end, B is visited, its dependency A placed last.
TEST(Order, DependencyLoadedEarlier) {
  Graph g = {{1, 2}, {}, {1}};
  EXPECT_EQ(Sorted(g), (V{0, 2, 1}));
  EXPECT_EQ(InitOrder(Sorted(g)), (V{1, 2, 0}));  // A, B, main
  EXPECT_EQ(Sorted(g), Glibc(g));
}

// main -> {A, B}; A -> C; C -> B: [main, A, B, C]. From C (last): B, then C;
// then A; then main: sorted [main, A, C, B], so B, C, A, main initialise.
TEST(Order, DeeperReordering) {
  Graph g = {{1, 2}, {3}, {}, {2}};
  EXPECT_EQ(Sorted(g), (V{0, 1, 3, 2}));
  EXPECT_EQ(Sorted(g), Glibc(g));
}

// Edges of 4 -> {1, 2}, 2 -> 3, 3 -> 1 (no main edges): from 4, 1 is placed
// last, then 3 (via 2), then 2, then 4; main goes first: [0, 4, 2, 3, 1].
TEST(Order, DepthFirstFromTheLastObject) {
  Graph g = {{}, {}, {3}, {1}, {1, 2}};
  EXPECT_EQ(Sorted(g), (V{0, 4, 2, 3, 1}));
  EXPECT_EQ(Sorted(g), Glibc(g));
}

// A cycle A -> B -> A under main: [main, A, B]. From B: A (whose B is already
// visited) is placed, then B: sorted [main, B, A]; A initialises first.
TEST(Order, Cycle) {
  Graph g = {{1}, {2}, {1}};
  EXPECT_EQ(Sorted(g), (V{0, 2, 1}));
  EXPECT_EQ(Sorted(g), Glibc(g));
  // The other way round: main -> B first in the list.
  Graph h = {{1}, {2}, {1}, {}};
  EXPECT_EQ(Sorted(h), Glibc(h));
  // A three-cycle 1 -> 2 -> 3 -> 1, entered from 3: 3, 1, 2 visited, 2 placed last.
  Graph k = {{1}, {2}, {3}, {1}};
  EXPECT_EQ(Sorted(k), (V{0, 3, 1, 2}));
  EXPECT_EQ(Sorted(k), Glibc(k));
}

TEST(Order, SelfLoopsAndDuplicates) {
  Graph g = {{1, 1, 2, 1}, {1, 2, 2}, {2}};
  EXPECT_EQ(Sorted(g), (V{0, 1, 2}));
  EXPECT_EQ(Sorted(g), Glibc(g));
}

// glibc never enters the main map through a dependency (l_main_map), even when
// a library names it (e.g. a plugin linked against the program).
TEST(Order, EdgesToMainAreIgnored) {
  Graph g = {{1}, {0, 2}, {0}};
  EXPECT_EQ(Sorted(g), (V{0, 1, 2}));
  EXPECT_EQ(InitOrder(Sorted(g)).back(), 0u);  // main last, as always
  EXPECT_EQ(Sorted(g), Glibc(g));
}

// A typical C++ program: main -> {libstdc++, libm, libc}, libstdc++ -> {libm, libc,
// ld.so, libgcc_s}, libm -> {libc, ld.so}, libc -> {ld.so}, libgcc_s -> {libc}.
// Load list: [main, libstdc++, libm, libc, ld.so, libgcc_s].
TEST(Order, CxxProgram) {
  Graph g = {{1, 2, 3}, {2, 3, 4, 5}, {3, 4}, {4}, {}, {3}};
  // From libgcc_s (5): libc (3) -> ld.so (4) placed at 5, libc at 4, libgcc_s at 3.
  // libm (2): at 2. libstdc++ (1): at 1. main at 0.
  EXPECT_EQ(Sorted(g), (V{0, 1, 2, 5, 3, 4}));
  EXPECT_EQ(InitOrder(Sorted(g)), (V{4, 3, 5, 2, 1, 0}));  // ld.so, libc, libgcc_s, libm, libstdc++, main
  EXPECT_EQ(Sorted(g), Glibc(g));
}

// Objects nobody depends on (e.g. LD_PRELOAD'ed ones, loaded right after main).
TEST(Order, UnreferencedObjects) {
  Graph g = {{2}, {}, {3}, {}};  // 1: a preloaded object
  EXPECT_EQ(Sorted(g), (V{0, 1, 2, 3}));
  EXPECT_EQ(Sorted(g), Glibc(g));
}

TEST(Order, RejectsBadGraphs) {
  V out;
  EXPECT_FALSE(Sort({{1}, {2}}, &out));        // an edge past the list
  EXPECT_FALSE(Sort({{}, {0xffffffffu}}, &out));
  // first[] going backwards.
  uint32_t first[] = {0, 2, 1, 2}, deps[] = {1, 2};
  eb::Buf fb(first, sizeof first), db(deps, sizeof deps), ob(3 * 4), sb(9 * 4);
  struct dr_graph gr = {3, reinterpret_cast<const uint32_t *>(fb.data()),
                        reinterpret_cast<const uint32_t *>(db.data())};
  EXPECT_FALSE(dr_sort_init_order(&gr, reinterpret_cast<uint32_t *>(ob.data()),
                                  reinterpret_cast<uint32_t *>(sb.data())));
}

// The result is always a permutation in which every dependency (other than
// main) comes after its dependent, unless a cycle makes that impossible.
TEST(Order, MatchesGlibcOnRandomGraphs) {
  std::mt19937 rng(236);
  for (int iter = 0; iter < 2000; iter++) {
    const size_t n = 1 + rng() % 24;
    Graph g(n);
    const bool dag = rng() % 2;
    for (size_t i = 0; i < n; i++) {
      size_t k = rng() % 5;
      for (size_t j = 0; j < k; j++) {
        uint32_t d = rng() % n;
        if (dag && d <= i) continue;  // edges only forward: no cycles
        g[i].push_back(d);
      }
    }
    V got;
    ASSERT_TRUE(Sort(g, &got)) << iter;
    ASSERT_EQ(got, Glibc(g)) << "iteration " << iter;
    V pos(n);
    std::vector<bool> seen(n, false);
    for (size_t k = 0; k < n; k++) {
      ASSERT_FALSE(seen[got[k]]);
      seen[got[k]] = true;
      pos[got[k]] = (uint32_t)k;
    }
    EXPECT_EQ(got[0], 0u);  // main is sorted first, so it initialises last
    if (dag)
      for (size_t i = 0; i < n; i++)
        for (uint32_t d : g[i])
          if (d != 0) EXPECT_LT(pos[i], pos[d]) << iter;
  }
}

// No recursion: a long chain does not exhaust the stack.
V SortFlat(const V &first, const V &deps) {
  const size_t n = first.size() - 1;
  eb::Buf fb(first.data(), first.size() * 4), db(deps.data(), deps.size() * 4), ob(n * 4), sb(3 * n * 4);
  struct dr_graph gr = {n, reinterpret_cast<const uint32_t *>(fb.data()),
                        reinterpret_cast<const uint32_t *>(db.data())};
  EXPECT_TRUE(dr_sort_init_order(&gr, reinterpret_cast<uint32_t *>(ob.data()),
                                 reinterpret_cast<uint32_t *>(sb.data())));
  return V(reinterpret_cast<uint32_t *>(ob.data()), reinterpret_cast<uint32_t *>(ob.data()) + n);
}

TEST(Order, LongChain) {
  const uint32_t n = 300000;
  V first(n + 1), deps, want(n);
  for (uint32_t i = 0; i < n; i++) {  // i -> i + 1
    first[i] = (uint32_t)deps.size();
    if (i + 1 < n) deps.push_back(i + 1);
    want[i] = i;
  }
  first[n] = (uint32_t)deps.size();
  EXPECT_EQ(SortFlat(first, deps), want);
  // The same chain the other way: 0 -> n-1 -> n-2 -> ... -> 1.
  deps.clear();
  for (uint32_t i = 0; i < n; i++) {
    first[i] = (uint32_t)deps.size();
    if (i == 0) deps.push_back(n - 1);
    else if (i >= 2) deps.push_back(i - 1);
    want[i] = i ? n - i : 0;
  }
  first[n] = (uint32_t)deps.size();
  EXPECT_EQ(SortFlat(first, deps), want);
}

}  // namespace
