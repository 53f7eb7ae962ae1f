#include "testbin.h"

int lib_fn(int x) { return x * 7; }
void *lib_fn_addr(void) { return (void *)lib_fn; }
