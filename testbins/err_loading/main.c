/* Load-time errors, in glibc's words and with its exit status 127.
 *
 *   prog_missing     ──> libmissing.so (absent at run time)
 *   prog_missing_dep ──> libneedsmissing.so ──> libmissing.so (absent)
 *   prog_lazy, prog_now ──> libsym.so (run-time build lacks vanished())
 *
 * missing library:
 *   ./prog_missing: error while loading shared libraries: libmissing.so: cannot open shared object file: No such file or directory
 * (the same line for a missing dependency of a library: the name is the
 * DT_NEEDED string, the program is argv[0]);
 * undefined symbol, bind-now (-z now), at start-up, before any output:
 *   ./prog_now: symbol lookup error: ./prog_now: undefined symbol: vanished
 * undefined symbol, lazy: the program runs until the first call, then the
 * same message (and LD_BIND_NOW=1 turns the lazy program into the start-up case).
 */
#include "testbin.h"

int present(void);
int vanished(void);

int main(void) {
    tb_show("present", present());
#ifdef CALL_VANISHED
    tb_line("calling vanished");
    tb_show("vanished", vanished());
#endif
    return 0;
}
