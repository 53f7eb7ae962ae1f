/* interp/glibc/cpu_features.c: glibc's struct cpu_features, for libc's IFUNCs.
 *
 * libc.so.6, libm and libmvec pick their string, memory and math routines by
 * reading GLRO(dl_x86_cpu_features) while they are relocated. Each CPUID leaf
 * glibc records is stored with two words sets: what CPUID says, and what is
 * "active" (usable): a feature whose register state the OS has not enabled in
 * XCR0 (AVX, AVX-512) must not be active, or a resolver would pick code that
 * faults. Only features known to be safe are made active; anything else stays
 * off, and libc then falls back to a baseline routine. The tuning thresholds
 * must be sane: memmove misbehaves with a zero non-temporal threshold.
 * Book: docs/12-glibc-contract.md.
 */
#include "glibc.h"

enum { KIND_UNKNOWN, KIND_INTEL, KIND_AMD, KIND_ZHAOXIN, KIND_OTHER };
enum { EAX, EBX, ECX, EDX };

/* glibc's leaf order in features[]: (leaf, subleaf). */
static const uint32_t leaves[9][2] = {{1, 0},          {7, 0},          {0x80000001, 0},
                                      {0xd, 1},        {0x80000007, 0}, {0x80000008, 0},
                                      {7, 1},          {0x19, 0},       {0x14, 0}};

#define B(n) (1u << (n))
/* Usable whenever CPUID reports them (no OS state needed). */
static const uint32_t always[9][4] = {
    /* leaf 1: ECX SSE3 PCLMULQDQ SSSE3 CX16 SSE4_1 SSE4_2 MOVBE POPCNT AES XSAVE OSXSAVE RDRAND;
     * EDX FPU TSC CX8 CMOV CLFSH MMX FXSR SSE SSE2 */
    [0] = {0, 0, B(0) | B(1) | B(9) | B(13) | B(19) | B(20) | B(22) | B(23) | B(25) | B(26) | B(27) | B(30),
           B(0) | B(4) | B(8) | B(15) | B(19) | B(23) | B(24) | B(25) | B(26)},
    /* leaf 7: EBX FSGSBASE BMI1 BMI2 ERMS RDSEED ADX CLFLUSHOPT CLWB SHA; ECX RDPID; EDX FSRM */
    [1] = {0, B(0) | B(3) | B(8) | B(9) | B(18) | B(19) | B(23) | B(24) | B(29), B(22), B(4)},
    /* 0x80000001: ECX LAHF64 LZCNT PREFETCHW; EDX SYSCALL NX PAGE1GB RDTSCP LM */
    [2] = {0, 0, B(0) | B(5) | B(8), B(11) | B(20) | B(26) | B(27) | B(29)},
};
/* Usable when the OS saves YMM state (XCR0 bits 1 and 2). */
static const uint32_t with_ymm[9][4] = {
    [0] = {0, 0, B(12) | B(28) | B(29), 0},        /* FMA AVX F16C */
    [1] = {0, B(5), B(9) | B(10), 0},              /* AVX2; VAES VPCLMULQDQ */
};
/* Usable when the OS also saves the AVX-512 state (XCR0 bits 5, 6, 7). */
static const uint32_t with_zmm[9][4] = {
    /* EBX AVX512F DQ IFMA CD BW VL; ECX VBMI VBMI2 VNNI BITALG VPOPCNTDQ */
    [1] = {0, B(16) | B(17) | B(21) | B(28) | B(30) | B(31), B(1) | B(6) | B(11) | B(12) | B(14), 0},
};

/* glibc 2.36's preferred[0] tuning for an Intel CPU (init_cpu_features): the
 * string functions libc's IFUNCs pick depend on it. From CPUID as reported:
 * ECX of leaf 1, EBX of leaf 7, EAX of leaf 7 subleaf 1; RTM: RTM is usable. */
static uint32_t intel_preferred(uint32_t family, uint32_t model, uint32_t leaf1_ecx, uint32_t leaf7_ebx,
                                uint32_t leaf7_1_eax, bool rtm) {
  uint32_t pref = 0;
  const uint32_t core = CPU_PREF_FAST_REP_STRING | CPU_PREF_FAST_UNALIGNED_LOAD | CPU_PREF_FAST_UNALIGNED_COPY |
                        CPU_PREF_PMINUB_FOR_STRINGOP;
  if (family == 6) {
    switch (model) {
      case 0x1c: case 0x26: /* Atom: BSF is slow */
        pref |= CPU_PREF_SLOW_BSF;
        break;
      case 0x57: case 0x7a: case 0x5c: case 0x5f: case 0x4c: case 0x5a: case 0x75: case 0x37: case 0x4a:
      case 0x4d: case 0x5d: /* Knights Landing, Goldmont (Plus), Airmont, Silvermont */
        pref |= CPU_PREF_FAST_UNALIGNED_LOAD | CPU_PREF_FAST_UNALIGNED_COPY | CPU_PREF_PMINUB_FOR_STRINGOP |
                CPU_PREF_SLOW_SSE4_2;
        break;
      case 0x86: case 0x96: case 0x9c: /* Tremont */
        pref |= core | CPU_PREF_AVOID_SHORT_REP_MOVSB;
        break;
      case 0x1a: case 0x1e: case 0x1f: case 0x25: case 0x2c: case 0x2e: case 0x2f: /* Core i3/i5/i7 */
        pref |= core;
        break;
      default: /* any other family 6 model with AVX is taken for a Core */
        if (leaf1_ecx & B(28)) pref |= core;
        break;
    }
  }
  /* AVX512ER means Xeon Phi. Elsewhere glibc avoids 512-bit code, which
   * lowers the clock, unless the CPU has AVX-VNNI (those keep theirs), and
   * VZEROUPPER where RTM is usable (it aborts transactions). */
  if (leaf7_ebx & B(27)) pref |= CPU_PREF_NO_VZEROUPPER;  /* AVX512ER */
  else {
    if (!(leaf7_1_eax & B(4))) pref |= CPU_PREF_NO_AVX512; /* AVX-VNNI */
    if (rtm) pref |= CPU_PREF_NO_VZEROUPPER;
  }
  return pref;
}

/* Intel models on which glibc 2.36 turns TSX off (errata, or microcode that
 * may predate the fix): their RTM is not usable. Returns 2 where glibc marks
 * RTM_ALWAYS_ABORT usable instead, 1 where only RTM goes, 0 elsewhere. */
static int intel_tsx_off(uint32_t family, uint32_t model, uint32_t stepping) {
  if (family != 6) return 0;
  switch (model) {
    case 0x55: return stepping <= 5 ? 2 : 0;
    case 0x8e: case 0x9e: return stepping <= 0xc ? 2 : 0;
    case 0x4e: case 0x5e: return 2;
    case 0x3f: return stepping >= 4 ? 0 : 1;
    case 0x3c: case 0x45: case 0x46: return 1;
    default: return 0;
  }
}

static uint32_t kind_of(const uint32_t r[4]) {
  uint32_t v[3] = {r[EBX], r[EDX], r[ECX]};
  if (dr_memcmp(v, "GenuineIntel", 12) == 0) return KIND_INTEL;
  if (dr_memcmp(v, "AuthenticAMD", 12) == 0 || dr_memcmp(v, "HygonGenuine", 12) == 0) return KIND_AMD;
  if (dr_memcmp(v, "CentaurHauls", 12) == 0 || dr_memcmp(v, "  Shanghai  ", 12) == 0) return KIND_ZHAOXIN;
  return KIND_OTHER;
}

/* The last-level cache size in bytes, for the non-temporal threshold. */
static uint64_t shared_cache(uint32_t kind, uint32_t max_leaf) {
  uint32_t r[4];
  uint64_t best = 0;
  if (kind == KIND_INTEL && max_leaf >= 4) {
    for (uint32_t i = 0; i < 16; i++) {
      dr_cpuid(4, i, r);
      if ((r[EAX] & 0x1f) == 0) break;
      uint64_t size = (uint64_t)(((r[EBX] >> 22) & 0x3ff) + 1) * (((r[EBX] >> 12) & 0x3ff) + 1) *
                      ((r[EBX] & 0xfff) + 1) * ((uint64_t)r[ECX] + 1);
      if (((r[EAX] >> 5) & 7) >= 2 && size > best) best = size;
    }
  } else if (kind == KIND_AMD) {
    dr_cpuid(0x80000000, 0, r);
    if (r[EAX] >= 0x80000006) {
      dr_cpuid(0x80000006, 0, r);
      best = (uint64_t)((r[EDX] >> 18) & 0x3fff) * 512 * 1024;
    }
  }
  return best;
}

void dr_glibc_cpu_features(struct dr_process *p, uint8_t *cf) {
  (void)p;
  uint32_t r[4];
  dr_cpuid(0, 0, r);
  uint32_t max_leaf = r[EAX], kind = kind_of(r);
  dr_cpuid(0x80000000, 0, r);
  uint32_t max_ext = r[EAX];
  *(uint32_t *)(cf + CPU_BASIC_KIND) = kind;
  *(int32_t *)(cf + CPU_BASIC_MAX_CPUID) = (int32_t)max_leaf;
  dr_cpuid(1, 0, r);
  uint32_t family = (r[EAX] >> 8) & 0xf, model = (r[EAX] >> 4) & 0xf;
  if (family == 0xf) family += (r[EAX] >> 20) & 0xff;
  if (family >= 6) model += ((r[EAX] >> 16) & 0xf) << 4;
  *(uint32_t *)(cf + CPU_BASIC_FAMILY) = family;
  *(uint32_t *)(cf + CPU_BASIC_MODEL) = model;
  *(uint32_t *)(cf + CPU_BASIC_STEPPING) = r[EAX] & 0xf;
  bool osxsave = (r[ECX] >> 27) & 1;
  uint64_t xcr0 = osxsave ? dr_xgetbv0() : 0;
  bool ymm = (xcr0 & 6) == 6, zmm = ymm && (xcr0 & 0xe0) == 0xe0;

  uint32_t active[9][4] = {{0}};
  for (int i = 0; i < 9; i++) {
    uint32_t leaf = leaves[i][0];
    bool have = leaf >= 0x80000000 ? leaf <= max_ext : leaf <= max_leaf;
    uint32_t *w = (uint32_t *)(cf + CPU_FEATURES + CPU_SIZEOF_FEATURE_LEAF * i);
    if (!have) continue;
    dr_cpuid(leaf, leaves[i][1], w);  /* features[i].cpuid: eax ebx ecx edx */
    for (int k = 0; k < 4; k++) {
      uint32_t ok = always[i][k] | (ymm ? with_ymm[i][k] : 0) | (zmm ? with_zmm[i][k] : 0);
      active[i][k] = w[k] & ok;
      w[4 + k] = active[i][k];         /* features[i].active */
    }
  }
  /* The recorded words of leaves 1, 7 and 7/1: CPUID's four, then the active four. */
  uint32_t *leaf1 = (uint32_t *)(cf + CPU_FEATURES);
  uint32_t *leaf7 = (uint32_t *)(cf + CPU_FEATURES + CPU_SIZEOF_FEATURE_LEAF);
  uint32_t *leaf7_1 = (uint32_t *)(cf + CPU_FEATURES + CPU_SIZEOF_FEATURE_LEAF * 6);
  /* RTM, as glibc: usable unless the CPU says transactions always abort, or
   * glibc turns TSX off on the model, where it marks RTM_ALWAYS_ABORT usable
   * instead (the active words only: CPUID's own stay as reported). */
  int tsx_off = kind == KIND_INTEL ? intel_tsx_off(family, model, *(uint32_t *)(cf + CPU_BASIC_STEPPING)) : 0;
  if ((leaf7[EBX] & B(11)) && !(leaf7[EDX] & B(11)) && !tsx_off) active[1][EBX] |= B(11); /* RTM */
  if (tsx_off == 2) active[1][EDX] |= B(11);                                                  /* RTM_ALWAYS_ABORT */
  leaf7[4 + EBX] = active[1][EBX], leaf7[4 + EDX] = active[1][EDX];
  bool rtm = active[1][EBX] & B(11);
  bool avx2 = active[1][EBX] & B(5), avx512f = active[1][EBX] & B(16);
  bool fsrm = active[1][EDX] & B(4);
  /* preferred[0] as glibc sets it: AVX_Fast_Unaligned_Load where AVX2 is
   * usable, the vendor's tuning, I586 with CX8, I686 with CMOV. */
  uint32_t preferred = avx2 ? CPU_PREF_AVX_FAST_UNALIGNED_LOAD : 0;
  if (kind == KIND_INTEL) {
    preferred |= intel_preferred(family, model, leaf1[ECX], leaf7[EBX], leaf7_1[EAX], rtm);
    if (leaf7[EDX] & B(4)) preferred |= CPU_PREF_AVOID_SHORT_REP_MOVSB; /* FSRM */
  } else if (kind == KIND_AMD && family == 0x15 && model >= 0x60 && model <= 0x7f) {
    /* Excavator: unaligned AVX loads are slower there. */
    preferred = (preferred | CPU_PREF_FAST_UNALIGNED_LOAD | CPU_PREF_FAST_COPY_BACKWARD) &
                ~(uint32_t)CPU_PREF_AVX_FAST_UNALIGNED_LOAD;
  }
  if (leaf1[EDX] & B(8)) preferred |= CPU_PREF_I586;
  if (leaf1[EDX] & B(15)) preferred |= CPU_PREF_I686;
  *(uint32_t *)(cf + CPU_PREFERRED) = preferred;
  bool no_avx512 = preferred & CPU_PREF_NO_AVX512;
  /* isa_1: the x86-64 ISA levels (baseline, v2, v3, v4) the CPU meets. */
  bool v2 = (active[0][ECX] & (B(0) | B(9) | B(13) | B(19) | B(20) | B(23))) ==
                (B(0) | B(9) | B(13) | B(19) | B(20) | B(23)) && (active[2][ECX] & B(0));
  bool v3 = v2 && avx2 && (active[0][ECX] & (B(12) | B(22) | B(28) | B(29))) == (B(12) | B(22) | B(28) | B(29)) &&
            (active[1][EBX] & (B(3) | B(8))) == (B(3) | B(8)) && (active[2][ECX] & B(5));
  bool v4 = v3 && (active[1][EBX] & (B(16) | B(17) | B(28) | B(30) | B(31))) ==
                      (B(16) | B(17) | B(28) | B(30) | B(31));
  *(uint32_t *)(cf + CPU_ISA_1) = 1 | (v2 ? 2 : 0) | (v3 ? 4 : 0) | (v4 ? 8 : 0);
  if (osxsave && max_leaf >= 0xd) {
    dr_cpuid(0xd, 0, r);
    *(uint64_t *)(cf + CPU_XSAVE_STATE_SIZE) = r[EBX];
    *(uint32_t *)(cf + CPU_XSAVE_STATE_FULL_SIZE) = r[EBX];
  }
  /* Thresholds as glibc's dl_init_cacheinfo computes them, clamped to its bounds. */
  uint64_t shared = shared_cache(kind, max_leaf);
  uint64_t nt = shared ? shared * 3 / 4 : 0xc0000;
  if (nt < 0x4040) nt = 0x4040;
  uint64_t movsb = avx512f && !no_avx512 ? 4096 * 4 : avx2 ? 4096 * 2 : 2048;
  if (fsrm) movsb = 2112;
  *(uint64_t *)(cf + CPU_NON_TEMPORAL_THRESHOLD) = nt;
  *(uint64_t *)(cf + CPU_REP_MOVSB_THRESHOLD) = movsb;
  *(uint64_t *)(cf + CPU_REP_MOVSB_STOP_THRESHOLD) = nt;
  *(uint64_t *)(cf + CPU_REP_STOSB_THRESHOLD) = 2048;
  /* GLRO(dl_hwcap) on x86-64: HWCAP_X86_64, plus HWCAP_X86_AVX512_1 on Intel. */
  uint64_t hwcap = 2;
  if (dr_cpu_avx512_1()) hwcap |= 4;
  GLRO(GLRO_DL_HWCAP, uint64_t) = hwcap;
}
