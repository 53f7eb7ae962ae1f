/* libs2.so: strong definitions of who_weak and wdata (which libw1.so defines
 * weak, earlier in the scope), and later_fn/later_data, which prog and libu.so
 * reference weak. Its own references to who_weak and wdata go through its PLT
 * and GOT (-fsemantic-interposition), so they are looked up too. */
#include "testbin.h"

const char *who_weak(void) { return "libs2 (strong definition)"; }
int wdata = 2;

const char *s2_calls_who_weak(void) { return who_weak(); }
int s2_reads_wdata(void) { return wdata; }

const char *later_fn(void) { return "later_fn in libs2"; }
int later_data = 42;
