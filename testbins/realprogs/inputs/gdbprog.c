#include <stdio.h>

int add(int a, int b) { return a + b; }

int main(void) {
  int s = 0;
  for (int i = 1; i <= 3; i++) s = add(s, i);
  printf("sum %d\n", s);
  return 0;
}
