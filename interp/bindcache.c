/* interp/bindcache.c: the binding cache of startup lookups (book: docs/17-binding-cache.md).
 *
 * Most of a big program's startup goes to symbol lookups: hashing each name and
 * asking object after object of the scope. Their answers depend only on the
 * files loaded, their order and dryad itself, so one run records them
 * (per object, in the order its relocation pass asks) and the next run of the
 * same program over the same files replays them: each answer costs a compare,
 * a range check and a load. A recording run also answers, without binding
 * them, the lookups the lazily bound PLT slots of each object will ask later:
 * replayed, the first call through a slot costs no search either. The file
 * lives in $DRYAD_BINDCACHE, else $XDG_CACHE_HOME/dryad, else
 * $HOME/.cache/dryad, one per program.
 *
 * It is never used in secure mode, under LD_DEBUG (but for statistics, which
 * say what it did, and bindings, which replayed lookups print as searched
 * ones), for --list, --verify or --explain, nor after startup but for those
 * PLT answers (dlopen searches). A file that does not match this run is
 * ignored and rewritten; a replay that disagrees with the references asked
 * falls back to searching, and the file is removed.
 */
#include <asm/unistd.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "../core/bindcache.h"
#include "arch/x86_64/syscall.h"
#include "dryad.h"

enum mode { OFF, REPLAY, RECORD };

static struct {
  enum mode mode;
  bool stale;                     /* a replay disagreed: remove the file */
  uint64_t key[4];
  char path[512];                 /* the file for this program */
  uint32_t dir_end, parent_end;   /* where its directory's path ends, and the default's parent's (or 0) */
  void *map;                      /* REPLAY: the file, mapped */
  uint64_t map_size;
  uint64_t *log;                  /* RECORD: the lookups so far */
  uint32_t nlog, caplog;
  struct dr_bc_object *objs_out;  /* RECORD: each object's ranges in the log, by bc_index */
  bool overflow;                  /* an answer could not be encoded: write nothing */
  bool keep_map;                  /* REPLAY: PLT answers are read after startup */
} bc;

#define LOG_BYTES (256ull << 20)  /* reserved, touched as it fills: 2^25 lookups */
#define MAX_FILE (256ull << 20)

static long sys_stat(const char *path, struct stat *st) {
  return dr_syscall4(__NR_newfstatat, -100 /* AT_FDCWD */, path, st, 0);
}

void dr_bindcache_note_file(struct dr_object *o, const void *stat_buf) {
  const struct stat *st = stat_buf;
  o->file_id = (struct dr_bc_ident){(uint64_t)st->st_dev,          (uint64_t)st->st_ino,
                                    (uint64_t)st->st_size,         (uint64_t)st->st_mtim.tv_sec,
                                    (uint64_t)st->st_mtim.tv_nsec, (uint64_t)st->st_ctim.tv_sec,
                                    (uint64_t)st->st_ctim.tv_nsec};
}

/* dryad's own build: its GNU build ID, read from its PT_NOTE segments. */
static bool own_build_id(const struct dr_object *self, uint64_t id[2]) {
  for (uint16_t i = 0; i < self->phnum; i++) {
    const Elf64_Phdr *ph = &self->phdr[i];
    if (ph->p_type != PT_NOTE) continue;
    const uint8_t *n = (const uint8_t *)(self->l_addr + ph->p_vaddr), *end = n + ph->p_memsz;
    while (end - n >= 12) {
      uint32_t namesz, descsz, type;
      dr_memcpy(&namesz, n, 4), dr_memcpy(&descsz, n + 4, 4), dr_memcpy(&type, n + 8, 4);
      uint64_t desc = 12 + dr_align_up(namesz, 4), next = desc + dr_align_up(descsz, 4);
      if (next > (uint64_t)(end - n)) break;
      /* interp/defs.bzl asks for SHA-1's 20 bytes; 8 (lld's default) would do. */
      if (type == NT_GNU_BUILD_ID && namesz == 4 && dr_memcmp(n + 12, "GNU", 4) == 0 && descsz >= 8) {
        id[0] = id[1] = 0;
        dr_memcpy(id, n + desc, descsz < 16 ? descsz : 16);
        return true;
      }
      n += next;
    }
  }
  return false;
}

/* Appends S to the path being built; false if it does not fit. */
static bool path_add(char **at, const char *s) {
  for (; *s; s++) {
    if (*at >= bc.path + sizeof bc.path - 1) return false;
    *(*at)++ = *s;
  }
  **at = 0;
  return true;
}

static bool path_add_hex(char **at, uint64_t v) {
  char buf[17], *b = buf + 16;
  *b = 0;
  do *--b = "0123456789abcdef"[v & 15]; while (v >>= 4);
  return path_add(at, b);
}

/* The directory; write_file creates it (0700), and for the defaults its parent. */
static bool directory(struct dr_process *p, char **at) {
  const char *dir = dr_getenv(p, "DRYAD_BINDCACHE"), *xdg = dr_getenv(p, "XDG_CACHE_HOME"),
             *home = dr_getenv(p, "HOME");
  if (dir) {
    if (!*dir || dr_strcmp(dir, "0") == 0 || dr_strcmp(dir, "off") == 0) return false;
    return path_add(at, dir);
  }
  /* XDG: a relative $XDG_CACHE_HOME is to be ignored. */
  if (xdg && xdg[0] == '/') {
    if (!path_add(at, xdg)) return false;
  } else if (home && home[0] == '/') {
    if (!path_add(at, home) || !path_add(at, "/.cache")) return false;
  } else {
    return false;
  }
  bc.parent_end = (uint32_t)(*at - bc.path);
  return path_add(at, "/dryad");
}

/* Numbers the objects for the cache (load order, the vDSO left out: valgrind,
 * for one, runs programs without it) and gives their identities, in that order.
 * dryad itself has no file: its build ID in the key stands for it. */
static uint32_t identities(struct dr_process *p, struct dr_bc_ident *ids) {
  uint32_t n = 0;
  for (struct dr_object *o = p->head; o; o = o->next) {
    if (o->is_vdso) continue;
    if (o->missing || (!o->is_rtld && !o->file_id.ino && !o->file_id.dev)) return 0;
    o->bc_index = n;
    ids[n++] = o->is_rtld ? (struct dr_bc_ident){0} : o->file_id;
  }
  return n;
}

static void start_recording(uint32_t n) {
  void *m = dr_mmap(0, LOG_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (dr_mmap_failed(m)) return;
  bc.objs_out = dr_zalloc(n * sizeof *bc.objs_out);
  bc.log = m;
  bc.caplog = (uint32_t)(LOG_BYTES / 8);
  bc.nlog = 0;
  bc.mode = RECORD;
  dr_proc.stats.bindcache = "recorded";
}

/* The file of this run, if there is one to use; false if it does not apply. */
static bool replay_from(struct dr_process *p, const struct dr_bc_ident *ids, uint32_t n) {
  long fd = dr_open(bc.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  bool ok = false;
  const struct dr_bc_object *objs = 0;
  const uint64_t *entries = 0;
  /* Only a file of our own that nobody else may write. */
  if (dr_fstat((int)fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == p->at[AT_EUID] &&
      !(st.st_mode & 022) && st.st_size > 0 && (uint64_t)st.st_size <= MAX_FILE) {
    void *m = dr_mmap(0, (uint64_t)st.st_size, PROT_READ, MAP_PRIVATE, (int)fd, 0);
    if (!dr_mmap_failed(m)) {
      bc.map = m, bc.map_size = (uint64_t)st.st_size;
      ok = !dr_bc_check(m, bc.map_size, bc.key, ids, n, &objs, &entries);
    }
  }
  dr_close((int)fd);
  for (uint32_t i = 0; ok && i < n; i++) {
    struct dr_object *o = p->bc_objects[i];
    o->bc_pos = entries + objs[i].first;
    o->bc_end = o->bc_pos + objs[i].count;
    /* Exactly one answer per DT_JMPREL entry, or none used. */
    if (objs[i].plt_count && objs[i].plt_count == o->dyn.njmprel)
      o->bc_plt = entries + objs[i].plt_first, bc.keep_map = true;
  }
  return ok;
}

void dr_bindcache_open(struct dr_process *p) {
  bc.mode = OFF;
  p->stats.bindcache = "off";
  uint32_t debug_ok = DR_DEBUG_STATISTICS | DR_DEBUG_BINDINGS | DR_DEBUG_IMPCALLS;
  if (p->opt.secure || (dr_debug_mask & ~debug_ok) || p->opt.list || p->opt.verify || p->opt.explain ||
      p->nobjects >= DR_BC_MAX_OBJECTS - 1)
    return;
  uint64_t id[2];
  char *at = bc.path;
  bc.dir_end = bc.parent_end = 0;
  if (!own_build_id(p->rtld, id) || !directory(p, &at)) return;
  bc.dir_end = (uint32_t)(at - bc.path);
  bc.key[0] = id[0], bc.key[1] = id[1];
  bc.key[2] = p->opt.bind_now; /* eager binding adds the PLT's lookups, in its order */
  bc.key[3] = 0;
  /* The program: as dryad opened it, or as the kernel did (then /proc tells). */
  if (!p->run_as_command) {
    struct stat st;
    if (sys_stat("/proc/self/exe", &st) < 0) return;
    dr_bindcache_note_file(p->main, &st);
  }
  struct dr_bc_ident *ids = dr_alloc(p->nobjects * sizeof *ids);
  uint32_t n = identities(p, ids);
  /* One file per program and set of objects: runs with another LD_PRELOAD or
   * LD_LIBRARY_PATH (valgrind preloads its own) keep their own. */
  uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a's constants, a word a step: every start-up hashes */
  for (const uint64_t *w = (const uint64_t *)ids, *e = (const uint64_t *)(ids + n); w < e; w++)
    h = (h ^ *w) * 0x100000001b3ULL;
  if (n && path_add(&at, "/") && path_add_hex(&at, p->main->file_id.dev) && path_add(&at, "-") &&
      path_add_hex(&at, p->main->file_id.ino) && path_add(&at, "-") && path_add_hex(&at, h)) {
    p->bc_objects = dr_alloc(n * sizeof *p->bc_objects);
    p->bc_nobjects = n;
    for (struct dr_object *o = p->head; o; o = o->next)
      if (!o->is_vdso) p->bc_objects[o->bc_index] = o;
    if (replay_from(p, ids, n)) {
      bc.mode = REPLAY;
      p->stats.bindcache = "replayed";
    } else {
      start_recording(n);
    }
  }
  dr_free(ids);
}

bool dr_bindcache_active(void) { return bc.mode != OFF; }
bool dr_bindcache_replaying(void) { return bc.mode == REPLAY && !bc.stale; }

/* A replay that disagrees: every object searches from here on, and the file goes. */
static void give_up(void) {
  dr_proc.stats.bindcache = "replay abandoned";
  bc.stale = true;
  for (struct dr_object *o = dr_proc.head; o; o = o->next) o->bc_pos = o->bc_end = 0, o->bc_plt = 0;
}

/* A reference dr_resolve_known found no answer for while O's answers last: the
 * lookup the recording run left to run time (DR_BC_LOOKUP) is skipped, and the
 * search makes it; anything else disagrees with this run, and the replay ends. */
void dr_bindcache_skip(struct dr_object *o, uint32_t symidx, int type_class) {
  if (dr_bc_matches(*o->bc_pos, symidx, type_class) && (uint32_t)*o->bc_pos == DR_BC_LOOKUP) o->bc_pos++;
  else give_up();
}

void dr_bindcache_record(struct dr_object *o, uint32_t symidx, int type_class, struct dr_object *def,
                         const Elf64_Sym *sym, bool plain) {
  if (bc.nlog == bc.caplog || symidx >= (1u << 30)) {
    bc.overflow = true;
    return;
  }
  uint32_t r = DR_BC_UNDEF;
  if (!plain || (def && !dr_bc_result(def->bc_index, (uint32_t)(sym - def->dyn.symtab), &r)))
    r = DR_BC_LOOKUP;
  bc.log[bc.nlog++] = dr_bc_entry(symidx, type_class, r);
}

/* One of the objects the cache numbered (not one an IFUNC resolver dlopened meanwhile). */
static bool numbered(const struct dr_object *o) {
  return o->bc_index < dr_proc.bc_nobjects && dr_proc.bc_objects[o->bc_index] == o;
}

/* Around each object's startup relocation pass. */
void dr_bindcache_begin(struct dr_object *o) {
  if (bc.mode != RECORD || !numbered(o)) return;
  bc.objs_out[o->bc_index].first = bc.nlog;
  o->bc_record = true;
}

void dr_bindcache_end(struct dr_object *o) {
  if (bc.mode == REPLAY && o->bc_pos != o->bc_end) give_up();
  o->bc_pos = o->bc_end = 0;
  if (o->bc_record) bc.objs_out[o->bc_index].count = bc.nlog - bc.objs_out[o->bc_index].first;
  o->bc_record = false;
}

/* After a lazy object's pass: what each JUMP_SLOT's first call will look up,
 * found now by a search without side effects. What that search does not
 * answer (a local or undefined symbol, the unique and protected rules) is left
 * to the call (DR_BC_LOOKUP). */
void dr_bindcache_record_plt(struct dr_object *o) {
  if (bc.mode != RECORD || !numbered(o) || !o->lazy || o->dyn.njmprel > bc.caplog - bc.nlog) return;
  bc.objs_out[o->bc_index].plt_first = bc.nlog;
  for (uint64_t k = 0; k < o->dyn.njmprel; k++) {
    const Elf64_Rela *r = &o->dyn.jmprel[k];
    uint32_t symidx = ELF64_R_SYM(r->r_info), result = DR_BC_LOOKUP;
    const Elf64_Sym *sym;
    struct dr_object *def = 0;
    if (ELF64_R_TYPE(r->r_info) == R_X86_64_JUMP_SLOT && symidx && symidx < o->dyn.nsymtab && symidx < (1u << 30))
      def = dr_resolve_pure(o, symidx, DR_CLASS_PLT, true, &sym);
    if (!def || !dr_bc_result(def->bc_index, (uint32_t)(sym - def->dyn.symtab), &result)) result = DR_BC_LOOKUP;
    bc.log[bc.nlog++] = dr_bc_entry(symidx < (1u << 30) ? symidx : 0, DR_CLASS_PLT, result);
  }
  bc.objs_out[o->bc_index].plt_count = o->dyn.njmprel;
}

/* The answer recorded for DT_JMPREL entry INDEX of O (symbol SYMIDX), for its
 * first call (relocate.c's dryad_lazy_fixup, in any thread): only
 * definitions, which objects dlopened since can only follow in the scope. */
struct dr_object *dr_bindcache_plt(struct dr_object *o, uint64_t index, uint32_t symidx,
                                   const Elf64_Sym **sym) {
  if (!o->bc_plt || index >= o->dyn.njmprel) return 0;
  uint64_t e = o->bc_plt[index];
  if (!dr_bc_matches(e, symidx, DR_CLASS_PLT) || (uint32_t)e >= DR_BC_LOOKUP) return 0;
  return dr_bindcache_def(o, e, DR_CLASS_PLT, sym);
}

static void write_file(struct dr_process *p) {
  uint32_t n = p->bc_nobjects;
  uint64_t head = dr_bc_head_size(n);
  struct dr_bc_header *h = dr_alloc(head);
  dr_bc_make_header(h, bc.key, n, bc.nlog);
  struct dr_bc_object *objs = (struct dr_bc_object *)(h + 1);
  struct dr_bc_ident *ids = dr_alloc(p->nobjects * sizeof *ids);
  bool ok = identities(p, ids) == n;
  for (uint32_t i = 0; ok && i < n; i++) {
    objs[i] = bc.objs_out[i];
    objs[i].id = ids[i];
  }
  /* Written aside and renamed into place: a reader sees a whole file or the old one. */
  char tmp[sizeof bc.path + 24];
  dr_snprintf(tmp, sizeof tmp, "%s.%u", bc.path, (unsigned)dr_syscall0(__NR_getpid));
  uint32_t dirs[2] = {bc.parent_end, bc.dir_end}; /* ~/.cache, then ~/.cache/dryad */
  for (int i = 0; ok && i < 2; i++) {
    if (!dirs[i]) continue;
    char c = bc.path[dirs[i]];
    bc.path[dirs[i]] = 0;
    dr_syscall2(__NR_mkdir, bc.path, 0700);
    /* Only into a directory of our own that nobody else may write: a program
     * run with another user's HOME (sudo may keep it) writes nothing there. */
    struct stat st;
    if (i == 1)
      ok = sys_stat(bc.path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == p->at[AT_EUID] &&
           !(st.st_mode & 022);
    bc.path[dirs[i]] = c;
  }
  long fd = ok ? dr_syscall3(__NR_open, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600) : -1;
  if (fd >= 0) {
    bool written = dr_write((int)fd, h, head) == 0 && dr_write((int)fd, bc.log, bc.nlog * 8) == 0;
    dr_close((int)fd);
    if (!written || dr_syscall2(__NR_rename, tmp, bc.path) < 0) dr_syscall1(__NR_unlink, tmp);
  }
  dr_free(ids);
  dr_free(h);
}

void dr_bindcache_close(struct dr_process *p) {
  if (bc.mode == OFF) return;
  if (bc.mode == RECORD && !bc.overflow) write_file(p);
  if (bc.mode == REPLAY && bc.stale) dr_syscall1(__NR_unlink, bc.path);
  if (bc.log) dr_munmap(bc.log, LOG_BYTES);
  dr_free(bc.objs_out);
  bc.log = 0, bc.objs_out = 0;
  bc.mode = OFF;
  /* The PLT answers, and the objects they name, serve lazy binding from now on. */
  if (bc.keep_map && !bc.stale) return;
  for (struct dr_object *o = p->head; o; o = o->next) o->bc_plt = 0;
  if (bc.map) dr_munmap(bc.map, bc.map_size);
  bc.map = 0;
  dr_free(p->bc_objects);
  p->bc_objects = 0, p->bc_nobjects = 0;
}
