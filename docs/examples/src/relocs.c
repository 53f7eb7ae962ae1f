/* One library, one relocation of each common type (docs/examples/reloc-readelf.sh,
   docs/07-relocations.md). */
extern int counter;                       /* defined elsewhere */
extern int ext_func(int);
extern __thread int tls_counter;
static const char *greeting = "hello";    /* R_X86_64_RELATIVE: B + A */
int *pc = &counter;                       /* R_X86_64_64: S + A */
int get(void) { return counter; }         /* R_X86_64_GLOB_DAT: S */
int call_it(int x) { return ext_func(x) + 1; }  /* R_X86_64_JUMP_SLOT: S */
int get_tls(void) { return tls_counter; } /* initial exec: R_X86_64_TPOFF64 */
const char *say(void) { return greeting; }
