/* core/search.h: search-path lists and dynamic string tokens (DSTs).
 *
 * The rules are glibc 2.36's (elf/dl-load.c: fillin_rpath, decompose_rpath,
 * _dl_init_paths, is_dst, _dl_dst_substitute; elf/dl-object.c for $ORIGIN):
 *
 *  - A list is split at every separator: ":" for DT_RPATH/DT_RUNPATH, ":;"
 *    for LD_LIBRARY_PATH. An empty list has no elements at all, but an empty
 *    element of a non-empty list ("a::b", ":a", "a:") is the current
 *    directory: glibc keeps it as the directory "" and opens the bare NAME.
 *  - Each non-empty element is DST-expanded (dr_expand_dst). An element that
 *    cannot be expanded, or expands to "", is dropped.
 *  - Trailing slashes are then removed except for "/" (dr_dir_trim), and a
 *    directory that already appears in the same list is not searched again.
 *  - In a DT_NEEDED name, any DST in a secure (AT_SECURE) process is an error
 *    ("DST not allowed in SUID/SGID programs"), and one that expands to
 *    nothing is an error too ("empty dynamic string token substitution").
 */
#ifndef DRYAD_CORE_SEARCH_H
#define DRYAD_CORE_SEARCH_H

#include "base.h"

/* Iterator over a separator-delimited list (like strsep). */
struct dr_path_iter {
  const char *p;    /* start of the next element; NULL when done */
  const char *seps; /* separator characters, NUL-terminated */
};

/* LIST (NUL-terminated, may be NULL) split at any character of SEPS. */
void dr_path_iter_init(struct dr_path_iter *it, const char *list, const char *seps);

/* Next element as a slice (not NUL-terminated; *LEN may be 0 for an empty
 * element); false when the list is exhausted. */
bool dr_path_next(struct dr_path_iter *it, const char **elem, size_t *len);

/* What the tokens expand to. */
struct dr_dst_values {
  /* $ORIGIN: directory of the object without trailing slash ("/" for an
   * object in the root; see dr_dirname_len). NULL if unknown: an element
   * using $ORIGIN is then dropped. */
  const char *origin;
  /* $LIB: DL_DST_LIB, "lib/x86_64-linux-gnu" on Debian 12. */
  const char *lib;
  /* $PLATFORM: glibc's GLRO(dl_platform). On x86-64 glibc 2.36 replaces
   * AT_PLATFORM ("x86_64") with "haswell" or "xeon_phi" when CPUID shows
   * those feature sets (Intel only), so this is not always "x86_64". NULL
   * if unknown: the element is dropped. */
  const char *platform;
  /* AT_SECURE (glibc's __libc_enable_secure). */
  bool secure;
  /* The object is the main program (glibc's lt_executable). In secure mode
   * its $ORIGIN paths must, once normalized, lie under a trusted directory;
   * a library's need not. */
  bool is_executable;
  /* glibc's system directories, each with a trailing '/', e.g.
   * "/lib/x86_64-linux-gnu/", "/usr/lib/x86_64-linux-gnu/", "/lib/",
   * "/usr/lib/". Only read for is_executable in secure mode. */
  const char *const *trusted_dirs;
  size_t n_trusted_dirs;
};

/* dr_expand_dst's failures; both are < 0. */
#define DR_DST_DROP (-1)    /* the element is unusable: drop it, as glibc */
#define DR_DST_NOSPACE (-2) /* OUT is too small */

/* Expand $ORIGIN, ${ORIGIN}, $LIB, ${LIB}, $PLATFORM, ${PLATFORM} in the
 * element IN[0..IN_LEN) (stopping early at a NUL) into OUT, NUL-terminated.
 * A token must not be followed by [A-Za-z0-9_] ("$ORIGINAL" is literal); any
 * other "$" is copied as is. Returns the length written (0 only for an empty
 * IN, i.e. the current directory), or DR_DST_DROP when glibc would drop the
 * element: a token with an unknown value, a non-empty IN that expands to "",
 * and in secure mode an $ORIGIN that is not the whole first path component
 * ("$ORIGIN" or "$ORIGIN/..." only) or, for the main program, whose
 * normalized result is not under a trusted directory. */
long dr_expand_dst(char *out, size_t out_size, const char *in, size_t in_len,
                   const struct dr_dst_values *v);

/* Number of known DSTs in IN[0..IN_LEN) (glibc's _dl_dst_count), whatever
 * their values. */
size_t dr_dst_count(const char *in, size_t in_len);

/* true if NAME contains a '/': it is then a path, opened as is (after DST
 * expansion), and never searched. */
bool dr_has_slash(const char *name);

/* Length of the directory part of PATH[0..LEN), glibc's $ORIGIN rule: up to
 * the last '/', excluded, but 1 when that slash is the first character
 * ("/x" -> "/"). 0 if PATH has no '/' (a relative name: the caller prefixes
 * the current directory). */
size_t dr_dirname_len(const char *path, size_t len);

/* DIR[0..LEN) without trailing slashes, but "/" stays "/" (fillin_rpath). */
size_t dr_dir_trim(const char *dir, size_t len);

/* DIR (trailing slashes trimmed) + "/" + NAME into OUT, NUL-terminated; an
 * empty DIR (the current directory) gives NAME alone, as glibc opens it.
 * Returns the length, or DR_DST_NOSPACE if OUT is too small. */
long dr_path_join(char *out, size_t out_size, const char *dir, size_t dir_len,
                  const char *name, size_t name_len);

#endif
