/* testbin.h: what a freestanding scenario program or library may use.
 *
 * No libc: every scenario object is linked with -nostdlib -ffreestanding, so
 * output goes through raw system calls. Everything here is static inline so that
 * each object carries its own copy and no scenario symbol comes from here.
 *
 * Output convention: one fact per line on stdout, so that the transcript of a
 * run under glibc's ld.so and under dryad can be compared line by line.
 */
#ifndef TESTBINS_SUPPORT_TESTBIN_H
#define TESTBINS_SUPPORT_TESTBIN_H

#define SYS_write 1
#define SYS_getpid 39
#define SYS_exit_group 231

typedef unsigned long tb_size_t;

static inline long tb_syscall1(long n, long a) {
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a) : "rcx", "r11", "memory");
    return r;
}

static inline long tb_syscall3(long n, long a, long b, long c) {
    long r;
    __asm__ volatile("syscall"
                     : "=a"(r)
                     : "a"(n), "D"(a), "S"(b), "d"(c)
                     : "rcx", "r11", "memory");
    return r;
}

__attribute__((noreturn)) static inline void tb_exit(int status) {
    for (;;) tb_syscall1(SYS_exit_group, status);
}

static inline long tb_getpid(void) { return tb_syscall1(SYS_getpid, 0); }

static inline tb_size_t tb_strlen(const char *s) {
    tb_size_t n = 0;
    while (s[n]) n++;
    return n;
}

static inline int tb_streq(const char *a, const char *b) {
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

static inline void tb_write(int fd, const char *s, tb_size_t n) {
    while (n > 0) {
        long w = tb_syscall3(SYS_write, fd, (long)s, (long)n);
        if (w <= 0) return;
        s += w;
        n -= (tb_size_t)w;
    }
}

static inline void tb_puts_fd(int fd, const char *s) { tb_write(fd, s, tb_strlen(s)); }
/* Writes s to stdout (no newline added). */
static inline void tb_puts(const char *s) { tb_puts_fd(1, s); }

static inline void tb_putdec(long v) {
    char buf[24];
    int i = sizeof buf;
    unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
    do buf[--i] = (char)('0' + u % 10); while ((u /= 10) != 0);
    if (v < 0) buf[--i] = '-';
    tb_write(1, buf + i, sizeof buf - (tb_size_t)i);
}

static inline void tb_puthex(unsigned long v) {
    char buf[18];
    int i = sizeof buf;
    do buf[--i] = "0123456789abcdef"[v & 15]; while ((v >>= 4) != 0);
    buf[--i] = 'x';
    buf[--i] = '0';
    tb_write(1, buf + i, sizeof buf - (tb_size_t)i);
}

/* "name=value\n" with value in decimal. */
static inline void tb_show(const char *name, long v) {
    tb_puts(name);
    tb_puts("=");
    tb_putdec(v);
    tb_puts("\n");
}

/* "name: ok\n" or "name: FAIL\n"; returns cond so that callers can count. */
static inline int tb_check(const char *name, int cond) {
    tb_puts(name);
    tb_puts(cond ? ": ok\n" : ": FAIL\n");
    return cond;
}

static inline void tb_line(const char *s) {
    tb_puts(s);
    tb_puts("\n");
}

/* Provided by support/start.S in every executable. */
extern void (*tb_finaliser)(void); /* %rdx at entry: the loader's finaliser, or 0 */
extern char **tb_envp;

/* Calls the loader's finaliser (if any) and exits: what a libc's exit() does. */
__attribute__((noreturn)) static inline void tb_exit_with_fini(int status) {
    if (tb_finaliser) tb_finaliser();
    tb_exit(status);
}

#endif
