/* Repetition macros for the stress test's generated functions: REP512(M)
 * expands to M(000) M(001) ... M(777) (three octal digits), so that name##i
 * names a function and 0##i is the same number as an octal literal. */
#define REP8(M, p) M(p##0) M(p##1) M(p##2) M(p##3) M(p##4) M(p##5) M(p##6) M(p##7)
#define REP64(M, p) REP8(M, p##0) REP8(M, p##1) REP8(M, p##2) REP8(M, p##3) \
                    REP8(M, p##4) REP8(M, p##5) REP8(M, p##6) REP8(M, p##7)
#define XREP64(M, p) REP64(M, p)
#define REP512(M) REP64(M, 0) REP64(M, 1) REP64(M, 2) REP64(M, 3) \
                  REP64(M, 4) REP64(M, 5) REP64(M, 6) REP64(M, 7)
#define NFUNCS 512
