/* libstress_leaf.so: 512 leaf functions, leaf_i(x) = 3x + i. */
#include "stress_rep.h"
#define LEAF(i) int leaf_##i(int x) { return 3 * x + 0##i; }
REP512(LEAF)
