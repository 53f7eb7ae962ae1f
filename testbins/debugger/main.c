/* The debugger interface: _r_debug (found through DT_DEBUG), r_brk /
 * _dl_debug_state and the link_map chain. gdb, in batch mode, must stop in
 * main under the interpreter and list the same objects in
 * `info sharedlibrary` as under glibc's ld.so (the interpreter itself shown
 * as @INTERP@).
 *
 * glibc lists only libone.so and libtwo.so: when no object names
 * ld-linux-x86-64.so.2 in DT_NEEDED, glibc unlinks its own link_map from the
 * chain gdb walks, so the interpreter must not appear there either.
 *
 *   prog ──> libone.so ──> libtwo.so
 */
#include "testbin.h"

int one(void);

int main(void) {
    tb_show("one", one());
    return 0;
}
