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

/* glibc's $PLATFORM (GLRO(dl_platform)) on x86-64: AT_PLATFORM ("x86_64"),
 * replaced by "haswell" or "xeon_phi" on Intel CPUs whose usable features
 * match those families (sysdeps/x86/cpu-features.c, init_cpu_features). */
const char *dr_cpu_platform(const char *at_platform) {
  uint32_t r[4], vendor[3];
  dr_cpuid(0, 0, r);
  vendor[0] = r[1], vendor[1] = r[3], vendor[2] = r[2];
  if (dr_memcmp(vendor, "GenuineIntel", 12) != 0 || r[0] < 7) return at_platform;
  dr_cpuid(1, 0, r);
  uint32_t ecx1 = r[2];
  dr_cpuid(7, 0, r);
  uint32_t ebx7 = r[1];
  dr_cpuid(0x80000000, 0, r);
  uint32_t ecx81 = 0;
  if (r[0] >= 0x80000001) dr_cpuid(0x80000001, 0, r), ecx81 = r[2];
  uint64_t xcr0 = (ecx1 >> 27) & 1 ? dr_xgetbv0() : 0;
  bool ymm = (xcr0 & 6) == 6 && (ecx1 >> 28) & 1;
  bool zmm = ymm && (xcr0 & 0xe0) == 0xe0 && (ebx7 >> 16) & 1;
#define BIT(w, b) (((w) >> (b)) & 1)
  if (zmm && BIT(ebx7, 28) && BIT(ebx7, 27) && BIT(ebx7, 26)) return "xeon_phi";
  if (ymm && BIT(ebx7, 5) && BIT(ecx1, 12) && BIT(ebx7, 3) && BIT(ebx7, 8) && BIT(ecx81, 5) &&
      BIT(ecx1, 22) && BIT(ecx1, 23))
    return "haswell";
#undef BIT
  return at_platform;
}
