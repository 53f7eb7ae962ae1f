/* DT_RELR (packed relative relocations) in a PIE and in a shared library.
 *
 *   prog ──> librelr.so
 *
 * glibc 2.36 accepts DT_RELR in an object with no version needs. It demands a
 * GLIBC_ABI_DT_RELR version need only from objects that have version needs on
 * libc.so.6 ("DT_RELR without GLIBC_ABI_DT_RELR dependency", found by linking a
 * library against libc.so.6 with lld 14, which does not add that need). GNU ld
 * adds the need only when it links against glibc's libc.so. These objects have
 * no version needs, so both loaders must apply the table.
 * Expected sums: sum over i of i*(i+1) for i < 100 = 333300, plus
 * (7 + 42 + 99) * 1000 = 148000: 481300.
 */
#include "table.h"

long lib_table_sum(void);

int main(void) {
    tb_show("exe sum", table_sum());
    tb_show("lib sum", lib_table_sum());
    return 0;
}
