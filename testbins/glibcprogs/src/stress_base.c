/* libstress_base.so: f_i(x) = leaf_i(x) + 1, each call to leaf_i through this
 * library's PLT, bound lazily on first use. */
#include "stress_rep.h"
#define DECL(i) int leaf_##i(int);
REP512(DECL)
#define F(i) int f_##i(int x) { return leaf_##i(x) + 1; }
REP512(F)
