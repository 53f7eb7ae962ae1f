/* imgdump.c: the process image of `LDSO PROG ARGS...` at PROG's entry point.
 *
 *   imgdump [-e NAME=VALUE]... -- LDSO PROG [ARGS...]
 *
 * Runs LDSO PROG ARGS under ptrace with exactly the environment given by -e,
 * in the current directory. When LDSO is run as a command the kernel's AT_ENTRY
 * is LDSO's own entry, so PROG's entry point is found from PROG's ELF header
 * once the loader has mapped it: the tracer stops the child at every system
 * call exit and, after an mmap or mprotect, looks in /proc/PID/maps for an
 * executable mapping of PROG that holds the entry point; there it writes an
 * int3 and lets the child run until it traps.
 *
 * At the entry point it prints one line per fact, "KEY = VALUE", sorted by
 * key, so that two loaders' dumps compare line by line:
 *   entry, rdx, rsp%16       where the program starts, what %rdx holds
 *   stack ...                argc, argv, envp and the auxiliary vector
 *   object OBJ               every mapped ELF file but the loader
 *   map OBJ+A-B              protection of each page range of each PT_LOAD
 *   OBJ+OFF SECTION SYMBOL   each non-zero 8-byte word of each writable
 *                            PT_LOAD (.data, .bss, .got, .got.plt, .dynamic,
 *                            RELRO...), OFF a file address (p_vaddr space)
 *   tls OBJ+OFF SYMBOL       each non-zero word of the object's TLS block
 *   tlsblock OBJ             where that block lies, as an offset from %fs
 * Values are rewritten so that they mean the same under every loader:
 *   OBJ+0xOFF                points into a loaded object (OFF a file address)
 *   <ldso>                   points into the loader itself
 *   tpoff(OBJ+0xOFF)         a thread-pointer offset landing in OBJ's TLS block
 *   tls(OBJ+0xOFF)           points into OBJ's TLS block
 *   <tp> <stack> <vdso> <anon>  the thread pointer, other mappings
 *   <reserved>               GOT[1] and GOT[2] (DT_PLTGOT + 8, + 16): the
 *                            loader's private link map and resolver
 *   0x...                    anything else, as is
 * TLS blocks are found by a marker the generated programs carry: a static TLS
 * variable `difftest_tls_marker` with a value unique to the object, looked
 * up in the object's .symtab and searched for below the thread pointer.
 *
 * If the child exits or dies before the entry point, the dump says how. The
 * tracer's exit status is 0 unless it could not do its job.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096UL
#define TRUNC(x) ((x) & ~(PAGE - 1))
#define ROUND(x) TRUNC((x) + PAGE - 1)

static void die(const char *fmt, const char *arg) {
  fprintf(stderr, "imgdump: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n");
  exit(2);
}

/* ---- output lines, sorted at the end ------------------------------------ */

static char **lines;
static size_t nlines, caplines;

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...) {
  va_list ap;
  char *s;
  va_start(ap, fmt);
  if (vasprintf(&s, fmt, ap) < 0) die("%s", "out of memory");
  va_end(ap);
  if (nlines == caplines) {
    caplines = caplines ? 2 * caplines : 256;
    lines = realloc(lines, caplines * sizeof *lines);
    if (!lines) die("%s", "out of memory");
  }
  lines[nlines++] = s;
}

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void flush_lines(void) {
  qsort(lines, nlines, sizeof *lines, cmpstr);
  for (size_t i = 0; i < nlines; i++) puts(lines[i]);
}

/* ---- ELF files ----------------------------------------------------------- */

struct sym {
  uint64_t value, size;
  const char *name;
  int tls;
  unsigned shndx;
};

struct elf {
  unsigned char *data;
  size_t size;
  Elf64_Ehdr *eh;
  Elf64_Phdr *ph;
  Elf64_Shdr *sh;
  const char *shstr;
  struct sym *syms;
  size_t nsyms;
};

static int read_elf(const char *path, struct elf *e) {
  memset(e, 0, sizeof *e);
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  struct stat st;
  if (fstat(fd, &st) < 0 || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
    close(fd);
    return -1;
  }
  e->size = (size_t)st.st_size;
  e->data = malloc(e->size);
  size_t got = 0;
  while (got < e->size) {
    ssize_t n = pread(fd, e->data + got, e->size - got, (off_t)got);
    if (n <= 0) break;
    got += (size_t)n;
  }
  close(fd);
  if (got != e->size || memcmp(e->data, ELFMAG, SELFMAG) != 0) return -1;
  e->eh = (Elf64_Ehdr *)e->data;
  if (e->eh->e_phoff + (uint64_t)e->eh->e_phnum * sizeof(Elf64_Phdr) > e->size) return -1;
  e->ph = (Elf64_Phdr *)(e->data + e->eh->e_phoff);
  if (e->eh->e_shoff && e->eh->e_shoff + (uint64_t)e->eh->e_shnum * sizeof(Elf64_Shdr) <= e->size &&
      e->eh->e_shstrndx < e->eh->e_shnum) {
    e->sh = (Elf64_Shdr *)(e->data + e->eh->e_shoff);
    Elf64_Shdr *ss = &e->sh[e->eh->e_shstrndx];
    if (ss->sh_offset + ss->sh_size <= e->size) e->shstr = (const char *)e->data + ss->sh_offset;
    /* Symbols: .symtab if present, else .dynsym. */
    for (int pass = 0; pass < 2 && !e->nsyms; pass++) {
      for (int i = 0; i < e->eh->e_shnum; i++) {
        Elf64_Shdr *s = &e->sh[i];
        if (s->sh_type != (pass == 0 ? SHT_SYMTAB : SHT_DYNSYM)) continue;
        if (s->sh_link >= e->eh->e_shnum || s->sh_offset + s->sh_size > e->size) continue;
        Elf64_Shdr *str = &e->sh[s->sh_link];
        if (str->sh_offset + str->sh_size > e->size) continue;
        size_t n = s->sh_size / sizeof(Elf64_Sym);
        Elf64_Sym *syms = (Elf64_Sym *)(e->data + s->sh_offset);
        e->syms = calloc(n, sizeof *e->syms);
        for (size_t k = 0; k < n; k++) {
          int type = ELF64_ST_TYPE(syms[k].st_info);
          if (syms[k].st_shndx == SHN_UNDEF || syms[k].st_name >= str->sh_size) continue;
          if (type == STT_SECTION || type == STT_FILE) continue;
          const char *name = (const char *)e->data + str->sh_offset + syms[k].st_name;
          if (!*name) continue;
          e->syms[e->nsyms++] =
              (struct sym){syms[k].st_value, syms[k].st_size, name, type == STT_TLS, syms[k].st_shndx};
        }
      }
    }
  }
  return 0;
}

/* The allocated section holding VADDR (not .tbss, which overlaps others). */
static int section_index(const struct elf *e, uint64_t vaddr) {
  if (!e->sh) return -1;
  for (int i = 0; i < e->eh->e_shnum; i++) {
    const Elf64_Shdr *s = &e->sh[i];
    if (!(s->sh_flags & SHF_ALLOC) || ((s->sh_flags & SHF_TLS) && s->sh_type == SHT_NOBITS)) continue;
    if (vaddr >= s->sh_addr && vaddr < s->sh_addr + s->sh_size) return i;
  }
  return -1;
}

static const char *section_of(const struct elf *e, uint64_t vaddr) {
  int i = section_index(e, vaddr);
  return i < 0 || !e->shstr ? "-" : e->shstr + e->sh[i].sh_name;
}

/* "name+0xN": the symbol holding VADDR (the one starting last, then the
 * first by name), else the nearest one below it. */
static int better(const struct sym *s, const struct sym *best) {
  if (!best || s->value > best->value) return 1;
  return s->value == best->value && strcmp(s->name, best->name) < 0;
}

static void symbol_of(const struct elf *e, uint64_t vaddr, int tls, char *buf, size_t n) {
  const struct sym *holding = 0, *below = 0;
  int sec = tls ? -1 : section_index(e, vaddr);
  for (size_t i = 0; i < e->nsyms; i++) {
    const struct sym *s = &e->syms[i];
    if (s->tls != tls || s->value > vaddr) continue;
    if (vaddr < s->value + s->size && better(s, holding)) holding = s;
    if ((tls || (int)s->shndx == sec) && better(s, below)) below = s;
  }
  const struct sym *best = holding ? holding : below;
  if (best)
    snprintf(buf, n, "%s+0x%lx", best->name, (unsigned long)(vaddr - best->value));
  else
    snprintf(buf, n, "-");
}

/* ---- the child's mappings ------------------------------------------------ */

struct mapping {
  uint64_t start, end, offset;
  char perms[5];
  char path[PATH_MAX];
};

static struct mapping *maps;
static size_t nmaps;

static void read_maps(pid_t pid) {
  char fn[64];
  snprintf(fn, sizeof fn, "/proc/%d/maps", (int)pid);
  FILE *f = fopen(fn, "r");
  if (!f) die("cannot open %s", fn);
  nmaps = 0;
  static size_t cap;
  char line[PATH_MAX + 256];
  while (fgets(line, sizeof line, f)) {
    if (nmaps == cap) {
      cap = cap ? 2 * cap : 64;
      maps = realloc(maps, cap * sizeof *maps);
    }
    struct mapping *m = &maps[nmaps];
    unsigned long s, en, off;
    char perms[8];
    int pos = 0;
    if (sscanf(line, "%lx-%lx %7s %lx %*s %*s%n", &s, &en, perms, &off, &pos) < 4) continue;
    m->start = s;
    m->end = en;
    m->offset = off;
    memcpy(m->perms, perms, 4);
    m->perms[4] = 0;
    char *p = line + pos;
    while (*p == ' ') p++;
    p[strcspn(p, "\n")] = 0;
    snprintf(m->path, sizeof m->path, "%s", p);
    nmaps++;
  }
  fclose(f);
}

static const struct mapping *mapping_at(uint64_t addr) {
  for (size_t i = 0; i < nmaps; i++)
    if (addr >= maps[i].start && addr < maps[i].end) return &maps[i];
  return 0;
}

/* ---- loaded objects ------------------------------------------------------ */

struct object {
  char path[PATH_MAX];
  char name[PATH_MAX];
  struct elf elf;
  uint64_t base, lo, hi; /* run-time range [lo, hi) */
  int is_loader;
  uint64_t tls_block; /* run-time address of its TLS block, 0 if none found */
  uint64_t tls_size;
};

static struct object *objs;
static size_t nobjs;
static char cwd[PATH_MAX];

static const Elf64_Phdr *first_load(const struct elf *e) {
  for (int i = 0; i < e->eh->e_phnum; i++)
    if (e->ph[i].p_type == PT_LOAD) return &e->ph[i];
  return 0;
}

/* The load bias of the file at PATH as mapped: its lowest mapping of the
 * first PT_LOAD's page, minus that page's p_vaddr. */
static int bias_of(const char *path, const struct elf *e, uint64_t *base) {
  const Elf64_Phdr *p = first_load(e);
  if (!p) return -1;
  if (e->eh->e_type == ET_EXEC) {
    *base = 0;
    return 0;
  }
  for (size_t i = 0; i < nmaps; i++)
    if (strcmp(maps[i].path, path) == 0 && maps[i].offset == TRUNC(p->p_offset)) {
      *base = maps[i].start - TRUNC(p->p_vaddr);
      return 0;
    }
  return -1;
}

static void find_objects(uint64_t loader_addr) {
  nobjs = 0;
  for (size_t i = 0; i < nmaps; i++) {
    const char *path = maps[i].path;
    if (path[0] != '/') continue;
    int seen = 0;
    for (size_t k = 0; k < nobjs; k++) seen |= strcmp(objs[k].path, path) == 0;
    if (seen) continue;
    objs = realloc(objs, (nobjs + 1) * sizeof *objs);
    struct object *o = &objs[nobjs];
    memset(o, 0, sizeof *o);
    snprintf(o->path, sizeof o->path, "%s", path);
    if (read_elf(path, &o->elf) < 0 || bias_of(path, &o->elf, &o->base) < 0) continue;
    uint64_t lo = UINT64_MAX, hi = 0;
    for (int k = 0; k < o->elf.eh->e_phnum; k++) {
      const Elf64_Phdr *p = &o->elf.ph[k];
      if (p->p_type != PT_LOAD) continue;
      if (TRUNC(p->p_vaddr) < lo) lo = TRUNC(p->p_vaddr);
      if (ROUND(p->p_vaddr + p->p_memsz) > hi) hi = ROUND(p->p_vaddr + p->p_memsz);
    }
    o->lo = o->base + lo;
    o->hi = o->base + hi;
    o->is_loader = loader_addr >= o->lo && loader_addr < o->hi;
    size_t n = strlen(cwd);
    if (o->is_loader)
      snprintf(o->name, sizeof o->name, "<ldso>");
    else if (strncmp(path, cwd, n) == 0 && path[n] == '/')
      snprintf(o->name, sizeof o->name, "%s", path + n + 1);
    else
      snprintf(o->name, sizeof o->name, "%s", strrchr(path, '/') + 1);
    nobjs++;
  }
}

static uint64_t fs_base;

static void describe(uint64_t w, char *buf, size_t n) {
  for (size_t i = 0; i < nobjs; i++) {
    const struct object *o = &objs[i];
    if (w >= o->lo && w < o->hi) {
      if (o->is_loader) {
        snprintf(buf, n, "<ldso>");
        return;
      }
      /* With the symbol that holds the address, if any: "(name)", "(name+0xN)". */
      uint64_t off = w - o->base;
      const struct sym *h = 0;
      for (size_t k = 0; k < o->elf.nsyms; k++) {
        const struct sym *s = &o->elf.syms[k];
        if (s->tls || s->value > off || (off >= s->value + s->size && !(s->size == 0 && off == s->value))) continue;
        if (better(s, h)) h = s;
      }
      if (!h)
        snprintf(buf, n, "%s+0x%lx", o->name, (unsigned long)off);
      else if (off == h->value)
        snprintf(buf, n, "%s+0x%lx (%s)", o->name, (unsigned long)off, h->name);
      else
        snprintf(buf, n, "%s+0x%lx (%s+0x%lx)", o->name, (unsigned long)off, h->name, (unsigned long)(off - h->value));
      return;
    }
  }
  if (w == fs_base && fs_base) {
    snprintf(buf, n, "<tp>");
    return;
  }
  for (size_t i = 0; i < nobjs; i++) {
    const struct object *o = &objs[i];
    if (!o->tls_block) continue;
    uint64_t t = fs_base + w; /* w as a negative offset from the thread pointer */
    if ((int64_t)w < 0 && t >= o->tls_block && t < o->tls_block + o->tls_size) {
      snprintf(buf, n, "tpoff(%s+0x%lx)", o->name, (unsigned long)(t - o->tls_block));
      return;
    }
    if (w >= o->tls_block && w < o->tls_block + o->tls_size) {
      snprintf(buf, n, "tls(%s+0x%lx)", o->name, (unsigned long)(w - o->tls_block));
      return;
    }
  }
  const struct mapping *m = mapping_at(w);
  if (m) {
    if (strcmp(m->path, "[stack]") == 0)
      snprintf(buf, n, "<stack>");
    else if (strcmp(m->path, "[vdso]") == 0 || strcmp(m->path, "[vvar]") == 0)
      snprintf(buf, n, "<vdso>");
    else if (m->path[0] == '/')
      snprintf(buf, n, "<file %s>", strrchr(m->path, '/') + 1);
    else
      snprintf(buf, n, "<anon>");
    return;
  }
  snprintf(buf, n, "0x%lx", (unsigned long)w);
}

/* ---- reading the child --------------------------------------------------- */

static int memfd = -1;

static int read_mem(uint64_t addr, void *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = pread(memfd, (char *)buf + got, n - got, (off_t)(addr + got));
    if (r <= 0) return -1;
    got += (size_t)r;
  }
  return 0;
}

static uint64_t read_word(uint64_t addr) {
  uint64_t w = 0;
  if (read_mem(addr, &w, 8) < 0) return 0;
  return w;
}

static void read_string(uint64_t addr, char *buf, size_t n) {
  buf[0] = 0;
  for (size_t i = 0; i + 1 < n; i++) {
    char c;
    if (read_mem(addr + i, &c, 1) < 0) c = 0;
    buf[i] = c;
    buf[i + 1] = 0;
    if (!c) break;
  }
}

/* ---- the dump ------------------------------------------------------------ */

static uint64_t dyn_value(const struct object *o, int64_t tag, int *found) {
  *found = 0;
  for (int k = 0; k < o->elf.eh->e_phnum; k++) {
    const Elf64_Phdr *p = &o->elf.ph[k];
    if (p->p_type != PT_DYNAMIC || p->p_offset + p->p_filesz > o->elf.size) continue;
    const Elf64_Dyn *d = (const Elf64_Dyn *)(o->elf.data + p->p_offset);
    for (size_t i = 0; i < p->p_filesz / sizeof *d && d[i].d_tag != DT_NULL; i++)
      if (d[i].d_tag == tag) {
        *found = 1;
        return d[i].d_un.d_val;
      }
  }
  return 0;
}

static void find_tls_block(struct object *o) {
  const Elf64_Phdr *tls = 0;
  for (int k = 0; k < o->elf.eh->e_phnum; k++)
    if (o->elf.ph[k].p_type == PT_TLS) tls = &o->elf.ph[k];
  if (!tls) return;
  const struct sym *marker = 0;
  for (size_t i = 0; i < o->elf.nsyms; i++)
    if (o->elf.syms[i].tls && strcmp(o->elf.syms[i].name, "difftest_tls_marker") == 0) marker = &o->elf.syms[i];
  if (!marker || marker->value + 8 > tls->p_filesz || tls->p_offset + tls->p_filesz > o->elf.size) {
    out("tlsblock %s = no marker", o->name);
    return;
  }
  uint64_t want;
  memcpy(&want, o->elf.data + tls->p_offset + marker->value, 8);
  /* Variant II: static TLS blocks lie below the thread pointer. */
  const struct mapping *m = mapping_at(fs_base - 1);
  if (!m) {
    out("tlsblock %s = no memory below the thread pointer", o->name);
    return;
  }
  uint64_t lo = m->start;
  if (fs_base - lo > (1UL << 20)) lo = fs_base - (1UL << 20);
  size_t n = (size_t)(fs_base - lo);
  uint64_t *buf = malloc(n);
  if (read_mem(lo, buf, n) == 0) {
    for (size_t i = n / 8; i-- > 0;)
      if (buf[i] == want) {
        o->tls_block = lo + i * 8 - marker->value;
        o->tls_size = tls->p_memsz;
        break;
      }
  }
  free(buf);
  if (!o->tls_block)
    out("tlsblock %s = marker not found", o->name);
  else
    out("tlsblock %s = tp-0x%lx", o->name, (unsigned long)(fs_base - o->tls_block));
}

static void dump_object(const struct object *o) {
  const struct elf *e = &o->elf;
  char val[PATH_MAX + 64], sym[512];
  int has_pltgot;
  uint64_t pltgot = dyn_value(o, DT_PLTGOT, &has_pltgot);
  for (int k = 0; k < e->eh->e_phnum; k++) {
    const Elf64_Phdr *p = &e->ph[k];
    if (p->p_type != PT_LOAD) continue;
    /* Protection of each page range of the segment, as mapped. */
    uint64_t a = TRUNC(p->p_vaddr), end = ROUND(p->p_vaddr + p->p_memsz);
    while (a < end) {
      const struct mapping *m = mapping_at(o->base + a);
      uint64_t b = m ? m->end - o->base : a + PAGE;
      if (b > end) b = end;
      out("map %s+0x%lx-0x%lx = %s", o->name, (unsigned long)a, (unsigned long)b, m ? m->perms : "unmapped");
      a = b;
    }
    if (!(p->p_flags & PF_W)) continue;
    /* Every non-zero word of the writable segment (bytes outside the
     * segment, in the same page, are not part of the image: cleared). */
    uint64_t send = p->p_vaddr + p->p_memsz;
    for (uint64_t v = p->p_vaddr & ~7UL; v < send; v += 8) {
      uint64_t w = read_word(o->base + v);
      if (v < p->p_vaddr) w &= ~0UL << (8 * (p->p_vaddr - v));
      if (v + 8 > send) w &= ~0UL >> (8 * (v + 8 - send));
      if (!w) continue;
      if (has_pltgot && (v == pltgot + 8 || v == pltgot + 16))
        snprintf(val, sizeof val, "<reserved>");
      else
        describe(w, val, sizeof val);
      symbol_of(e, v, 0, sym, sizeof sym);
      out("%s+0x%lx %s %s = %s", o->name, (unsigned long)v, section_of(e, v), sym, val);
    }
  }
  if (o->tls_block) {
    for (uint64_t v = 0; v < o->tls_size; v += 8) {
      uint64_t w = read_word(o->tls_block + v);
      if (!w) continue;
      describe(w, val, sizeof val);
      symbol_of(e, v, 1, sym, sizeof sym);
      out("tls %s+0x%lx %s = %s", o->name, (unsigned long)v, sym, val);
    }
  }
}

static const char *auxv_name(uint64_t t) {
  switch (t) {
    case AT_PHDR: return "AT_PHDR";
    case AT_PHENT: return "AT_PHENT";
    case AT_PHNUM: return "AT_PHNUM";
    case AT_PAGESZ: return "AT_PAGESZ";
    case AT_BASE: return "AT_BASE";
    case AT_FLAGS: return "AT_FLAGS";
    case AT_ENTRY: return "AT_ENTRY";
    case AT_UID: return "AT_UID";
    case AT_EUID: return "AT_EUID";
    case AT_GID: return "AT_GID";
    case AT_EGID: return "AT_EGID";
    case AT_PLATFORM: return "AT_PLATFORM";
    case AT_HWCAP: return "AT_HWCAP";
    case AT_HWCAP2: return "AT_HWCAP2";
    case AT_CLKTCK: return "AT_CLKTCK";
    case AT_SECURE: return "AT_SECURE";
    case AT_RANDOM: return "AT_RANDOM";
    case AT_EXECFN: return "AT_EXECFN";
    case AT_SYSINFO_EHDR: return "AT_SYSINFO_EHDR";
    case 51: return "AT_MINSIGSTKSZ";
    default: return 0;
  }
}

static void dump_stack(uint64_t sp) {
  char buf[4096], val[PATH_MAX + 64];
  uint64_t argc = read_word(sp);
  out("stack argc = %lu", (unsigned long)argc);
  uint64_t p = sp + 8;
  for (uint64_t i = 0; i < argc && i < 1000; i++, p += 8) {
    read_string(read_word(p), buf, sizeof buf);
    out("stack argv[%03lu] = %s", (unsigned long)i, buf);
  }
  out("stack argv[argc] = 0x%lx", (unsigned long)read_word(p));
  p += 8;
  unsigned k = 0;
  for (uint64_t s; (s = read_word(p)) != 0 && k < 10000; p += 8, k++) {
    read_string(s, buf, sizeof buf);
    char *eq = strchr(buf, '=');
    if (eq) *eq = 0;
    out("stack env %s = %s", buf, eq ? eq + 1 : "(no =)");
  }
  out("stack env count = %u", k);
  p += 8;
  unsigned idx = 0;
  for (; idx < 200; p += 16, idx++) {
    uint64_t t = read_word(p), v = read_word(p + 8);
    if (t == AT_NULL) break;
    const char *name = auxv_name(t);
    char tn[32];
    if (!name) {
      snprintf(tn, sizeof tn, "AT_%lu", (unsigned long)t);
      name = tn;
    }
    if (t == AT_EXECFN || t == AT_PLATFORM) {
      read_string(v, buf, sizeof buf);
      out("stack auxv %s = \"%s\"", name, buf);
    } else if (t == AT_RANDOM || t == AT_SYSINFO_EHDR || t == AT_PHDR || t == AT_ENTRY || t == AT_BASE) {
      describe(v, val, sizeof val);
      out("stack auxv %s = %s", name, v ? val : "0");
    } else {
      out("stack auxv %s = 0x%lx", name, (unsigned long)v);
    }
  }
  out("stack auxv count = %u", idx);
}

int main(int argc, char **argv) {
  char **env = calloc((size_t)argc + 1, sizeof *env);
  size_t nenv = 0;
  int i = 1;
  for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
    if (strcmp(argv[i], "-e") == 0 && i + 1 < argc)
      env[nenv++] = argv[++i];
    else
      die("usage: imgdump [-e NAME=VALUE]... -- LDSO PROG [ARGS...] (bad argument %s)", argv[i]);
  }
  if (i + 2 >= argc) die("%s", "usage: imgdump [-e NAME=VALUE]... -- LDSO PROG [ARGS...]");
  char **cmd = &argv[i + 1];
  if (!cmd[0] || !cmd[1]) die("%s", "usage: imgdump [-e NAME=VALUE]... -- LDSO PROG [ARGS...]");
  if (!getcwd(cwd, sizeof cwd)) die("%s", "getcwd failed");

  char prog[PATH_MAX];
  if (!realpath(cmd[1], prog)) die("cannot find %s", cmd[1]);
  struct elf pe;
  if (read_elf(prog, &pe) < 0) die("cannot read ELF file %s", prog);

  pid_t pid = fork();
  if (pid < 0) die("%s", "fork failed");
  if (pid == 0) {
    /* The program's own output is not part of the dump. */
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
      dup2(null, 0);
      dup2(null, 1);
      dup2(null, 2);
    }
    ptrace(PTRACE_TRACEME, 0, 0, 0);
    execve(cmd[0], cmd, env);
    _exit(126);
  }
  int status;
  if (waitpid(pid, &status, 0) < 0 || !WIFSTOPPED(status)) die("%s", "child did not stop at exec");
  ptrace(PTRACE_SETOPTIONS, pid, 0, (void *)(long)(PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD));
  char fn[64];
  snprintf(fn, sizeof fn, "/proc/%d/mem", (int)pid);
  memfd = open(fn, O_RDONLY);
  if (memfd < 0) die("cannot open %s", fn);

  /* The loader: the file mapped at the kernel's AT_ENTRY. */
  uint64_t loader_entry = 0;
  {
    snprintf(fn, sizeof fn, "/proc/%d/auxv", (int)pid);
    int fd = open(fn, O_RDONLY);
    uint64_t av[2];
    while (fd >= 0 && read(fd, av, sizeof av) == sizeof av && av[0] != AT_NULL)
      if (av[0] == AT_ENTRY) loader_entry = av[1];
    if (fd >= 0) close(fd);
  }

  /* Wait for an executable mapping of PROG holding its entry point. */
  uint64_t entry = 0;
  const Elf64_Phdr *text = 0;
  for (int k = 0; k < pe.eh->e_phnum; k++) {
    const Elf64_Phdr *p = &pe.ph[k];
    if (p->p_type == PT_LOAD && pe.eh->e_entry >= p->p_vaddr && pe.eh->e_entry < p->p_vaddr + p->p_filesz) text = p;
  }
  if (!text) die("%s: entry point outside its segments", prog);
  uint64_t entry_off = text->p_offset + (pe.eh->e_entry - text->p_vaddr);
  int in_syscall = 0, sig = 0;
  for (;;) {
    if (ptrace(PTRACE_SYSCALL, pid, 0, (void *)(long)sig) < 0) die("%s", "PTRACE_SYSCALL failed");
    sig = 0;
    if (waitpid(pid, &status, 0) < 0) die("%s", "waitpid failed");
    if (WIFEXITED(status)) {
      printf("exit before entry = %d\n", WEXITSTATUS(status));
      return 0;
    }
    if (WIFSIGNALED(status)) {
      printf("signal before entry = %s\n", sigabbrev_np(WTERMSIG(status)) ?: "?");
      return 0;
    }
    if (!WIFSTOPPED(status)) continue;
    if (WSTOPSIG(status) != (SIGTRAP | 0x80)) {
      sig = WSTOPSIG(status) == SIGTRAP ? 0 : WSTOPSIG(status);
      continue;
    }
    in_syscall = !in_syscall;
    if (in_syscall) continue;
    struct user_regs_struct r;
    ptrace(PTRACE_GETREGS, pid, 0, &r);
    if (r.orig_rax != 9 /* mmap */ && r.orig_rax != 10 /* mprotect */) continue;
    read_maps(pid);
    uint64_t base;
    if (bias_of(prog, &pe, &base) < 0) continue;
    uint64_t at = base + pe.eh->e_entry;
    const struct mapping *m = mapping_at(at);
    if (m && strcmp(m->path, prog) == 0 && m->perms[2] == 'x' && m->offset + (at - m->start) == entry_off) {
      entry = at;
      break;
    }
  }

  /* int3 at the entry point, then run to it. */
  errno = 0;
  long orig = ptrace(PTRACE_PEEKTEXT, pid, (void *)entry, 0);
  if (errno) die("%s", "cannot read the entry point");
  if (ptrace(PTRACE_POKETEXT, pid, (void *)entry, (void *)((orig & ~0xffL) | 0xcc)) < 0)
    die("%s", "cannot write the breakpoint");
  for (;;) {
    if (ptrace(PTRACE_CONT, pid, 0, (void *)(long)sig) < 0) die("%s", "PTRACE_CONT failed");
    sig = 0;
    if (waitpid(pid, &status, 0) < 0) die("%s", "waitpid failed");
    if (WIFEXITED(status)) {
      printf("exit before entry = %d\n", WEXITSTATUS(status));
      return 0;
    }
    if (WIFSIGNALED(status)) {
      printf("signal before entry = %s\n", sigabbrev_np(WTERMSIG(status)) ?: "?");
      return 0;
    }
    if (!WIFSTOPPED(status)) continue;
    if (WSTOPSIG(status) == SIGTRAP) {
      struct user_regs_struct r;
      ptrace(PTRACE_GETREGS, pid, 0, &r);
      if (r.rip == entry + 1) break;
      continue;
    }
    sig = WSTOPSIG(status);
  }
  ptrace(PTRACE_POKETEXT, pid, (void *)entry, (void *)orig);

  struct user_regs_struct r;
  ptrace(PTRACE_GETREGS, pid, 0, &r);
  fs_base = r.fs_base;
  read_maps(pid);
  find_objects(loader_entry);

  char val[PATH_MAX + 64];
  describe(entry, val, sizeof val);
  out("entry = %s", val);
  describe(r.rdx, val, sizeof val);
  out("rdx = %s", r.rdx ? val : "0");
  out("rsp%%16 = %lu", (unsigned long)(r.rsp % 16));
  describe(r.rsp, val, sizeof val);
  out("rsp = %s", val);

  /* Objects: names, then TLS blocks (needed to describe values), then words. */
  for (size_t k = 0; k < nobjs; k++)
    if (!objs[k].is_loader && objs[k].elf.eh) out("object %s = loaded", objs[k].name);
  for (size_t k = 0; k < nobjs; k++)
    if (!objs[k].is_loader && objs[k].elf.eh) find_tls_block(&objs[k]);
  for (size_t k = 0; k < nobjs; k++)
    if (!objs[k].is_loader && objs[k].elf.eh) dump_object(&objs[k]);
  dump_stack(r.rsp);

  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  flush_lines();
  return 0;
}
