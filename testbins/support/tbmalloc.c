/* tbmalloc.c: the allocator of the libc.so.6 stand-in (see fakelibc.c).
 * glibc's ld.so switches from its minimal malloc to malloc/calloc/realloc/free
 * found in the global scope once an object needs ld-linux-x86-64.so.2
 * (__rtld_malloc_init_real); without them it stops with
 *   "symbol lookup error: ...: undefined symbol: calloc, version GLIBC_2.2.5".
 * A bump allocator over a static arena; free does nothing.
 */
typedef unsigned long size_t;

static char arena[1 << 20] __attribute__((aligned(64)));
static size_t used;

void *malloc(size_t n) {
    size_t start = (used + 63) & ~(size_t)63;
    if (start + n > sizeof arena || start + n < start) return 0;
    used = start + n;
    return arena + start;
}

void *calloc(size_t a, size_t b) {
    /* arena memory is never reused, so it is still zero */
    if (b != 0 && a > (size_t)-1 / b) return 0;
    return malloc(a * b);
}

void *realloc(void *p, size_t n) {
    char *q = malloc(n);
    if (q && p) {
        /* the old block is at most as long as the distance to the arena end */
        size_t avail = (size_t)(arena + sizeof arena - (char *)p);
        size_t copy = n < avail ? n : avail;
        for (size_t i = 0; i < copy; i++) q[i] = ((char *)p)[i];
    }
    return q;
}

void free(void *p) { (void)p; }
