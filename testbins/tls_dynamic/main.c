/* Dynamic TLS models in a library of the initial set (so its block is in
 * static TLS, but reached through __tls_get_addr and TLSDESC).
 *
 *   prog ──> libtlsgd.so ──> libc.so.6 (support/fakelibc.c stand-in)
 *                        └─> ld-linux-x86-64.so.2 (glibc's, or dryad answering
 *                            to that name)
 *
 * The library links against glibc's ld.so by path to get __tls_get_addr; the
 * stand-in libc.so.6 is there because glibc's ld.so, once an object needs it,
 * looks up malloc and pthread_mutex_lock in libc.so.6 (see support/fakelibc.c).
 */
#include "testbin.h"

__thread int e_exported = 0x5555;
int *l_gd_addr(void);
void lib_report(void);

int main(void) {
    lib_report();
    e_exported = 6;
    tb_show("exe e_exported after write", e_exported);
    tb_show("exe reads l_gd through the library", *l_gd_addr());
    return 0;
}
