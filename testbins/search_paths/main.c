/* Library search: which directory's libwho.so gets loaded.
 *
 *   prog* ──> libwho.so      (one build per directory: cwd (top level), d1,
 *                             d2, rp, lib/x86_64-linux-gnu, plat/<platform>)
 *   prog_rpath_mid, prog_runpath_mid ──> rp/libmid.so ──> libwho.so
 *   prog_slash ──> "sub/libslash.so"
 *
 * Order (glibc): DT_RPATH of the object, then of the objects that loaded it up
 * to the executable, only when the object has no DT_RUNPATH; LD_LIBRARY_PATH;
 * DT_RUNPATH of the object itself (not inherited); ld.so.cache; default dirs.
 * LD_LIBRARY_PATH: ':'/';' separated, an empty element is the working directory.
 * $ORIGIN and ${ORIGIN}: the object's directory; $LIB: lib/x86_64-linux-gnu on
 * Debian; $PLATFORM: glibc's dl_platform, "haswell" on Intel CPUs with AVX2 etc.
 * (not the kernel's AT_PLATFORM "x86_64"), written @PLATFORM@ in the files.
 */
#include "testbin.h"

const char *who(void);

int main(void) {
    tb_puts("libwho.so from ");
    tb_line(who());
    return 0;
}
