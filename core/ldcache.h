/* core/ldcache.h: a read-only view of /etc/ld.so.cache, glibc's format.
 *
 * The file is written by ldconfig (glibc elf/cache.c) and read by glibc's
 * ld.so (elf/dl-cache.c); the layout is sysdeps/generic/dl-cache.h. Three
 * shapes exist, all accepted here:
 *   - new format only: "glibc-ld.so.cache" "1.1" header, entries, strings
 *     (what Debian 12's ldconfig writes);
 *   - old format "ld.so-1.7.0" with the new one hidden at the next 8-byte
 *     boundary after the old entries (ldconfig -c compat);
 *   - old format alone (libc5 era; entries carry no hwcap).
 * Entry key/value offsets count from the start of the new header (old format
 * alone: from the end of the old entry array). The extension directory offset,
 * its section offsets and the glibc-hwcaps string offsets count from the start
 * of the file, as glibc's loader reads them.
 *
 * Nothing in the bytes is trusted: every offset and string is checked against
 * the range given to dr_ldcache_open, which the caller keeps mapped.
 */
#ifndef DRYAD_CORE_LDCACHE_H
#define DRYAD_CORE_LDCACHE_H

#include "base.h"

/* Names as in glibc's dl-cache.h / ldconfig.h. */
#define CACHEMAGIC "ld.so-1.7.0"
#define CACHEMAGIC_NEW "glibc-ld.so.cache"
#define CACHE_VERSION "1.1"
#define FLAG_TYPE_MASK 0x00ff
#define FLAG_ELF_LIBC6 0x0003
#define FLAG_REQUIRED_MASK 0xff00
#define FLAG_X8664_LIB64 0x0300
/* The only flags value x86-64's _dl_cache_check_flags accepts. */
#define _DL_CACHE_DEFAULT_ID (FLAG_X8664_LIB64 | FLAG_ELF_LIBC6)
#define DL_CACHE_HWCAP_EXTENSION (1ULL << 62)
#define DL_CACHE_HWCAP_ISA_LEVEL_MASK 0x3ffu
#define cache_extension_magic 0xeaa42174u
#define cache_extension_tag_glibc_hwcaps 1u

/* Legacy hwcap bits of an entry's hwcap field (glibc 2.36, x86-64), for
 * building dr_ldcache_cpu.legacy_hwcap; see there. */
#define DR_LDCACHE_HWCAP_X86_64 (1ULL << 1)           /* HWCAP_X86_64 */
#define DR_LDCACHE_HWCAP_X86_AVX512_1 (1ULL << 2)     /* HWCAP_X86_AVX512_1 */
#define DR_LDCACHE_HWCAP_PLATFORM_HASWELL (1ULL << 50) /* _DL_FIRST_PLATFORM + 2 */
#define DR_LDCACHE_HWCAP_PLATFORM_XEON_PHI (1ULL << 51)
#define DR_LDCACHE_HWCAP_TLS (1ULL << 63)             /* _DL_HWCAP_TLS_MASK */

/* A parsed cache: pointers into the caller's bytes, no copies. */
struct dr_ldcache {
  const uint8_t *file;    /* the whole file */
  size_t file_size;
  const uint8_t *entries; /* nlibs entries of entry_size bytes */
  uint32_t nlibs;
  uint32_t entry_size;    /* 24 (struct file_entry_new) or 12 (old) */
  const uint8_t *strings; /* base of key/value offsets */
  size_t strings_size;    /* bytes from strings to the end of the file */
  const uint8_t *hwcaps;  /* glibc-hwcaps section: n_hwcaps uint32 file offsets */
  uint32_t n_hwcaps;      /* 0 if absent or malformed (then no hwcaps entry is used) */
};

/* What the CPU and process allow, for glibc's full selection rule. */
struct dr_ldcache_cpu {
  /* Supported glibc-hwcaps subdirectory names, most preferred first, e.g.
   * {"x86-64-v4", "x86-64-v3", "x86-64-v2"} filtered by the CPU (glibc's
   * _dl_hwcaps_subdirs_active), after any --glibc-hwcaps-prepend names. */
  const char *const *hwcaps;
  size_t n_hwcaps;
  /* ISA levels the CPU supports, as glibc's cpu_features->isa_1:
   * GNU_PROPERTY_X86_ISA_1_BASELINE (bit 0), _V2 (bit 1), _V3, _V4. A
   * glibc-hwcaps entry records the level its library needs (bits 32..41 of
   * hwcap); it is skipped unless that level is in isa_1. */
  uint32_t isa_1;
  /* Legacy hwcap bits (entries without DL_CACHE_HWCAP_EXTENSION) that may be
   * set in a usable entry. glibc 2.36 on x86-64 accepts
   *   (dl_hwcap & glibc.cpu.hwcap_mask) | DR_LDCACHE_HWCAP_TLS | platform bit
   * where dl_hwcap = HWCAP_X86_64, plus HWCAP_X86_AVX512_1 on Intel CPUs with
   * AVX512CD/BW/DQ/VL (not ER), the mask defaults to HWCAP_X86_64 |
   * HWCAP_X86_AVX512_1, and the platform bit is that of dl_platform
   * ("haswell"/"xeon_phi" as computed from CPUID, none otherwise). 0 accepts
   * only plain entries (glibc 2.37+ behaviour). */
  uint64_t legacy_hwcap;
};

/* 0 on success, -1 if the bytes are not a well-formed cache (nothing else is
 * read then). The bytes must stay mapped while C is used. A malformed
 * extension directory is not an error (glibc ignores it too): only the
 * glibc-hwcaps entries become unusable. */
int dr_ldcache_open(struct dr_ldcache *c, const void *data, size_t size);

/* Path of the library whose soname is NAME, or NULL, chosen as glibc 2.36's
 * search_cache does: among the entries named NAME with flags ==
 * _DL_CACHE_DEFAULT_ID, the usable glibc-hwcaps entry of best priority,
 * else the first usable plain entry. The string lies inside the cache bytes
 * and is NUL-terminated within them. CPU may be NULL: plain entries only. */
const char *dr_ldcache_lookup_cpu(const struct dr_ldcache *c, const char *name,
                                  const struct dr_ldcache_cpu *cpu);

/* The same with HWCAPS (most preferred first, n may be 0), any ISA level and
 * no legacy-hwcap entries. */
const char *dr_ldcache_lookup(const struct dr_ldcache *c, const char *name,
                              const char *const *hwcaps, size_t n_hwcaps);

/* Entry I in file order (for --list-style dumps and tests); false past the
 * end. *KEY or *VALUE is NULL where that string is out of bounds or not
 * NUL-terminated inside the file. Old-format entries report hwcap 0. */
bool dr_ldcache_entry(const struct dr_ldcache *c, uint32_t i, const char **key,
                      const char **value, int32_t *flags, uint64_t *hwcap);

/* The glibc-hwcaps subdirectory name of an entry's HWCAP, or NULL if HWCAP
 * is not an extension entry or its index/name is invalid. */
const char *dr_ldcache_hwcaps_name(const struct dr_ldcache *c, uint64_t hwcap);

/* glibc's _dl_cache_libcmp: the order of the entries (digit runs compare as
 * numbers, wrapping at 32 bits as glibc does in practice). ldconfig sorts
 * the entries in descending order of this. */
int dr_ldcache_libcmp(const char *a, const char *b);

#endif
