/* liba.so, libb.so, libbs.so, libxs.so, libys.so: one source, built with
 * U_VALUE (the initial value of this library's u_obj) and NAME. */
#include "unique.h"

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)

long *CAT(NAME, _u_addr)(void) { return &u_obj; }
