/* interp/arch/x86_64/syscall.h: raw Linux system calls.
 *
 * dryad runs before any libc exists, so every system call is made here with
 * the `syscall` instruction: number in %rax, arguments in %rdi, %rsi, %rdx,
 * %r10, %r8, %r9; the kernel clobbers %rcx and %r11. A negative return in
 * [-4095, -1] is -errno.
 */
#ifndef DRYAD_ARCH_SYSCALL_H
#define DRYAD_ARCH_SYSCALL_H

#include <stdint.h>

static inline long dr_syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return ret;
}

#define dr_syscall0(n) dr_syscall6((n), 0, 0, 0, 0, 0, 0)
#define dr_syscall1(n, a) dr_syscall6((n), (long)(a), 0, 0, 0, 0, 0)
#define dr_syscall2(n, a, b) dr_syscall6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define dr_syscall3(n, a, b, c) dr_syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define dr_syscall4(n, a, b, c, d) \
  dr_syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

/* A compiler barrier: VALUE is treated as unknown afterwards, so nothing that
 * depends on it (such as a GOT load) can be moved above this point. */
#define dr_launder(value) __asm__ volatile("" : "+r"(value) : : "memory")

/* The thread pointer (%fs base). */
static inline void *dr_thread_pointer(void) {
  void *tp;
  __asm__("mov %%fs:0, %0" : "=r"(tp));
  return tp;
}

/* Calls an IFUNC resolver the way glibc does on x86-64: no arguments are
 * needed by today's resolvers, but glibc passes none, so neither do we. */
static inline uint64_t dr_call_ifunc(uint64_t resolver) {
  return ((uint64_t(*)(void))resolver)();
}

/* The timestamp counter, for LD_DEBUG=statistics (cycles, as glibc reports). */
static inline uint64_t dr_rdtsc(void) {
  uint32_t lo, hi;
  __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
  return ((uint64_t)hi << 32) | lo;
}

#endif
