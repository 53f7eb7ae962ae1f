/* libdata.so: data objects that the executable copies (R_X86_64_COPY). The
 * library reaches them through its GOT (GLOB_DAT), which must point at the
 * executable's copy, not at the library's own (now unused) definition. */
#include "testbin.h"

int lib_table[4] = {7, 8, 9, 10};
const char *lib_name = "libdata";           /* the copy holds a pointer into libdata */
long lib_counter = 5;

int *lib_table_addr(void) { return lib_table; }

void lib_bump(void) { lib_counter += 100; }

void lib_report(void) {
    tb_show("lib: lib_table[0]", lib_table[0]);
    tb_show("lib: lib_table[3]", lib_table[3]);
    tb_show("lib: lib_counter", lib_counter);
    tb_line(lib_name);
}
