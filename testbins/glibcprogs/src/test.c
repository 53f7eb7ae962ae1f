/* test: dryad's first glibc program. printf through libc.so.6: stdio, varargs,
 * floating-point formatting (libc's IFUNC'd string functions underneath). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  printf("Hello, world!\n");
  printf("argc=%d argv[1]=%s\n", argc, argc > 1 ? argv[1] : "(none)");
  printf("%5d|%-5d|%05.1f|%e|%#x|%s|%c|%lu\n", 42, 42, 3.14159, 1e-10, 255, "str", 'c',
         (unsigned long)strlen("hello"));
  fprintf(stderr, "to stderr\n");
  return 3;
}
