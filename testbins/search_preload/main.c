/* LD_PRELOAD, the options of explicit invocation, and "each object once".
 *
 *   [preloads] ──> then prog ──> libbase.so
 *
 * LD_PRELOAD: names separated by spaces or colons, loaded after the executable
 * and before its DT_NEEDED, so their definitions interpose (first one wins);
 * a name without a slash is searched like a DT_NEEDED of the executable; a
 * missing one is reported and ignored:
 *   ERROR: ld.so: object 'X' from LD_PRELOAD cannot be preloaded (cannot open shared object file): ignored.
 * Explicit invocation: --library-path (replaces LD_LIBRARY_PATH), --preload,
 * --argv0 (the program's argv[0]; otherwise argv[0] is the path given).
 * Once: liblink.so, a symlink to libbase.so, and a second DT_NEEDED of
 * libbase.so both map to the object already loaded (same device and inode;
 * same name): one initialiser call.
 */
#include "testbin.h"

const char *greet(void);

int main(int argc, char **argv) {
    if (argc > 1) { /* "show-argv0" */
        tb_puts("argv[0]=");
        tb_line(argv[0]);
    }
    tb_puts("greet: ");
    tb_line(greet());
    return 0;
}
