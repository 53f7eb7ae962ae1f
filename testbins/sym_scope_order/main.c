/* The global scope is the executable, then its dependencies in breadth-first
 * order of DT_NEEDED; the first definition wins, for every reference in every
 * object.
 *
 *   prog ──> liba.so ──> libd.so        load order: prog, liba, libb, libd
 *     └────> libb.so
 *
 * who_bd   in libb and libd: libb (breadth-first; depth-first would give libd)
 * who_all  in prog, liba, libb: prog, also for liba's call to its own who_all
 * who_ad   in liba and libd: liba, also for libd's call to its own who_ad
 */
#include "testbin.h"

const char *who_bd(void);
const char *a_calls_own_who_all(void);
const char *a_via_d(void);

const char *who_all(void) { return "prog"; }

int main(void) {
    tb_puts("who_bd: "); tb_line(who_bd());
    tb_puts("who_all: "); tb_line(who_all());
    tb_puts("liba calling its own who_all gets: "); tb_line(a_calls_own_who_all());
    tb_puts("libd calling its own who_ad gets: "); tb_line(a_via_d());
    return 0;
}
