/* Symbol lookup through DT_GNU_HASH only, DT_HASH only, and both, in the
 * libraries and (prog_sysv) in the executable.
 *
 *   prog ──> libgnu.so   (--hash-style=gnu)
 *     ├────> libsysv.so  (--hash-style=sysv)
 *     └────> libboth.so  (--hash-style=both)
 *
 * Every function of every library is reached through a pointer in data
 * (R_X86_64_64, resolved at start-up); each returns n*3+1, so the sum over
 * the 64 functions 10..17, 20..27, ..., 80..87 is 3*sum(n) + 64.
 */
#include "testbin.h"

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define TABLE(P)                                                                       \
    long CAT(P, 10)(void), CAT(P, 11)(void), CAT(P, 12)(void), CAT(P, 13)(void);       \
    long CAT(P, 14)(void), CAT(P, 15)(void), CAT(P, 16)(void), CAT(P, 17)(void);       \
    long CAT(P, 20)(void), CAT(P, 21)(void), CAT(P, 22)(void), CAT(P, 23)(void);       \
    long CAT(P, 24)(void), CAT(P, 25)(void), CAT(P, 26)(void), CAT(P, 27)(void);       \
    long CAT(P, 30)(void), CAT(P, 31)(void), CAT(P, 32)(void), CAT(P, 33)(void);       \
    long CAT(P, 34)(void), CAT(P, 35)(void), CAT(P, 36)(void), CAT(P, 37)(void);       \
    long CAT(P, 40)(void), CAT(P, 41)(void), CAT(P, 42)(void), CAT(P, 43)(void);       \
    long CAT(P, 44)(void), CAT(P, 45)(void), CAT(P, 46)(void), CAT(P, 47)(void);       \
    long CAT(P, 50)(void), CAT(P, 51)(void), CAT(P, 52)(void), CAT(P, 53)(void);       \
    long CAT(P, 54)(void), CAT(P, 55)(void), CAT(P, 56)(void), CAT(P, 57)(void);       \
    long CAT(P, 60)(void), CAT(P, 61)(void), CAT(P, 62)(void), CAT(P, 63)(void);       \
    long CAT(P, 64)(void), CAT(P, 65)(void), CAT(P, 66)(void), CAT(P, 67)(void);       \
    long CAT(P, 70)(void), CAT(P, 71)(void), CAT(P, 72)(void), CAT(P, 73)(void);       \
    long CAT(P, 74)(void), CAT(P, 75)(void), CAT(P, 76)(void), CAT(P, 77)(void);       \
    long CAT(P, 80)(void), CAT(P, 81)(void), CAT(P, 82)(void), CAT(P, 83)(void);       \
    long CAT(P, 84)(void), CAT(P, 85)(void), CAT(P, 86)(void), CAT(P, 87)(void);       \
    long CAT(P, exe_value)(void);                                                      \
    long (*const CAT(P, table)[65])(void) = {                                          \
        CAT(P, 10), CAT(P, 11), CAT(P, 12), CAT(P, 13), CAT(P, 14), CAT(P, 15),        \
        CAT(P, 16), CAT(P, 17), CAT(P, 20), CAT(P, 21), CAT(P, 22), CAT(P, 23),        \
        CAT(P, 24), CAT(P, 25), CAT(P, 26), CAT(P, 27), CAT(P, 30), CAT(P, 31),        \
        CAT(P, 32), CAT(P, 33), CAT(P, 34), CAT(P, 35), CAT(P, 36), CAT(P, 37),        \
        CAT(P, 40), CAT(P, 41), CAT(P, 42), CAT(P, 43), CAT(P, 44), CAT(P, 45),        \
        CAT(P, 46), CAT(P, 47), CAT(P, 50), CAT(P, 51), CAT(P, 52), CAT(P, 53),        \
        CAT(P, 54), CAT(P, 55), CAT(P, 56), CAT(P, 57), CAT(P, 60), CAT(P, 61),        \
        CAT(P, 62), CAT(P, 63), CAT(P, 64), CAT(P, 65), CAT(P, 66), CAT(P, 67),        \
        CAT(P, 70), CAT(P, 71), CAT(P, 72), CAT(P, 73), CAT(P, 74), CAT(P, 75),        \
        CAT(P, 76), CAT(P, 77), CAT(P, 80), CAT(P, 81), CAT(P, 82), CAT(P, 83),        \
        CAT(P, 84), CAT(P, 85), CAT(P, 86), CAT(P, 87), CAT(P, exe_value)};

TABLE(gnu_)
TABLE(sysv_)
TABLE(both_)

long exe_value = 1000000;

static long sum(long (*const t[65])(void)) {
    long s = 0;
    for (int i = 0; i < 65; i++) s += t[i]();
    return s;
}

int main(void) {
    tb_show("gnu", sum(gnu_table));
    tb_show("sysv", sum(sysv_table));
    tb_show("both", sum(both_table));
    return 0;
}
