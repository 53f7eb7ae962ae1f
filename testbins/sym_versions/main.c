/* Symbol versioning.
 *
 *   prog*  ──> libver.so (runtime build: foo@VERS_1 hidden, foo@@VERS_2,
 *                         base_sym in the base version)
 *
 * prog              built against it: foo@VERS_2 -> 2, base_sym -> 100
 * prog_old          built against old/libver.so (foo@@VERS_1 only): binds the
 *                   now hidden foo@VERS_1 -> 1
 * prog_unversioned  built against plain/libver.so (no versions): glibc binds the
 *                   unversioned reference to foo@VERS_1 -> 1, not to the default
 *                   foo@@VERS_2. Its rule (dl-lookup.c check_match): with no
 *                   version requested, a definition whose version index is 1
 *                   or 2 (the first VERDEF after the base) is taken at once,
 *                   hidden or not; one with index >= 3 only if not hidden and
 *                   the only such candidate. VERS_1 has index 2 here.
 * prog_v3           needs VERS_3, which the runtime build lacks:
 *   "./prog_v3: @DIR@/libver.so: version `VERS_3' not found (required by ./prog_v3)"
 *   and exit status 1 (not 127: glibc's version check fails that way)
 * prog_gone         needs gone@VERS_2; VERS_2 exists but has no gone:
 *   "./prog_gone: symbol lookup error: ./prog_gone: undefined symbol: gone, version VERS_2", 127
 * (The library path in the first message is the one the loader opened, found
 * through prog's DT_RUNPATH $ORIGIN.)
 */
#include "testbin.h"

int foo(void);
int base_sym(void);

int main(void) {
    tb_show("foo", foo());
    tb_show("base_sym", base_sym());
    return 0;
}
