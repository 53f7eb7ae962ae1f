/* Symbolic binding: DT_SYMBOLIC, or DF_SYMBOLIC in DT_FLAGS (glibc treats the
 * flag as the tag). The object's own definitions come first for its own
 * references, then the global scope; other objects are not affected.
 *
 *   prog ──> libplain.so   linked normally: the control
 *     ├────> libbsym.so    linked -Bsymbolic
 *     ├────> libflag.so    linked normally, then DF_SYMBOLIC set in DT_FLAGS
 *     └────> libtag.so     linked normally, then its DT_FLAGS entry retagged
 *                          DT_SYMBOLIC (the tag alone, no flag)
 *
 * Each library defines who() and sdata (prog defines both too, exported with
 * --export-dynamic, and comes first in the global scope) and refers to them
 * through its PLT (a lazily bound JUMP_SLOT), its GOT (GLOB_DAT) and a data
 * pointer (R_X86_64_64), and to elsewhere(), defined only by prog.
 *
 * libplain: prog interposes: who = prog, sdata = 100.
 * libbsym:  the linker binds who and sdata itself (no relocation left against
 *           them; GNU ld writes DT_SYMBOLIC and DF_SYMBOLIC, lld only
 *           DF_SYMBOLIC): its own.
 * libflag, libtag: the relocations are there, and the loader searches the
 *           object itself first: its own who and sdata.
 * All four: elsewhere() comes from the global scope: prog's.
 * Run lazily (who is bound at the first call) and with LD_BIND_NOW=1.
 */
#include "testbin.h"

const char *who(void) { return "prog"; }
int sdata = 100;
const char *elsewhere(void) { return "prog's elsewhere"; }

void libplain_report(void);
void libbsym_report(void);
void libflag_report(void);
void libtag_report(void);

int main(void) {
    tb_puts("prog: who() = ");
    tb_line(who());
    libplain_report();
    libbsym_report();
    libflag_report();
    libtag_report();
    return 0;
}
