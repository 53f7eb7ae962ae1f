/* R_X86_64_COPY: a non-PIE executable reads a library's data objects directly,
 * so the linker reserves space for them in the executable and emits COPY
 * relocations; the loader copies the initial values and binds every reference
 * (the library's included) to the executable's copy.
 *
 *   prog (non-PIE, -fno-pic) ──> libdata.so
 */
#include "testbin.h"

extern int lib_table[4];
extern const char *lib_name;
extern long lib_counter;
int *lib_table_addr(void);
void lib_bump(void);
void lib_report(void);

int main(void) {
    tb_show("exe: initial lib_table[1]", lib_table[1]);
    tb_line(lib_name);
    lib_table[0] = 42;
    lib_counter = 1;
    lib_bump();
    tb_show("exe: lib_counter after lib_bump", lib_counter);
    lib_report();
    tb_check("library and executable see one lib_table", lib_table_addr() == lib_table);
    return 0;
}
