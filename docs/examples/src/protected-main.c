/* A non-PIE program that copies libp.so's pdata (R_X86_64_COPY) and takes
   paddr_fn's address through its own PLT entry (docs/examples/sym-protected.sh). */
#include <stdio.h>
extern int pdata;
void paddr_fn(void);
int lib_reads_pdata(void);
void *lib_paddr_fn(void);
int main(void) {
  pdata = 2;
  printf("prog sees pdata = %d, libp sees %d; &paddr_fn %s\n", pdata, lib_reads_pdata(),
         (void *)paddr_fn == lib_paddr_fn() ? "agrees" : "differs");
  return 0;
}
