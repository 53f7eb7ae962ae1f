/* Shared by the objects of ifunc_order: a resolver prints its name and whether
 * its own object is already relocated, judged by a pointer that needs an
 * R_X86_64_RELATIVE relocation: it must equal the address computed with a
 * RIP-relative lea. Resolvers run during relocation, before any initialiser. */
#include "testbin.h"

static const char self_marker[] = "marker";
static const char *volatile self_marker_ptr = self_marker; /* R_X86_64_RELATIVE */

static inline void resolver_says(const char *name) {
    tb_puts("resolver ");
    tb_puts(name);
    tb_puts(self_marker_ptr == self_marker ? ": object relocated\n" : ": object NOT relocated\n");
}
