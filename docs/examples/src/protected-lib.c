/* libp.so: a protected variable and a protected function, each used by the
   library itself (docs/examples/sym-protected.sh). Built with -DSTUB, the
   same names with default visibility: the library prog is linked against. */
#ifdef STUB
#define VIS "default"
#else
#define VIS "protected"
#endif
__attribute__((visibility(VIS))) int pdata = 1;
__attribute__((visibility(VIS))) void paddr_fn(void) {}
int lib_reads_pdata(void) { return pdata; }
void *lib_paddr_fn(void) { return (void *)paddr_fn; }
