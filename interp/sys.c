/* interp/sys.c: the system calls dryad makes, as small typed wrappers. */
#include <asm/unistd.h>

#include "arch/x86_64/syscall.h"
#include "dryad.h"

long dr_write(int fd, const void *buf, uint64_t n) {
  const char *p = buf;
  while (n) {
    long r = dr_syscall3(__NR_write, fd, p, n);
    if (r == -4) continue; /* EINTR */
    if (r <= 0) return r;
    p += r;
    n -= (uint64_t)r;
  }
  return 0;
}

long dr_read(int fd, void *buf, uint64_t n) { return dr_syscall3(__NR_read, fd, buf, n); }
long dr_pread(int fd, void *buf, uint64_t n, uint64_t off) {
  return dr_syscall4(__NR_pread64, fd, buf, n, off);
}
long dr_open(const char *path, int flags) { return dr_syscall3(__NR_open, path, flags, 0); }
long dr_close(int fd) { return dr_syscall1(__NR_close, fd); }
long dr_fstat(int fd, void *st) { return dr_syscall2(__NR_fstat, fd, st); }

void *dr_mmap(void *addr, uint64_t len, int prot, int flags, int fd, uint64_t off) {
  return (void *)dr_syscall6(__NR_mmap, (long)addr, (long)len, prot, flags, fd, (long)off);
}

bool dr_mmap_failed(void *p) { return (uint64_t)p > (uint64_t)-4096; }

long dr_munmap(void *addr, uint64_t len) { return dr_syscall2(__NR_munmap, addr, len); }
long dr_mprotect(void *addr, uint64_t len, int prot) {
  return dr_syscall3(__NR_mprotect, addr, len, prot);
}

void dr_exit(int status) {
  for (;;) dr_syscall1(__NR_exit_group, status);
}

long dr_arch_prctl_set_fs(uint64_t addr) {
  return dr_syscall2(__NR_arch_prctl, 0x1002 /* ARCH_SET_FS */, addr);
}

long dr_sched_yield(void) { return dr_syscall0(__NR_sched_yield); }

long dr_ioctl(int fd, unsigned long req, void *arg) { return dr_syscall3(__NR_ioctl, fd, req, arg); }
