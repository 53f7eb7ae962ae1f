/* A table of pointers for RELR to encode (docs/examples/reloc-relr.sh). */
static int v[64];
/* 40 pointers, a gap of 2 words that need no relocation, then 30 more. */
#define P4(i) &v[i], &v[i+1], &v[i+2], &v[i+3]
int *table[72] = { P4(0), P4(4), P4(8), P4(12), P4(16), P4(20), P4(24), P4(28), P4(32), P4(36), 0, 0,
  P4(40), P4(44), P4(48), P4(52), P4(56), P4(60), &v[0], &v[1] };
