/* Calls into libbcvalue.so through the PLT, through a GOT pointer and through a
 * pointer in data (GLOB_DAT, R_X86_64_64, JUMP_SLOT), and reads its data (COPY):
 * the output names the library build each binding went to. */
#include <stdio.h>

extern int bc_data;
int bc_value(void);
int bc_twice(void);
int (*volatile twice)(void) = bc_twice;

int main(void) {
  int (*volatile value)(void) = bc_value;
  printf("value %d, data %d, through pointers %d and %d\n", bc_value(), bc_data, value(), twice());
  return 0;
}
