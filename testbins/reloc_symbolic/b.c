/* libb.so: the definitions that liba.so and prog refer to. */
#include "testbin.h"

int b_array[8] = {100, 101, 102, 103, 104, 105, 106, 107};
long b_value = 0x1234;
const char b_string[] = "string defined in libb";

int b_func(int x) { return x + 1000; }
int b_other(int x) { return x * 3; }
