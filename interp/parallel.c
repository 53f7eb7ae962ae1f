/* interp/parallel.c: relocating in parallel (book: docs/14-parallel.md).
 *
 * Most relocations of a large program are R_X86_64_RELATIVE (or DT_RELR
 * words): "add the load bias". They depend on nothing but the object's own
 * base address, so once every object is mapped they can all be applied at
 * once, in any order, by several threads, split inside objects (one object,
 * libLLVM or a browser's executable, often holds most of them). Everything
 * that must stay ordered stays in the serial pass that follows
 * (interp/relocate.c): symbolic relocations, IRELATIVE and IFUNC resolvers
 * (they run code), COPY, TLS, RELRO, text relocations. The process image is
 * the same as a serial run's: each word is written once, with the same value.
 *
 * Threads are raw clones (arch/x86_64/clone.S) on small private stacks,
 * joined before anything else runs; they touch no TLS. DRYAD_THREADS=N sets
 * how many may run (1: none); by default the CPUs the process may use, at
 * most 8, and none unless there are enough relocations to pay for them.
 * Heavily relocated writable segments are first populated by
 * madvise(MADV_POPULATE_WRITE) instead of a copy-on-write fault per page, in
 * items of their own that the threads share too. With threads, the symbolic
 * relocations whose lookups have no side effects are bound ahead as well
 * (bind_ahead), and the serial pass skips them. When the binding cache
 * replays, a thread replays each object's symbolic entries instead, in order
 * and as far as it can (replay_ahead), and the serial pass goes on from there.
 */
#include <asm/unistd.h>
#include <linux/futex.h>
#include <sys/mman.h>

#include "arch/x86_64/syscall.h"
#include "dryad.h"

#define CHUNK 16384            /* relocations per work item */
#define SMALL_SEGMENT 64       /* pages: always populated page by page */
#define DENSE_PAGE 64          /* sorted relocations a page: a larger segment populated whole */
#define POPULATE_CHUNK (512 * 1024) /* bytes populated per work item */
#define MAX_HOLES 16            /* IFUNC entries replay_ahead leaves behind, per object */
#define SYMBOLIC_WEIGHT 32     /* a lookup costs about as much as this many RELATIVE entries */
#define MIN_PER_THREAD 40000   /* below this, a thread costs more than it saves */
#define MAX_THREADS 8
#define STACK_SIZE (64 * 1024)
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

long dr_clone_thread(void (*fn)(void *), void *arg, void *stack_top, int *tid) DR_HIDDEN;

enum item_kind {
  POPULATE,                    /* pages [start, start + count) of a heavily relocated segment */
  LEADING_RELATIVE,            /* a run of the leading RELATIVE entries of DT_RELA */
  RELR,                        /* a run of DT_RELR words */
  SYMBOLIC,                    /* DT_RELA entries after the leading RELATIVE ones */
  REPLAY,                      /* all of those of one object, replayed from the binding cache */
};

struct item {
  struct dr_object *o;
  enum item_kind kind;
  uint64_t start, count;
  uint64_t done;               /* LEADING_RELATIVE: entries applied before another type
                                * (or an error); SYMBOLIC: entries bound; REPLAY: entries
                                * applied before one the serial pass must do */
  uint32_t replayed, cached;   /* REPLAY: dr_resolve's statistics */
  const char *error;
  uint64_t t0, t1;             /* DRYAD_TRACE: when it ran, */
  int tid;                     /* and on which thread */
};

struct work {
  struct item *items;
  uint32_t nitems;
  uint32_t next;               /* atomic: the next item to take */
  uint32_t nworkers;           /* with DRYAD_THREADS_CHUNK: worker k takes items k, k + n, ... */
  bool tracing;
};

/* Leading R_X86_64_RELATIVE entries of DT_RELA (linkers sort them first). The
 * linker's count, DT_RELACOUNT, saves a pass over them, and the workers take
 * its entries' types on trust as glibc does (dr_apply_relative_counted);
 * without it they check each type and stop at the first other one. */
static uint64_t leading_relative(const struct dr_object *o) {
  if (o->dyn.relacount) return o->dyn.relacount;
  uint64_t k = 0;
  while (k < o->dyn.nrela && ELF64_R_TYPE(o->dyn.rela[k].r_info) == R_X86_64_RELATIVE) k++;
  return k;
}

/* Whether a relocation writes the page at file address [PAGE, PAGE + DR_PAGE).
 * The leading RELATIVE entries are sorted by address (linkers sort them), so a
 * binary search over them tells; the PLT slots and DT_RELR's words count by
 * their span. Other symbolic entries are left out: they are few, and a page
 * only they write faults as it would anyway. */
static bool page_relocated(const struct dr_object *o, uint64_t k, uint64_t page) {
  uint64_t end = page + DR_PAGE;
  const Elf64_Rela *j = o->dyn.jmprel;
  if (o->dyn.njmprel && j[0].r_offset < end && j[o->dyn.njmprel - 1].r_offset >= page) return true;
  if (o->dyn.nrelr && o->dyn.relr[0] < end) return true;  /* RELR: from its first address on */
  uint64_t a = 0, b = k;  /* the first entry at or past PAGE */
  while (a < b) {
    uint64_t m = a + (b - a) / 2;
    if (o->dyn.rela[m].r_offset < page) a = m + 1; else b = m;
  }
  return a < k && o->dyn.rela[a].r_offset < end;
}

/* Writable file-backed segments with at least one relocation per 512 bytes:
 * breaking copy-on-write for all their pages in madvise(MADV_POPULATE_WRITE)
 * calls beats a fault each. Only the runs of pages relocations write: a
 * populated page counts as a fault as much as a touched one, and .data has
 * pages nothing writes at startup (git's two of 26, fifty in inkscape's
 * libraries). But a segment of over SMALL_SEGMENT pages with DENSE_PAGE or
 * more sorted relocations (leading RELATIVE, PLT, RELR) a page is populated
 * whole: every page of it is written, and the searches would be wasted
 * (clang-14 --version paid 1.3 million instructions, most over libLLVM's
 * 1,900 pages). The calls are work items too, taken first: the kernel copies
 * the pages of different items on different threads at once. */
static uint32_t collect_populate(struct dr_object *o, struct item *items) {
  /* An estimate is enough: RELR words carry up to 63 relocations, about 16 on average. */
  uint64_t relocs = o->dyn.nrela + o->dyn.njmprel + o->dyn.nrelr * 16, bytes = 0;
  for (uint16_t i = 0; i < o->phnum; i++)
    if (o->phdr[i].p_type == PT_LOAD && (o->phdr[i].p_flags & PF_W)) bytes += o->phdr[i].p_filesz;
  if (bytes < 16 * DR_PAGE || relocs * 512 < bytes) return 0;
  uint64_t k = leading_relative(o), sorted = k + o->dyn.njmprel + o->dyn.nrelr * 16;
  uint32_t n = 0;
  for (uint16_t i = 0; i < o->phnum; i++) {
    const Elf64_Phdr *ph = &o->phdr[i];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W) || !ph->p_filesz) continue;
    uint64_t lo = dr_align_down(ph->p_vaddr, DR_PAGE), hi = dr_align_up(ph->p_vaddr + ph->p_filesz, DR_PAGE);
    uint64_t pages = (hi - lo) / DR_PAGE;
    bool whole = pages > SMALL_SEGMENT && pages * DENSE_PAGE <= sorted;
    for (uint64_t run = lo, p = whole ? hi : lo; p <= hi; p += DR_PAGE) {
      if (p < hi && page_relocated(o, k, p)) continue;
      /* [run, p) is a run of relocated pages */
      for (uint64_t a = run; a < p; a += POPULATE_CHUNK, n++)
        if (items)
          items[n] = (struct item){.o = o, .kind = POPULATE, .start = o->l_addr + a,
                                   .count = p - a < POPULATE_CHUNK ? p - a : POPULATE_CHUNK};
      run = p + DR_PAGE;
    }
  }
  return n;
}

/* The work items of CHUNK relocations; with ITEMS NULL, only counts them (the
 * caller then allocates exactly that many and asks again). *TOTAL counts the
 * RELATIVE-like relocations, *NSYMBOLIC the symbolic ones SYMBOLIC asks to
 * bind ahead of the serial pass, *NPOPULATE the POPULATE items. */
static uint32_t collect(struct dr_process *p, uint64_t chunk, struct item *items, uint64_t *total,
                        uint64_t *nsymbolic, uint32_t *npopulate, bool symbolic, bool replay) {
  uint32_t n = 0;
  *total = *nsymbolic = 0, *npopulate = 0;
  for (struct dr_object *o = p->head; o; o = o->next) {
    if (o->relocated || o->is_vdso) continue;
    uint32_t pop = collect_populate(o, items ? items + n : 0);
    n += pop, *npopulate += pop;
    if (o->dyn.textrel) continue;
    uint64_t k = leading_relative(o);
    for (uint64_t s = 0; s < k; s += chunk, n++)
      if (items)
        items[n] = (struct item){.o = o, .kind = LEADING_RELATIVE, .start = s, .count = k - s < chunk ? k - s : chunk};
    *total += k;
    /* DT_RELR splits at address words: each starts an independent run. */
    uint64_t s = 0;
    for (uint64_t i = 1; i <= o->dyn.nrelr; i++) {
      bool cut = i == o->dyn.nrelr || ((o->dyn.relr[i] & 1) == 0 && i - s >= chunk / 8);
      if (!cut) continue;
      if (items) items[n] = (struct item){.o = o, .kind = RELR, .start = s, .count = i - s};
      n++;
      s = i;
    }
    *total += o->dyn.nrelr * 8;
    if (items) o->relative_done = k, o->relr_done = true;
    uint64_t end = dr_rela_own(&o->dyn), step = chunk / 16 ? chunk / 16 : 1;
    if (!o->dyn.symtab || end <= k) continue;
    *nsymbolic += end - k;
    bool ahead = replay && o->bc_pos != o->bc_end;
    if (ahead) {
      if (items) items[n] = (struct item){.o = o, .kind = REPLAY, .start = k, .count = end - k};
      n++;
    } else if (symbolic) {
      for (uint64_t s = k; s < end; s += step, n++)
        if (items) items[n] = (struct item){.o = o, .kind = SYMBOLIC, .start = s, .count = end - s < step ? end - s : step};
    } else {
      continue;
    }
    if (items) {
      o->prebound = dr_zalloc(((end - k + 63) / 64 + ahead) * 8);
      o->prebound_from = k, o->prebound_n = end - k;
      o->replayed_ahead = ahead;
    }
  }
  return n;
}

/* GLOB_DAT and R_X86_64_64 entries of an item whose symbols dr_resolve_plain
 * finds: bound now, each marked done for the serial pass, which resolves the
 * rest in its order. Each symbol is looked up once per run of entries naming
 * it, as the serial pass's one-entry cache does. */
static uint64_t bind_ahead(struct dr_image *im, struct dr_object *o, uint64_t start, uint64_t count) {
  const Elf64_Rela *r = o->dyn.rela;
  uint64_t bound = 0, value = 0;
  uint32_t last = 0; /* symbol of VALUE; 0: none */
  for (uint64_t i = start; i < start + count; i++) {
    uint32_t type = ELF64_R_TYPE(r[i].r_info), symidx = ELF64_R_SYM(r[i].r_info);
    if ((type != R_X86_64_GLOB_DAT && type != R_X86_64_64) || symidx == 0 || symidx >= o->dyn.nsymtab) continue;
    void *where = dr_image_ptr(im, r[i].r_offset, 8, true);
    if (!where) continue;
    if (symidx != last) {
      last = 0;
      if (!dr_resolve_plain(o, symidx, 0 /* the class of both types */, &value)) continue;
      last = symidx;
    }
    /* GLOB_DAT ignores its addend, as the serial pass (core/reloc.c) does. */
    uint64_t v = type == R_X86_64_64 ? value + (uint64_t)r[i].r_addend : value;
    __builtin_memcpy(where, &v, 8);
    uint64_t b = i - o->prebound_from;
    __atomic_fetch_or(&o->prebound[b / 64], 1ULL << (b % 64), __ATOMIC_RELAXED);
    bound++;
  }
  return bound;
}

/* An entry replay_ahead replayed but could not apply, a GLOB_DAT or
 * R_X86_64_64 of another object's IFUNC (libLLVM has four, memcpy's kind,
 * among 19,063): the serial pass applies it first, from the stream position
 * and last resolution it had (dr_apply_holes). Kept behind PREBOUND's bitmap. */
struct hole {
  uint64_t i;
  const uint64_t *pos;
  struct dr_resolved slot;
};
struct holes {
  uint32_t n;
  struct hole h[MAX_HOLES];
};

static struct holes **holes_of(struct dr_object *o) {
  return (struct holes **)(o->prebound + (o->prebound_n + 63) / 64);
}

static bool add_hole(struct dr_object *o, uint64_t i) {
  struct holes **hp = holes_of(o);
  if (!*hp) *hp = dr_zalloc(sizeof **hp);
  if ((*hp)->n == MAX_HOLES) return false;
  (*hp)->h[(*hp)->n++] = (struct hole){i, o->bc_pos, o->last_resolved};
  return true;
}

/* Before the serial pass over O: the holes replay_ahead left, each from where
 * the stream and the last resolution were, then both back where it stopped.
 * An IFUNC of another object runs its resolver as it would a few entries on. */
const char *dr_apply_holes(struct dr_object *o, const struct dr_reloc_ops *ops) {
  if (!o->replayed_ahead || !o->prebound || !*holes_of(o)) return 0;
  struct holes *hs = *holes_of(o);
  *holes_of(o) = 0;
  const uint64_t *end_pos = o->bc_pos;
  struct dr_resolved end_slot = o->last_resolved;
  const char *err = 0;
  /* A replay given up (bc_end cleared) leaves the holes to the pass's search. */
  for (uint32_t j = 0; j < hs->n && !err && o->bc_end; j++) {
    o->bc_pos = hs->h[j].pos, o->last_resolved = hs->h[j].slot;
    uint64_t b = hs->h[j].i - o->prebound_from;
    err = dr_apply_rela(&o->image, &o->dyn, &o->dyn.rela[hs->h[j].i], 1, ops, 0);
    if (!err) o->prebound[b / 64] |= 1ULL << (b % 64);
  }
  if (o->bc_end) o->bc_pos = end_pos, o->last_resolved = end_slot;
  dr_free(hs);
  return err;
}

/* The serial pass's lookups over O's entries [START, START + COUNT), replayed
 * from the binding cache as dr_resolve replays them: the local rule, the last
 * resolution, then the object's stream of answers, in order. Each GLOB_DAT,
 * R_X86_64_64 and static-TLS entry whose answer is a plain symbol (or an
 * undefined weak one) is applied and marked done for the serial pass, as
 * bind_ahead's are; entries that use no answer (RELATIVE, IRELATIVE, a local
 * symbol's) are left to it, and another object's IFUNC is left as a hole. The
 * first entry that needs an answer this does not give (a lookup the cache left
 * to run time, an IFUNC of its own, another type) ends the walk: the serial
 * pass meets it with the stream and the last resolution where this left them.
 * Nothing else is touched: no lookup, no error, no output. Returns how many
 * entries it applied. */
static uint64_t replay_ahead(struct dr_image *im, struct dr_object *o, uint64_t start, uint64_t count,
                             struct item *it) {
  const Elf64_Rela *r = o->dyn.rela;
  struct dr_resolved *slot = &o->last_resolved;
  uint64_t applied = 0;
  for (uint64_t i = start; i < start + count; i++) {
    uint32_t type = ELF64_R_TYPE(r[i].r_info), symidx = ELF64_R_SYM(r[i].r_info);
    bool word = type == R_X86_64_GLOB_DAT || type == R_X86_64_64;
    bool tls = type == R_X86_64_DTPMOD64 || type == R_X86_64_DTPOFF64 || type == R_X86_64_TPOFF64;
    if (symidx >= o->dyn.nsymtab) break;
    const Elf64_Sym *ref = &o->dyn.symtab[symidx], *sym;
    bool local = dr_binds_locally(ref);
    if (symidx == 0 || type == R_X86_64_RELATIVE || (local && !word)) continue; /* no answer used */
    if (!word && !tls) break;
    void *where = dr_image_ptr(im, r[i].r_offset, 8, true);
    if (!where) break;
    int cls = dr_reloc_type_class(type);
    struct dr_object *def;
    bool fresh = false;
    if (local) def = o, sym = ref;
    else if (!dr_replay_answer(o, symidx, cls, ref, &def, &sym, &fresh)) break;
    if (word && def && ELF64_ST_TYPE(sym->st_info) >= STT_TLS) {
      if (local) continue; /* a local TLS or IFUNC symbol: no answer used */
      if (ELF64_ST_TYPE(sym->st_info) != STT_GNU_IFUNC || sym->st_shndx == SHN_UNDEF || def == o ||
          !add_hole(o, i))
        break;
      if (fresh) o->bc_pos++, *slot = (struct dr_resolved){def, sym, symidx + 1, cls};
      continue;
    }
    /* resolve_cb would make a dynamic block static. */
    if (!word && def && (ELF64_ST_TYPE(sym->st_info) != STT_TLS || !def->tls ||
                         (type == R_X86_64_TPOFF64 && def->tls_dynamic)))
      break;
    /* What resolve_cb reports of the definition, and the pass's value of it. */
    struct dr_symval s = {.found = def != 0};
    if (def) {
      s.addr = def->l_addr + sym->st_value;
      s.st_value = sym->st_value;
      s.tls_modid = def->tls_modid;
      s.tls_tpoff = def->tls_tpoff;
    }
    uint64_t A = (uint64_t)r[i].r_addend;
    uint64_t v = word ? dr_reloc_word(type, &s, s.addr, A) : dr_reloc_tls_word(type, &s, A);
    if (fresh) {
      o->bc_pos++;
      it->replayed++;
      *slot = (struct dr_resolved){def, sym, symidx + 1, cls};
    } else if (!local) {
      it->cached++;
    }
    __builtin_memcpy(where, &v, 8);
    uint64_t b = i - o->prebound_from;
    o->prebound[b / 64] |= 1ULL << (b % 64);
    applied++;
  }
  return applied;
}

static void run_item(struct work *w, struct item *it) {
  if (w->tracing) {
    it->t0 = dr_trace_now();
    it->tid = (int)dr_syscall0(__NR_gettid);
  }
  struct dr_image im = it->o->image; /* a private copy: dr_image_ptr updates its hint */
  im.hint = 0;
  if (it->kind == POPULATE) dr_syscall3(__NR_madvise, it->start, it->count, MADV_POPULATE_WRITE);
  else if (it->kind == RELR) it->error = dr_apply_relr(&im, it->o->dyn.relr + it->start, it->count);
  else if (it->kind == LEADING_RELATIVE && it->o->dyn.relacount)
    it->error = dr_apply_relative_counted(&im, it->o->dyn.rela + it->start, it->count, &it->done);
  else if (it->kind == LEADING_RELATIVE)
    it->error = dr_apply_relative(&im, it->o->dyn.rela + it->start, it->count, &it->done);
  else if (it->kind == REPLAY) it->done = replay_ahead(&im, it->o, it->start, it->count, it);
  else it->done = bind_ahead(&im, it->o, it->start, it->count);
  if (w->tracing) it->t1 = dr_trace_now();
}

/* After the join, in item order: a RELA item that stopped short (another type, or
 * an error) ends its object's parallel part there; the serial pass takes over from
 * that entry, re-applying what later items did, and meets any error in its turn. */
static const char *finish_items(struct work *w, struct dr_object **where, uint64_t *total) {
  for (uint32_t i = 0; i < w->nitems; i++) {
    struct item *it = &w->items[i];
    if (it->kind == SYMBOLIC || it->kind == POPULATE) continue;
    if (it->kind == REPLAY) {
      /* The leading RELATIVE entries stopped short: the serial pass starts
       * there, before what this replayed, and does it all again (its stream
       * moved on, it gives the replay up and looks up). */
      if (it->start != it->o->relative_done) {
        dr_memset(it->o->prebound, 0, (it->o->prebound_n + 63) / 64 * 8);
        dr_free(*holes_of(it->o));
        *holes_of(it->o) = 0;
      }
      continue;
    }
    if (it->kind == RELR) {
      if (it->error) return *where = it->o, it->error;
      continue;
    }
    if (it->start >= it->o->relative_done) continue; /* past a stop */
    if (it->done < it->count) {
      *total -= it->o->relative_done - (it->start + it->done);
      it->o->relative_done = it->start + it->done;
    }
  }
  return 0;
}

/* Each thread's argument: the shared work and which worker it is. */
struct worker_arg {
  struct work *w;
  uint32_t k;
};

static void worker(void *arg) {
  struct work *w = ((struct worker_arg *)arg)->w;
  uint32_t k = ((struct worker_arg *)arg)->k;
  /* Tests want every thread to do its share, whoever starts first. */
  if (w->nworkers) {
    for (uint32_t i = k; i < w->nitems; i += w->nworkers) run_item(w, &w->items[i]);
    return;
  }
  for (;;) {
    uint32_t i = __atomic_fetch_add(&w->next, 1, __ATOMIC_RELAXED);
    if (i >= w->nitems) return;
    run_item(w, &w->items[i]);
  }
}

/* The CPUs this process may run on. */
static uint32_t cpus(void) {
  uint64_t mask[16] = {0};
  long n = dr_syscall3(__NR_sched_getaffinity, 0, sizeof mask, mask);
  uint32_t c = 0;
  for (long i = 0; i < n / 8; i++) c += (uint32_t)__builtin_popcountll(mask[i]);
  return c ? c : 1;
}

static uint32_t thread_count(struct dr_process *p, uint64_t total) {
  uint32_t want = p->opt.threads ? p->opt.threads : cpus();
  if (want > MAX_THREADS) want = MAX_THREADS;
  uint64_t pay = total / (p->opt.thread_chunk ? p->opt.thread_chunk : MIN_PER_THREAD);
  if (want > pay) want = (uint32_t)pay;
  return want > 1 ? want - 1 : 0; /* helpers besides the main thread */
}

void dr_relocate_relative(struct dr_process *p) {
  /* DRYAD_THREADS_CHUNK (for tests) makes items and the threshold for threads
   * that small: the difftest then runs its small programs with threads. */
  uint64_t chunk = p->opt.thread_chunk ? p->opt.thread_chunk : CHUNK, total, nsymbolic;
  uint32_t npopulate;
  uint32_t nitems = collect(p, chunk, 0, &total, &nsymbolic, &npopulate, false, false);
  /* Replayed from the binding cache, lookups cost little; while it records, the
   * serial pass must make every one of them, in order. */
  uint32_t nthreads = thread_count(p, total + (dr_bindcache_active() ? 0 : SYMBOLIC_WEIGHT * nsymbolic));
  /* No thread, nothing to populate: the serial pass does the same work without
   * the items (a small program's case). */
  if (!nthreads && !npopulate) {
    p->stats.relative = total;
    return;
  }
  /* Symbolic relocations are bound ahead only by several threads (alone, the
   * serial pass does the same work), and not where LD_DEBUG, ldd's warnings
   * or statistics report lookups in their order. */
  bool ahead = nthreads && !dr_debug_mask && !p->opt.list;
  bool symbolic = ahead && !dr_bindcache_active(), replay = ahead && dr_bindcache_replaying();
  if (symbolic || replay)
    nitems = collect(p, chunk, 0, &total, &nsymbolic, &npopulate, symbolic, replay);
  struct item *items = dr_alloc((nitems ? nitems : 1) * sizeof *items);
  struct work w = {.items = items,
                   .nitems = collect(p, chunk, items, &total, &nsymbolic, &npopulate, symbolic, replay),
                   .tracing = dr_tracing()};
  int tids[MAX_THREADS] = {0};
  char *stacks = 0;
  if (nthreads) {
    stacks = dr_mmap(0, (uint64_t)nthreads * STACK_SIZE, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (dr_mmap_failed(stacks)) nthreads = 0;
  }
  struct worker_arg args[MAX_THREADS + 1];
  for (uint32_t t = 0; t <= nthreads; t++) args[t] = (struct worker_arg){&w, t};
  if (p->opt.thread_chunk) w.nworkers = nthreads + 1;
  uint32_t started = 0;
  for (uint32_t t = 0; t < nthreads; t++, started++)
    if (dr_clone_thread(worker, &args[t + 1], stacks + (uint64_t)(t + 1) * STACK_SIZE, &tids[t]) < 0) break;
  worker(&args[0]);
  /* The shares of threads that could not start are the main thread's. */
  for (uint32_t t = started + 1; w.nworkers && t <= nthreads; t++) worker(&args[t]);
  /* Join: each thread's tid word is cleared, and its futex woken, when it exits. */
  for (uint32_t t = 0; t < started; t++)
    for (int v; (v = __atomic_load_n(&tids[t], __ATOMIC_ACQUIRE)) != 0;)
      dr_syscall6(__NR_futex, (long)&tids[t], FUTEX_WAIT, v, 0, 0, 0);
  if (stacks && nthreads) dr_munmap(stacks, (uint64_t)nthreads * STACK_SIZE);
  static const char *const names[] = {"populate (parallel)", "RELATIVE (parallel)", "RELR (parallel)",
                                      "symbolic (parallel)", "replay (parallel)"};
  for (uint32_t i = 0; w.tracing && i < w.nitems; i++)
    dr_trace_event(names[items[i].kind], "relocate", dr_object_name(items[i].o), items[i].t0, items[i].t1,
                   items[i].count, items[i].tid);
  for (uint32_t i = 0; i < w.nitems; i++) {
    if (items[i].kind == SYMBOLIC) p->stats.symbolic += items[i].done;
    p->stats.symbolic += items[i].replayed, p->stats.replayed += items[i].replayed;
    p->stats.cached += items[i].cached;
  }
  struct dr_object *bad = 0;
  const char *err = finish_items(&w, &bad, &total);
  dr_free(items);
  p->stats.threads = started;
  p->stats.relative = total;
  if (err) dr_fatal_load(dr_object_name(bad), err);
}
