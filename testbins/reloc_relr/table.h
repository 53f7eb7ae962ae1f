/* A table whose RELATIVE relocations make every kind of DT_RELR entry: runs of
 * consecutive words (bitmap entries, more than 63 words long so that a second
 * bitmap follows), and isolated words far apart (new address entries). */
#include "testbin.h"

struct gap {
    const int *p;
    long pad[70]; /* 71 words: the next pointer is out of bitmap reach */
};

static const int values[100] = {
#define V10(b) b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9
    V10(0), V10(10), V10(20), V10(30), V10(40), V10(50), V10(60), V10(70), V10(80), V10(90)};

#define P10(b) &values[b], &values[b + 1], &values[b + 2], &values[b + 3], &values[b + 4], \
    &values[b + 5], &values[b + 6], &values[b + 7], &values[b + 8], &values[b + 9]
static const int *const run[100] = {P10(0), P10(10), P10(20), P10(30), P10(40),
                                    P10(50), P10(60), P10(70), P10(80), P10(90)};
static struct gap gaps[3] = {{&values[7], {0}}, {&values[42], {0}}, {&values[99], {0}}};

/* Read through volatile pointers: otherwise the compiler folds the sum. */
static const int *const *volatile run_ptr = run;
static struct gap *volatile gaps_ptr = gaps;

static long table_sum(void) {
    long sum = 0;
    for (int i = 0; i < 100; i++) sum += *run_ptr[i] * (i + 1);
    for (int i = 0; i < 3; i++) sum += *gaps_ptr[i].p * 1000;
    return sum;
}
