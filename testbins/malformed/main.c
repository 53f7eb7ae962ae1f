/* The malformed-object test (issue 5): prog and libmal.so are well formed; the
 * test (run_malformed.sh, mutate.py) writes a few hundred damaged copies of each
 * and runs them under dryad and glibc's ld.so, as the program, as its DT_NEEDED
 * library and as an LD_PRELOAD entry. The undamaged pair prints base.expected.
 *
 *   prog ──> libmal.so (DT_RUNPATH $ORIGIN)
 */
#include "testbin.h"

extern int lib_data;
extern int lib_array[4];
extern const char *lib_str;
extern __thread int lib_tls;
int lib_fn(int);
int lib_call(int);
int foo(void);
int lib_ifunc(void);
int lib_use_hidden(void);
int lib_tls_get(void);

int main(void) {
    tb_show("lib_fn", lib_fn(1));
    tb_show("lib_call", lib_call(2));
    tb_show("lib_data", lib_data);
    tb_show("lib_array[2]", lib_array[2]);
    tb_line(lib_str);
    tb_show("foo", foo());
    tb_show("lib_ifunc", lib_ifunc());
    tb_show("lib_use_hidden", lib_use_hidden());
    tb_show("lib_tls", lib_tls);
    tb_show("lib_tls_get", lib_tls_get());
    return 0;
}
