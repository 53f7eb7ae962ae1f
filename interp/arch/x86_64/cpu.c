/* interp/arch/x86_64/cpu.c: what the lazy-binding trampoline needs to know of the CPU. */
#include <stdint.h>

#include "../../dryad.h"

/* Read by trampoline.S. */
int dryad_use_xsave __attribute__((visibility("hidden")));
uint64_t dryad_xsave_size __attribute__((visibility("hidden"))) = 512;

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]) {
  __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

void dr_cpu_init(void) {
  uint32_t r[4];
  cpuid(0, 0, r);
  if (r[0] < 0xd) return;
  cpuid(1, 0, r);
  bool osxsave = (r[2] >> 27) & 1;
  if (!osxsave) return;
  /* EBX of leaf 0xd: bytes XSAVE needs for the features the OS enabled in XCR0. */
  cpuid(0xd, 0, r);
  if (r[1] < 576) return;
  dryad_xsave_size = (r[1] + 63) & ~63u;
  dryad_use_xsave = 1;
}
