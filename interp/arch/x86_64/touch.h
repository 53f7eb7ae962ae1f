/* interp/arch/x86_64/touch.h: faulting a page in for writing, unchanged.
 *
 * A private file page first read is mapped read-only; the first store then
 * copies it, a second fault. A read-modify-write instruction asks for write
 * access at once, so a page that is read before it is written (a .dynamic
 * section dryad parses, then adjusts) costs one fault instead of two. `lock`
 * keeps a concurrent store to the same byte from being lost.
 */
#ifndef DRYAD_ARCH_TOUCH_H
#define DRYAD_ARCH_TOUCH_H

static inline void dr_touch_for_write(void *p) {
  __asm__ volatile("lock orb $0, %0" : "+m"(*(volatile unsigned char *)p) : : "memory");
}

#endif
