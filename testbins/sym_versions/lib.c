/* libver.so in its builds (see BUILD): foo has two versions in the new build. */
#include "testbin.h"

#ifdef OLD
int foo(void) { return 1; }
#else
int foo_v1(void) { return 1; }
int foo_v2(void) { return 2; }
__asm__(".symver foo_v1, foo@VERS_1");
__asm__(".symver foo_v2, foo@@VERS_2");
int base_sym(void) { return 100; }
#endif
#ifdef V3
int v3_only(void) { return 3; }
int gone(void) { return 4; }
#endif
