/* mem.c: the four functions a compiler may call on its own even with
 * -ffreestanding (GCC and Clang documentation). Linked into every scenario
 * object with hidden visibility, so they never take part in symbol resolution. */
typedef unsigned long size_t;

#define HIDDEN __attribute__((visibility("hidden")))

HIDDEN void *memcpy(void *d, const void *s, size_t n) {
    char *dp = d;
    const char *sp = s;
    while (n--) *dp++ = *sp++;
    return d;
}

HIDDEN void *memmove(void *d, const void *s, size_t n) {
    char *dp = d;
    const char *sp = s;
    if (dp < sp) {
        while (n--) *dp++ = *sp++;
    } else {
        while (n--) dp[n] = sp[n];
    }
    return d;
}

HIDDEN void *memset(void *d, int c, size_t n) {
    unsigned char *dp = d;
    while (n--) *dp++ = (unsigned char)c;
    return d;
}

HIDDEN int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *ap = a, *bp = b;
    for (; n; n--, ap++, bp++)
        if (*ap != *bp) return *ap - *bp;
    return 0;
}
