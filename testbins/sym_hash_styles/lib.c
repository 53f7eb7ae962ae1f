/* 64 exported functions P##0 .. P##63 (enough for several GNU hash buckets,
 * bloom words and chains), and a reference to the executable's exe_value. */
#include "testbin.h"

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define F(n) long CAT(P, n)(void) { return n * 3 + 1; }
#define F8(n) F(n##0) F(n##1) F(n##2) F(n##3) F(n##4) F(n##5) F(n##6) F(n##7)
F8(1) F8(2) F8(3) F8(4) F8(5) F8(6) F8(7) F8(8)

extern long exe_value;
long CAT(P, exe_value)(void) { return exe_value; }
