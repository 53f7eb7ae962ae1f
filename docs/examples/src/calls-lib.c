/* A program that calls one function from a library (docs/examples/err-*.sh). */
#include <stdio.h>
int lib_function(void);
int main(void) {
  printf("lib_function() = %d\n", lib_function());
  return 0;
}
