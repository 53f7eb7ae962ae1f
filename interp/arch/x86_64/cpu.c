/* interp/arch/x86_64/cpu.c: what the lazy-binding trampoline needs to know of the CPU. */
#include <stdint.h>

#include "../../dryad.h"

/* Read by trampoline.S. */
int dryad_use_xsave __attribute__((visibility("hidden")));
uint64_t dryad_xsave_size __attribute__((visibility("hidden"))) = 512;

void dr_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]) {
  __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

void dr_cpu_init(void) {
  uint32_t r[4];
  dr_cpuid(0, 0, r);
  if (r[0] < 0xd) return;
  dr_cpuid(1, 0, r);
  bool osxsave = (r[2] >> 27) & 1;
  if (!osxsave) return;
  /* EBX of leaf 0xd: bytes XSAVE needs for the features the OS enabled in XCR0. */
  dr_cpuid(0xd, 0, r);
  if (r[1] < 576) return;
  dryad_xsave_size = (r[1] + 63) & ~63u;
  dryad_use_xsave = 1;
}

uint64_t dr_xgetbv0(void) {
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return ((uint64_t)hi << 32) | lo;
}

/* The CPUID and XCR0 words the feature tests below read. */
struct cpu_words {
  bool intel;
  uint32_t ecx1, ebx7, ecx81;
  bool ymm, zmm; /* AVX and AVX-512 register state enabled by the OS */
};

static void read_words(struct cpu_words *w) {
  uint32_t r[4], vendor[3];
  *w = (struct cpu_words){0};
  dr_cpuid(0, 0, r);
  uint32_t max = r[0];
  vendor[0] = r[1], vendor[1] = r[3], vendor[2] = r[2];
  w->intel = dr_memcmp(vendor, "GenuineIntel", 12) == 0;
  if (max < 1) return;
  dr_cpuid(1, 0, r);
  w->ecx1 = r[2];
  if (max >= 7) dr_cpuid(7, 0, r), w->ebx7 = r[1];
  dr_cpuid(0x80000000, 0, r);
  if (r[0] >= 0x80000001) dr_cpuid(0x80000001, 0, r), w->ecx81 = r[2];
  uint64_t xcr0 = (w->ecx1 >> 27) & 1 ? dr_xgetbv0() : 0;
  w->ymm = (xcr0 & 6) == 6 && (w->ecx1 >> 28) & 1;
  w->zmm = w->ymm && (xcr0 & 0xe0) == 0xe0 && (w->ebx7 >> 16) & 1;
}

#define BIT(w, b) (((w) >> (b)) & 1)

/* glibc's $PLATFORM (GLRO(dl_platform)) on x86-64: AT_PLATFORM ("x86_64"),
 * replaced by "haswell" or "xeon_phi" on Intel CPUs whose usable features
 * match those families (sysdeps/x86/cpu-features.c, init_cpu_features). */
const char *dr_cpu_platform(const char *at_platform) {
  struct cpu_words w;
  read_words(&w);
  if (!w.intel || !w.ebx7) return at_platform;
  if (w.zmm && BIT(w.ebx7, 28) && BIT(w.ebx7, 27) && BIT(w.ebx7, 26)) return "xeon_phi";
  if (w.ymm && BIT(w.ebx7, 5) && BIT(w.ecx1, 12) && BIT(w.ebx7, 3) && BIT(w.ebx7, 8) &&
      BIT(w.ecx81, 5) && BIT(w.ecx1, 22) && BIT(w.ecx1, 23))
    return "haswell";
  return at_platform;
}

/* The x86-64 psABI micro-architecture level (1 to 4), glibc-hwcaps's
 * x86-64-v2..v4 subdirectories: each level adds its instructions to the last. */
int dr_cpu_isa_level(void) {
  struct cpu_words w;
  read_words(&w);
  /* v2: SSE3 SSSE3 CMPXCHG16B SSE4.1 SSE4.2 POPCNT, LAHF/SAHF in 64-bit mode */
  if (!(BIT(w.ecx1, 0) && BIT(w.ecx1, 9) && BIT(w.ecx1, 13) && BIT(w.ecx1, 19) &&
        BIT(w.ecx1, 20) && BIT(w.ecx1, 23) && BIT(w.ecx81, 0)))
    return 1;
  /* v3: AVX AVX2 BMI1 BMI2 F16C FMA LZCNT MOVBE, with OSXSAVE */
  if (!(w.ymm && BIT(w.ebx7, 5) && BIT(w.ebx7, 3) && BIT(w.ebx7, 8) && BIT(w.ecx1, 29) &&
        BIT(w.ecx1, 12) && BIT(w.ecx81, 5) && BIT(w.ecx1, 22)))
    return 2;
  /* v4: AVX512F BW CD DQ VL */
  if (!(w.zmm && BIT(w.ebx7, 30) && BIT(w.ebx7, 28) && BIT(w.ebx7, 17) && BIT(w.ebx7, 31)))
    return 3;
  return 4;
}

/* glibc's HWCAP_X86_AVX512_1 (a legacy hwcaps subdirectory, and GLRO(dl_hwcap)):
 * an Intel CPU with AVX512 CD, BW, DQ and VL usable, and no AVX512ER. */
bool dr_cpu_avx512_1(void) {
  struct cpu_words w;
  read_words(&w);
  return w.intel && w.zmm && BIT(w.ebx7, 28) && !BIT(w.ebx7, 27) && BIT(w.ebx7, 30) &&
         BIT(w.ebx7, 17) && BIT(w.ebx7, 31);
}
#undef BIT
