/* A program that uses &stdout, a variable of libc (docs/examples/reloc-copy.sh). */
#include <stdio.h>
int main(void) { return stdout == 0; }
