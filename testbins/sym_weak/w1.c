/* libw1.so: weak definitions, earlier in the global scope than libs2.so's
 * strong ones. */
#include "testbin.h"

__attribute__((weak)) const char *who_weak(void) { return "libw1 (weak definition)"; }
__attribute__((weak)) int wdata = 1;
