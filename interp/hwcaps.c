/* interp/hwcaps.c: the subdirectories searched below every search directory,
 * and which of them exist (book: docs/04-finding-objects.md, "hwcaps").
 *
 * glibc 2.36 looks for a library in DIR/glibc-hwcaps/x86-64-vN/ for each
 * micro-architecture level N the CPU supports (newest first), then in the
 * legacy hwcaps subdirectories (every combination of "tls", the platform,
 * "avx512_1" and "x86_64", longest first), and last in DIR itself. Since
 * nearly none of these exist, it remembers each subdirectory it found absent
 * and never tries it again: a later search tries only what exists. dryad keeps
 * the same list, in the same order, and the same memory.
 */
#include <asm/unistd.h>
#include <sys/stat.h>

#include "../core/ldcache.h"
#include "arch/x86_64/syscall.h"
#include "dryad.h"

#define MAX_SUBDIRS 24
/* Only directory searches use these: with their path buffers, not among the
 * variables every start-up touches. */
static const char *subdirs[MAX_SUBDIRS] DR_BUFFER;
static uint8_t subdir_len[MAX_SUBDIRS] DR_BUFFER;
static uint32_t nsubdirs;

static const char *const levels[] = {"glibc-hwcaps/x86-64-v4/", "glibc-hwcaps/x86-64-v3/",
                                     "glibc-hwcaps/x86-64-v2/"};

static void init(const struct dr_process *p) {
  int level = dr_cpu_isa_level();
  for (int v = 4; v >= 2; v--)
    if (level >= v) subdirs[nsubdirs++] = levels[4 - v];
  for (uint32_t i = 0; i < nsubdirs; i++) subdir_len[i] = (uint8_t)dr_strlen(subdirs[i]);
  /* The legacy components, most significant first: every subset of them is a
   * subdirectory, taken in decreasing order of the subset as a binary number. */
  const char *parts[4];
  uint32_t nparts = 0;
  parts[nparts++] = "tls";
  if (dr_strcmp(p->platform, "haswell") == 0 || dr_strcmp(p->platform, "xeon_phi") == 0)
    parts[nparts++] = p->platform;
  if (dr_cpu_avx512_1()) parts[nparts++] = "avx512_1";
  parts[nparts++] = "x86_64";
  /* Static, not dr_alloc'd: the first search may come from a dlopen, whose
   * memory goes when its objects are unloaded. */
  static char names[15][40] DR_BUFFER;
  for (uint32_t set = (1u << nparts) - 1, k = 0; set > 0; set--) {
    char *buf = names[k++];
    uint64_t n = 0;
    for (uint32_t i = 0; i < nparts; i++) {
      if (!(set & (1u << (nparts - 1 - i)))) continue;
      size_t len = dr_strlen(parts[i]); /* at most 4 parts of 9 bytes: it fits */
      dr_memcpy(buf + n, parts[i], len);
      buf[n + len] = '/';
      n += len + 1;
    }
    buf[n] = 0;
    subdir_len[nsubdirs] = (uint8_t)n;
    subdirs[nsubdirs++] = buf;
  }
  subdirs[nsubdirs++] = "";
}

/* The same choice for /etc/ld.so.cache entries (dr_ldcache_lookup_cpu): the
 * glibc-hwcaps levels the CPU has, and the legacy hwcap bits an entry may carry. */
static const char *const level_names[] = {"x86-64-v4", "x86-64-v3", "x86-64-v2"};
static struct dr_ldcache_cpu cache_cpu;

const struct dr_ldcache_cpu *dr_hwcaps_cache_cpu(const struct dr_process *p) {
  if (!cache_cpu.isa_1) {
    int level = dr_cpu_isa_level();
    cache_cpu.hwcaps = &level_names[4 - (level > 1 ? level : 4)];
    cache_cpu.n_hwcaps = level > 1 ? (size_t)level - 1 : 0;
    cache_cpu.isa_1 = (1u << level) - 1;
    cache_cpu.legacy_hwcap = DR_LDCACHE_HWCAP_X86_64 | DR_LDCACHE_HWCAP_TLS |
                             (dr_cpu_avx512_1() ? DR_LDCACHE_HWCAP_X86_AVX512_1 : 0) |
                             (dr_strcmp(p->platform, "haswell") == 0 ? DR_LDCACHE_HWCAP_PLATFORM_HASWELL : 0) |
                             (dr_strcmp(p->platform, "xeon_phi") == 0 ? DR_LDCACHE_HWCAP_PLATFORM_XEON_PHI : 0);
  }
  return &cache_cpu;
}

uint32_t dr_hwcaps_count(const struct dr_process *p) {
  if (!nsubdirs) init(p);
  return nsubdirs;
}

const char *dr_hwcaps_subdir(uint32_t i) { return i < nsubdirs ? subdirs[i] : ""; }
size_t dr_hwcaps_subdir_len(uint32_t i) { return i < nsubdirs ? subdir_len[i] : 0; }

/* What is known of each directory searched so far: bit i of `absent` set when
 * subdirectory i was found not to be a directory, of `present` when it was. A
 * fixed table: searches run under the load lock, and the table outlives every
 * dlclose. Directories past its end are simply never remembered. */
static struct {
  char path[256];
  uint32_t absent, present;
} dirs[DR_HWCAPS_MAX_DIRS] DR_BUFFER;
static uint32_t ndirs;

/* DIR's entry, added when ADD and new; -1 when it is not (or cannot be) remembered.
 * A search asks once per directory, and passes the entry to the calls below. */
int dr_hwcaps_dir(const char *dir, bool add) {
  for (uint32_t i = 0; i < ndirs; i++)
    if (dr_strcmp(dirs[i].path, dir) == 0) return (int)i;
  if (!add || ndirs == DR_HWCAPS_MAX_DIRS || dr_strlen(dir) >= sizeof dirs[0].path) return -1;
  dr_memcpy(dirs[ndirs].path, dir, dr_strlen(dir) + 1);
  return (int)ndirs++;
}

bool dr_hwcaps_absent(int d, uint32_t i) { return d >= 0 && (dirs[d].absent >> i) & 1; }

/* The directory and all its subdirectories were found not to exist. */
bool dr_hwcaps_all_absent(int d) {
  return d >= 0 && nsubdirs && dirs[d].absent == (nsubdirs >= 32 ? ~0u : (1u << nsubdirs) - 1);
}

/* A file was or was not found in subdirectory I of directory D: on the first
 * miss, ask whether the subdirectory exists at all. PATH is the file's name,
 * and PATH[SLASH] the slash that ends the directory's part. */
void dr_hwcaps_note(int d, uint32_t i, bool found, char *path, size_t slash) {
  if (d < 0 || ((dirs[d].absent | dirs[d].present) >> i) & 1) return;
  if (found) {
    dirs[d].present |= 1u << i;
    return;
  }
  path[slash] = 0;
  struct stat st;
  bool is_dir = dr_syscall2(__NR_stat, path, &st) == 0 && S_ISDIR(st.st_mode);
  path[slash] = '/';
  if (is_dir) dirs[d].present |= 1u << i;
  else dirs[d].absent |= 1u << i;
}
