/* The library whose two builds (VALUE 1 and 2, one soname) the binding cache
 * test swaps under a program: a function, and data the program copies. The
 * second build has more symbols, so that its symbol table's order differs: a
 * binding replayed against it by index would land on another symbol. */
#include <string.h>

int bc_data = VALUE * 10;
int bc_value(void) { return VALUE; }
int bc_twice(void) { return 2 * VALUE; }
int bc_called(void) { return 100 * VALUE; }
/* Another object's IFUNC through a pointer in data (R_X86_64_64 against libc's
 * memcpy): with threads, the replay ahead of the serial pass leaves it a hole,
 * whose resolver the serial pass runs first (interp/parallel.c). */
void *(*volatile bc_copy)(void *, const void *, size_t) = memcpy;
int bc_copy_works(void) {
  char b[4];
  bc_copy(b, "ok", 3);
  return strcmp(b, "ok") == 0;
}
#if VALUE == 2
int bc_extra_a(void) { return 0; }
int bc_extra_b(void) { return 0; }
int bc_extra_c = 3;
#endif
