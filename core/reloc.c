/* core/reloc.c: applying x86-64 relocations with every field checked. */
#include "reloc.h"

#ifndef R_X86_64_TLSDESC
#define R_X86_64_TLSDESC 36
#endif

static const char *const names[] = {
    [R_X86_64_NONE] = "R_X86_64_NONE",         [R_X86_64_64] = "R_X86_64_64",
    [R_X86_64_PC32] = "R_X86_64_PC32",         [R_X86_64_COPY] = "R_X86_64_COPY",
    [R_X86_64_GLOB_DAT] = "R_X86_64_GLOB_DAT", [R_X86_64_JUMP_SLOT] = "R_X86_64_JUMP_SLOT",
    [R_X86_64_RELATIVE] = "R_X86_64_RELATIVE", [R_X86_64_32] = "R_X86_64_32",
    [R_X86_64_DTPMOD64] = "R_X86_64_DTPMOD64", [R_X86_64_DTPOFF64] = "R_X86_64_DTPOFF64",
    [R_X86_64_TPOFF64] = "R_X86_64_TPOFF64",   [R_X86_64_PC64] = "R_X86_64_PC64",
    [R_X86_64_TLSDESC] = "R_X86_64_TLSDESC",   [R_X86_64_IRELATIVE] = "R_X86_64_IRELATIVE",
};

const char *dr_reloc_name(uint32_t t) {
  return t < sizeof names / sizeof names[0] ? names[t] : 0;
}

/* One more than the width of the word each type writes, 0 for the types dryad does
 * not apply: one load decides both, per relocation. COPY's target is checked below,
 * with the size copied. */
static const uint8_t widths[] = {
    [R_X86_64_64] = 9,        [R_X86_64_PC32] = 5,     [R_X86_64_COPY] = 1,
    [R_X86_64_GLOB_DAT] = 9,  [R_X86_64_JUMP_SLOT] = 9, [R_X86_64_RELATIVE] = 9,
    [R_X86_64_32] = 5,        [R_X86_64_DTPMOD64] = 9, [R_X86_64_DTPOFF64] = 9,
    [R_X86_64_TPOFF64] = 9,   [R_X86_64_PC64] = 9,     [R_X86_64_TLSDESC] = 17,
    [R_X86_64_IRELATIVE] = 9,
};

/* Unaligned stores; the builtins compile to one mov each. */
static inline void put64(void *p, uint64_t v) { __builtin_memcpy(p, &v, 8); }
static inline void put32(void *p, uint32_t v) { __builtin_memcpy(p, &v, 4); }

/* R_X86_64_IRELATIVE: the resolver is the object's own code, at addend A. A
 * damaged addend must not send dryad into another object's code (or anywhere). */
static inline const char *apply_irelative(struct dr_image *im, void *where, uint64_t A,
                                          const struct dr_reloc_ops *ops) {
  if (!dr_image_is_code(im, A)) return "IRELATIVE resolver outside the object's code";
  put64(where, ops->call_ifunc(ops->arg, im->bias + A));
  return 0;
}

static const char *apply_one(struct dr_image *im, const struct dr_dynamic *d,
                             const Elf64_Rela *r, const struct dr_reloc_ops *ops) {
  uint32_t type = ELF64_R_TYPE(r->r_info), symidx = ELF64_R_SYM(r->r_info);
  if (type == R_X86_64_NONE) return 0;
  uint64_t w = type < sizeof widths ? widths[type] : 0;
  if (!w) return "unexpected reloc type";
  void *where = dr_image_ptr(im, r->r_offset, w - 1, true);
  if (!where) return "relocation target outside a writable segment";
  uint64_t A = (uint64_t)r->r_addend, B = im->bias;

  if (type == R_X86_64_RELATIVE) return put64(where, B + A), (const char *)0;
  if (type == R_X86_64_IRELATIVE) return apply_irelative(im, where, A, ops);
  if (symidx >= d->nsymtab && symidx != 0) return "relocation symbol index out of range";

  struct dr_symval s = {0};
  const char *err = ops->resolve(ops->arg, symidx, type, &s);
  if (err) return err;
  uint64_t S = s.addr;
  if (s.found && s.ifunc && type != R_X86_64_COPY) S = ops->call_ifunc(ops->arg, s.addr);

  switch (type) {
    /* (dr_apply_rela gives these three to apply_word; DT_JMPREL's lazy pass, here.) */
    case R_X86_64_64:
    case R_X86_64_GLOB_DAT:
    case R_X86_64_JUMP_SLOT: put64(where, dr_reloc_word(type, &s, S, A)); break;
    case R_X86_64_PC64: put64(where, S + A - (B + r->r_offset)); break;
    case R_X86_64_PC32: {
      int64_t v = (int64_t)(S + A - (B + r->r_offset));
      if (v != (int32_t)v) return "R_X86_64_PC32 relocation out of range";
      put32(where, (uint32_t)v);
      break;
    }
    case R_X86_64_32: {
      uint64_t v = S + A;
      if (v != (uint32_t)v) return "R_X86_64_32 relocation out of range";
      put32(where, (uint32_t)v);
      break;
    }
    case R_X86_64_COPY: {
      if (!s.found) return "COPY relocation against an undefined symbol";
      /* Symbol 0 (no symbol table needed) names nothing to copy. */
      uint64_t ref_size = symidx ? d->symtab[symidx].st_size : 0;
      /* glibc copies the smaller size (and warns when they differ). */
      uint64_t n = s.size < ref_size ? s.size : ref_size;
      where = dr_image_ptr(im, r->r_offset, n, true);
      if (!where) return "COPY relocation target outside a writable segment";
      dr_memcpy(where, (const void *)(uintptr_t)s.addr, n);
      break;
    }
    case R_X86_64_DTPMOD64:
    case R_X86_64_DTPOFF64:
    case R_X86_64_TPOFF64: put64(where, dr_reloc_tls_word(type, &s, A)); break;
    case R_X86_64_TLSDESC:
      if (s.tls_dynamic) {
        if (!ops->tlsdesc_arg) return "TLSDESC relocation against dynamic TLS";
        put64(where, ops->tlsdesc_dynamic);
        put64((char *)where + 8, ops->tlsdesc_arg(ops->arg, s.tls_modid, s.st_value + A));
        break;
      }
      /* Static TLS: the descriptor's argument is the thread-pointer offset. */
      put64(where, ops->tlsdesc_static);
      put64((char *)where + 8, s.st_value + A + (uint64_t)s.tls_tpoff);
      break;
    default: return "unexpected reloc type";
  }
  return 0;
}

/* Whether entry R is one a RELATIVE run applies: its target in the segment
 * [lo, lo + starts) and, when TYPED, its type RELATIVE. */
static inline bool in_run(const Elf64_Rela *r, uint64_t lo, uint64_t starts, bool typed) {
  return (!typed || ELF64_R_TYPE(r->r_info) == R_X86_64_RELATIVE) && r->r_offset - lo < starts;
}

/* Applies the R_X86_64_RELATIVE entries from RELA[*i] on, up to N or, when
 * TYPED, the first entry of another type; *i is left there. Untyped, the
 * entries are DT_RELACOUNT's and their types are taken on trust. The loop is
 * what large objects spend their relocation time in: per entry a segment
 * compare (and a type compare), a load, an add and a store. TYPED is a
 * constant at every call, so each caller gets a loop of its own. */
static inline __attribute__((always_inline)) const char *
relative_run(struct dr_image *im, struct dr_wseg *w, const Elf64_Rela *rela, uint64_t n, uint64_t *i,
             bool typed) {
  uint64_t B = im->bias, k = *i;
  const char *err = 0;
  while (k < n) {
    /* In locals: the stores below could alias *w as far as the compiler knows. */
    uint64_t lo = w->lo, starts = w->starts;
    const Elf64_Rela *r = rela + k, *end = rela + n, *end4 = r + ((n - k) & ~(uint64_t)3);
    /* Four at a time (in order: two may name one word), then one at a time. */
    for (; r < end4; r += 4) {
      if (!in_run(&r[0], lo, starts, typed) || !in_run(&r[1], lo, starts, typed) ||
          !in_run(&r[2], lo, starts, typed) || !in_run(&r[3], lo, starts, typed))
        break;
      put64((void *)(uintptr_t)(B + r[0].r_offset), B + (uint64_t)r[0].r_addend);
      put64((void *)(uintptr_t)(B + r[1].r_offset), B + (uint64_t)r[1].r_addend);
      put64((void *)(uintptr_t)(B + r[2].r_offset), B + (uint64_t)r[2].r_addend);
      put64((void *)(uintptr_t)(B + r[3].r_offset), B + (uint64_t)r[3].r_addend);
    }
    for (; r < end && in_run(r, lo, starts, typed); r++)
      put64((void *)(uintptr_t)(B + r->r_offset), B + (uint64_t)r->r_addend);
    k = (uint64_t)(r - rela);
    if (k >= n || (typed && ELF64_R_TYPE(rela[k].r_info) != R_X86_64_RELATIVE)) break;
    /* Another segment (or none): found, then back to the loop. */
    if (!dr_wseg_find(im, w, rela[k].r_offset)) {
      err = "relocation target outside a writable segment";
      break;
    }
  }
  *i = k;
  return err;
}

const char *dr_apply_relative(struct dr_image *im, const Elf64_Rela *rela, uint64_t n,
                              uint64_t *done) {
  struct dr_wseg w = {0, 0};
  *done = 0;
  return relative_run(im, &w, rela, n, done, true);
}

const char *dr_apply_relative_counted(struct dr_image *im, const Elf64_Rela *rela, uint64_t n,
                                      uint64_t *done) {
  struct dr_wseg w = {0, 0};
  *done = 0;
  return relative_run(im, &w, rela, n, done, false);
}

/* R_X86_64_64, GLOB_DAT and JUMP_SLOT, most of every symbolic table, apart
 * from apply_one's other types: the target checked as RELATIVE's is (one
 * compare within the segment found last), then the word written. */
static inline const char *apply_word(struct dr_image *im, const struct dr_dynamic *d,
                                     const Elf64_Rela *r, const struct dr_reloc_ops *ops,
                                     struct dr_wseg *w) {
  uint32_t type = ELF64_R_TYPE(r->r_info), symidx = ELF64_R_SYM(r->r_info);
  if (!dr_in_wseg(im, w, r->r_offset)) return "relocation target outside a writable segment";
  if (symidx >= d->nsymtab && symidx != 0) return "relocation symbol index out of range";
  struct dr_symval s = {0};
  const char *err = ops->resolve(ops->arg, symidx, type, &s);
  if (err) return err;
  uint64_t S = s.addr, A = (uint64_t)r->r_addend;
  if (s.found && s.ifunc) S = ops->call_ifunc(ops->arg, s.addr);
  put64((void *)(uintptr_t)(im->bias + r->r_offset), dr_reloc_word(type, &s, S, A));
  return 0;
}

static inline bool done_already(const struct dr_reloc_ops *ops, const Elf64_Rela *r) {
  uint64_t i = ((uintptr_t)r - (uintptr_t)ops->done_base) / sizeof *r;
  return ops->done && i < ops->done_n && ((ops->done[i / 64] >> (i % 64)) & 1);
}

/* IRELATIVE entries run last within a range, after everything else in it: their
 * resolvers may read data the other relocations fill in (glibc's do-rel.h). */
const char *dr_apply_rela(struct dr_image *im, const struct dr_dynamic *d,
                          const Elf64_Rela *rela, uint64_t n, const struct dr_reloc_ops *ops,
                          uint64_t *bad) {
  struct dr_wseg w = {0, 0};
  bool irelative = false;
  for (uint64_t i = 0; i < n; i++) {
    uint32_t type = ELF64_R_TYPE(rela[i].r_info);
    const char *err;
    if (type == R_X86_64_RELATIVE) {
      err = relative_run(im, &w, rela, n, &i, true);
      if (!err) {
        i--; /* the loop steps onto the entry that ended the run */
        continue;
      }
    } else if (type == R_X86_64_IRELATIVE) {
      irelative = true;
      continue;
    } else if (done_already(ops, &rela[i])) {
      continue;
    } else if (type == R_X86_64_GLOB_DAT || type == R_X86_64_64 || type == R_X86_64_JUMP_SLOT) {
      err = apply_word(im, d, &rela[i], ops, &w);
    } else {
      err = apply_one(im, d, &rela[i], ops);
    }
    if (err) {
      if (bad) *bad = i;
      return err;
    }
  }
  for (uint64_t i = 0; irelative && i < n; i++) {
    if (ELF64_R_TYPE(rela[i].r_info) != R_X86_64_IRELATIVE) continue;
    const char *err = apply_one(im, d, &rela[i], ops);
    if (err) {
      if (bad) *bad = i;
      return err;
    }
  }
  return 0;
}

const char *dr_apply_jmprel_lazy(struct dr_image *im, const struct dr_dynamic *d,
                                 const Elf64_Rela *rela, uint64_t n,
                                 const struct dr_reloc_ops *ops) {
  struct dr_wseg w = {0, 0};
  bool irelative = false;
  for (int pass = 0; pass < 1 + irelative; pass++) {
    for (uint64_t i = 0; i < n; i++) {
      const Elf64_Rela *r = &rela[i];
      uint32_t type = ELF64_R_TYPE(r->r_info);
      irelative |= type == R_X86_64_IRELATIVE;
      if ((type == R_X86_64_IRELATIVE) != (pass == 1)) continue;
      if (type == R_X86_64_JUMP_SLOT) {
        if (!dr_in_wseg(im, &w, r->r_offset) || ELF64_R_SYM(r->r_info) >= d->nsymtab)
          return "invalid JUMP_SLOT relocation";
        void *where = (void *)(uintptr_t)(im->bias + r->r_offset);
        uint64_t v;
        __builtin_memcpy(&v, where, 8);
        /* Until bound, the slot sends the call back into the object's PLT: code. A
         * damaged or truncated GOT would send the first call anywhere. */
        if (!dr_image_is_code(im, v)) return "invalid JUMP_SLOT relocation";
        put64(where, v + im->bias);
      } else if (type == R_X86_64_IRELATIVE) {
        /* Without apply_one's checks for the other types: libc.so.6 has 40. */
        if (!dr_in_wseg(im, &w, r->r_offset)) return "relocation target outside a writable segment";
        const char *err = apply_irelative(im, (void *)(uintptr_t)(im->bias + r->r_offset),
                                          (uint64_t)r->r_addend, ops);
        if (err) return err;
      } else {
        /* TLSDESC is applied now too, as glibc does. */
        const char *err = apply_one(im, d, r, ops);
        if (err) return err;
      }
    }
  }
  return 0;
}

/* Adds B to the words at P the bits of B_MAP name; returns 0. Linkers set long runs
 * of bits (a table of pointers, a GOT), so it goes a run at a time: the run's start
 * and length with two bit scans, then a jump into a ladder of one add per word
 * (libc.so.6: 1,195 words in 194 runs; a loop paid 7 instructions per pair). */
#define RELR_ADD(i) case (i) + 1: p[i] += B; __attribute__((fallthrough));
#define RELR_ADD8(i) RELR_ADD(i + 7) RELR_ADD(i + 6) RELR_ADD(i + 5) RELR_ADD(i + 4) \
                     RELR_ADD(i + 3) RELR_ADD(i + 2) RELR_ADD(i + 1) RELR_ADD(i)
static inline uint64_t relr_runs(uint64_t *p, uint64_t b_map, uint64_t B) {
  while (b_map) {
    unsigned k = (unsigned)__builtin_ctzll(b_map);
    p += k, b_map >>= k;
    unsigned n = (unsigned)__builtin_ctzll(~b_map); /* >= 1; < 64, the map has 63 bits */
    b_map >>= n;
    switch (n) {
      RELR_ADD(62) RELR_ADD(61) RELR_ADD(60) RELR_ADD(59) RELR_ADD(58) RELR_ADD(57) RELR_ADD(56)
      RELR_ADD8(48) RELR_ADD8(40) RELR_ADD8(32) RELR_ADD8(24) RELR_ADD8(16) RELR_ADD8(8) RELR_ADD8(0)
      default: break;
    }
    p += n;
  }
  return 0;
}

const char *dr_apply_relr(struct dr_image *im, const uint64_t *relr, uint64_t n) {
  struct dr_wseg w = {0, 0};
  uint64_t B = im->bias, where = 0;
  bool have_base = false;
  for (uint64_t i = 0; i < n; i++) {
    uint64_t e = relr[i];
    if ((e & 1) == 0) {  /* an address: relocate it, then bitmaps follow from the next word */
      if (e % 8 || !dr_in_wseg(im, &w, e)) return "invalid DT_RELR entry";
      *(uint64_t *)(uintptr_t)(B + e) += B;
      where = e + 8;
      have_base = true;
    } else {             /* a bitmap of the 63 words after WHERE */
      if (!have_base) return "invalid DT_RELR entry";
      uint64_t b = e >> 1;
      /* The first and last words it names in one segment: so is every word between,
       * and the loop visits only the bits set. */
      uint64_t last = b ? where + 8 * (uint64_t)(63 - __builtin_clzll(b)) : where;
      if (b && dr_in_wseg(im, &w, where + 8 * (uint64_t)__builtin_ctzll(b)) && last - w.lo < w.starts &&
          last >= where)
        b = relr_runs((uint64_t *)(uintptr_t)(B + where), b, B);
      for (uint64_t k = 0; b; b >>= 1, k++) { /* spans two segments, or leaves them */
        if (!(b & 1)) continue;
        if (!dr_in_wseg(im, &w, where + 8 * k)) return "invalid DT_RELR entry";
        *(uint64_t *)(uintptr_t)(B + where + 8 * k) += B;
      }
      where += 63 * 8;
    }
  }
  return 0;
}

uint64_t dr_rela_own(const struct dr_dynamic *d) {
  uint64_t n = d->nrela;
  if (d->rela && d->jmprel && d->rela + n == d->jmprel + d->njmprel && n >= d->njmprel) n -= d->njmprel;
  return n;
}

void dr_count_relocs(const struct dr_dynamic *d, uint64_t *relative, uint64_t *symbolic) {
  uint64_t rel = 0, sym = 0;
  for (uint64_t i = 0; i < d->nrela; i++)
    if (ELF64_R_TYPE(d->rela[i].r_info) == R_X86_64_RELATIVE) rel++; else sym++;
  for (uint64_t i = 0; i < d->nrelr; i++) {
    uint64_t e = d->relr[i];
    if (!(e & 1)) rel++;
    else for (uint64_t b = e >> 1; b; b &= b - 1) rel++;
  }
  *relative = rel;
  *symbolic = sym + d->njmprel;
}
