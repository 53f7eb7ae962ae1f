/* interp/glibc/tunables.c: glibc's tunables, as libc.so.6 asks for them.
 *
 * libc reads tunables by number through __tunable_get_val (malloc, pthread,
 * elision, the x86 string routines). The numbering, types, bounds, defaults
 * and environment aliases below are glibc 2.36's tunable_list, read from
 * Debian's libc6-dbg DWARF with the gdb script in ../shared/notes/glibc-abi-tools/
 * (tunables.gdb); glibc's tunables are numbered per build, so a new glibc
 * needs this table re-derived (the libc version check refuses other builds). Values come from GLIBC_TUNABLES
 * ("glibc.malloc.check=3:glibc.rtld.nns=2") and the aliases (MALLOC_CHECK_=3),
 * which secure processes ignore. Book: docs/12-glibc-contract.md.
 */
#include "glibc.h"

enum { T_INT_32, T_UINT_64, T_SIZE_T, T_STRING };

struct tunable {
  const char *name;
  uint8_t type;
  int64_t min, max, def;
  const char *alias;
};

/* id  name  type  min  max  default  alias (glibc 2.36, Debian 2.36-9+deb12u14). */
static const struct tunable table[] = {
    {"glibc.rtld.nns", T_SIZE_T, 1, 16, 4, 0},
    {"glibc.elision.skip_lock_after_retries", T_INT_32, 0, 2147483647, 3, 0},
    {"glibc.malloc.trim_threshold", T_SIZE_T, 0, -1, 0, "MALLOC_TRIM_THRESHOLD_"},
    {"glibc.malloc.perturb", T_INT_32, 0, 255, 0, "MALLOC_PERTURB_"},
    {"glibc.cpu.x86_shared_cache_size", T_SIZE_T, 0, -1, 0, 0},
    {"glibc.pthread.rseq", T_INT_32, 0, 1, 1, 0},
    {"glibc.mem.tagging", T_INT_32, 0, 255, 0, 0},
    {"glibc.elision.tries", T_INT_32, 0, 2147483647, 3, 0},
    {"glibc.elision.enable", T_INT_32, 0, 1, 0, 0},
    {"glibc.malloc.hugetlb", T_SIZE_T, 0, -1, 0, 0},
    {"glibc.cpu.x86_rep_movsb_threshold", T_SIZE_T, 1, -1, 0, 0},
    {"glibc.malloc.mxfast", T_SIZE_T, 0, -1, 0, 0},
    {"glibc.rtld.dynamic_sort", T_INT_32, 1, 2, 2, 0},
    {"glibc.elision.skip_lock_busy", T_INT_32, 0, 2147483647, 3, 0},
    {"glibc.malloc.top_pad", T_SIZE_T, 0, -1, 0, "MALLOC_TOP_PAD_"},
    {"glibc.cpu.x86_rep_stosb_threshold", T_SIZE_T, 1, -1, 2048, 0},
    {"glibc.cpu.x86_non_temporal_threshold", T_SIZE_T, 0, -1, 0, 0},
    {"glibc.cpu.x86_shstk", T_STRING, 0, 0, 0, 0},
    {"glibc.pthread.stack_cache_size", T_SIZE_T, 0, -1, 41943040, 0},
    {"glibc.gmon.minarcs", T_INT_32, 50, 2147483647, 50, 0},
    {"glibc.cpu.hwcap_mask", T_UINT_64, 0, -1, 6, "LD_HWCAP_MASK"},
    {"glibc.malloc.mmap_max", T_INT_32, 0, 2147483647, 0, "MALLOC_MMAP_MAX_"},
    {"glibc.elision.skip_trylock_internal_abort", T_INT_32, 0, 2147483647, 3, 0},
    {"glibc.malloc.tcache_unsorted_limit", T_SIZE_T, 0, -1, 0, 0},
    {"glibc.cpu.x86_ibt", T_STRING, 0, 0, 0, 0},
    {"glibc.cpu.hwcaps", T_STRING, 0, 0, 0, 0},
    {"glibc.elision.skip_lock_internal_abort", T_INT_32, 0, 2147483647, 3, 0},
    {"glibc.malloc.arena_max", T_SIZE_T, 1, -1, 0, "MALLOC_ARENA_MAX"},
    {"glibc.malloc.mmap_threshold", T_SIZE_T, 0, -1, 0, "MALLOC_MMAP_THRESHOLD_"},
    {"glibc.cpu.x86_data_cache_size", T_SIZE_T, 0, -1, 0, 0},
    {"glibc.malloc.tcache_count", T_SIZE_T, 0, -1, 0, 0},
    {"glibc.malloc.arena_test", T_SIZE_T, 1, -1, 0, "MALLOC_ARENA_TEST"},
    {"glibc.pthread.mutex_spin_count", T_INT_32, 0, 32767, 100, 0},
    {"glibc.gmon.maxarcs", T_INT_32, 50, 2147483647, 1048576, 0},
    {"glibc.rtld.optional_static_tls", T_SIZE_T, 0, -1, 512, 0},
    {"glibc.malloc.tcache_max", T_SIZE_T, 0, -1, 0, 0},
    {"glibc.malloc.check", T_INT_32, 0, 3, 0, "MALLOC_CHECK_"},
};
#define NTUNABLES (sizeof table / sizeof table[0])

/* glibc's tunable_val_t and the state __tunable_get_val reports. */
union tunable_val {
  int64_t numval;
  const char *strval;
};
static union tunable_val values[NTUNABLES];
static bool initialized[NTUNABLES];

/* Digits, 0x hex or 0 octal, as glibc's tunables_strtoul; false if not a number. */
static bool parse_number(const char *s, size_t n, uint64_t *out) {
  uint64_t base = 10, v = 0;
  if (n > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) base = 16, s += 2, n -= 2;
  else if (n > 1 && s[0] == '0') base = 8, s++, n--;
  if (n == 0) return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    uint64_t d = c >= '0' && c <= '9' ? (uint64_t)(c - '0')
                 : c >= 'a' && c <= 'f' ? (uint64_t)(c - 'a' + 10)
                 : c >= 'A' && c <= 'F' ? (uint64_t)(c - 'A' + 10) : 99;
    if (d >= base) return false;
    v = v * base + d;
  }
  *out = v;
  return true;
}

static void set(size_t id, const char *val, size_t len) {
  const struct tunable *t = &table[id];
  if (t->type == T_STRING) {
    values[id].strval = dr_strndup(val, len);
    initialized[id] = true;
    return;
  }
  uint64_t v;
  if (!parse_number(val, len, &v)) return;
  /* Out-of-range values are ignored, as glibc ignores them. */
  if (t->type == T_INT_32 ? ((int64_t)v < t->min || (int64_t)v > t->max)
                          : (v < (uint64_t)t->min || v > (uint64_t)t->max))
    return;
  values[id].numval = (int64_t)v;
  initialized[id] = true;
}

static void parse_glibc_tunables(const char *s) {
  while (s && *s) {
    const char *eq = s, *end;
    while (*eq && *eq != '=' && *eq != ':') eq++;
    if (*eq != '=') { s = *eq ? eq + 1 : eq; continue; }
    end = eq + 1;
    while (*end && *end != ':') end++;
    for (size_t i = 0; i < NTUNABLES; i++)
      if (dr_strlen(table[i].name) == (size_t)(eq - s) && dr_strncmp(table[i].name, s, (size_t)(eq - s)) == 0)
        set(i, eq + 1, (size_t)(end - eq - 1));
    s = *end ? end + 1 : end;
  }
}

/* Once, at startup (dr_setup_tls). Its first touch of these tables is a
 * write: a read first would map the zero page, and the write fault again. */
void dr_glibc_tunables(struct dr_process *p) {
  for (size_t i = 0; i < NTUNABLES; i++) values[i].numval = table[i].def;
  if (p->opt.secure) return;
  for (size_t i = 0; i < NTUNABLES; i++) {
    const char *v = table[i].alias ? dr_getenv_str(p, table[i].alias) : 0;
    if (v) set(i, v, dr_strlen(v));
  }
  parse_glibc_tunables(dr_getenv(p, "GLIBC_TUNABLES"));
}

uint64_t dr_tunable(int id) { return (uint64_t)values[id].numval; }

typedef void (*tunable_callback_t)(union tunable_val *);

DR_EXPORT void __tunable_get_val(uint32_t id, void *valp, tunable_callback_t callback);
void __tunable_get_val(uint32_t id, void *valp, tunable_callback_t callback) {
  if (id >= NTUNABLES) return;
  switch (table[id].type) {
    case T_UINT_64: *(uint64_t *)valp = (uint64_t)values[id].numval; break;
    case T_INT_32: *(int32_t *)valp = (int32_t)values[id].numval; break;
    case T_SIZE_T: *(uint64_t *)valp = (uint64_t)values[id].numval; break;
    default: *(const char **)valp = values[id].strval; break;
  }
  if (initialized[id] && callback) callback(&values[id]);
}
