/* R_X86_64_PC32 in a writable data section of a shared library (GNU ld only).
 *
 *   prog ──> libpc32.so ──> libtarget.so
 */
#include "testbin.h"

void pc32_report(void);

int main(void) {
    pc32_report();
    return 0;
}
