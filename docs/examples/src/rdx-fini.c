/* A freestanding program that calls the finaliser the dynamic linker passes
   in %rdx, as the psABI allows (docs/examples/init-rdx.sh). */
__asm__(".globl _start\n_start:\n mov %rdx, %rdi\n and $-16, %rsp\n call start_c\n hlt\n");
static long sys_write(const char *s, long n) {
  long r;
  __asm__ volatile("syscall" : "=a"(r) : "a"(1L), "D"(1L), "S"(s), "d"(n) : "rcx", "r11", "memory");
  return r;
}
__attribute__((used)) void start_c(void (*fini)(void)) {
  sys_write("calling the %rdx finaliser\n", 27);
  fini();
  sys_write("back, exiting\n", 14);
  __asm__ volatile("syscall" : : "a"(60L), "D"(0L));
}
