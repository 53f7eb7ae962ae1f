/* reenter_b.so for dlreenter (glibc's constload3): b_value calls back into a. */
#include <stdio.h>

extern int a_base(void);
int b_value(void) { return a_base(); }

__attribute__((destructor)) static void fini(void) { puts("b: destructor"); }
