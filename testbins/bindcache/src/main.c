/* Calls into libbcvalue.so through a GOT pointer, through a pointer in data and
 * through the PLT, lazily bound (GLOB_DAT, R_X86_64_64, JUMP_SLOT), and reads
 * its data (COPY): the output names the library build each binding went to. */
#include <stdio.h>

extern int bc_data;
int bc_value(void);
int bc_twice(void);
int bc_called(void);
int bc_copy_works(void);
int (*volatile twice)(void) = bc_twice;

int main(void) {
  int (*volatile value)(void) = bc_value;
  printf("value %d, data %d, through pointers %d and %d, called %d\n", bc_value(), bc_data, value(), twice(),
         bc_called());
  if (!bc_copy_works()) puts("memcpy through a pointer failed");
  return 0;
}
