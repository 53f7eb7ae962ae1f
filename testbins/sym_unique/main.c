/* STB_GNU_UNIQUE: one definition per process (glibc's unique symbol table).
 *
 * u_obj is `.type u_obj, @gnu_unique_object` (binding UNIQUE) in each library
 * below; each library reads its own address of u_obj through its GOT. glibc
 * enters the first definition a lookup returns into a process-wide table, and
 * every later lookup of the name that finds any UNIQUE definition gets the
 * table's entry instead.
 *
 *   prog      ──> liba.so (u_obj = 10), libb.so (u_obj = 11)          (PIE)
 *   prog_copy ──> liba.so, libb.so                  (non-PIE: R_X86_64_COPY)
 *   prog_sym  ──> liba.so, libbs.so (u_obj = 12, DF_SYMBOLIC)         (PIE)
 *   prog_order ─> libxs.so (u_obj = 13, DF_SYMBOLIC)                  (PIE)
 *     └─────────> libys.so (u_obj = 14, DF_SYMBOLIC) ──> libxs.so
 *
 * prog, prog_copy (unique): without symbolic binding every lookup starts at
 *   the head of the global scope, so the table only confirms the first
 *   definition in scope order: everyone sees liba's u_obj (10). prog_copy's
 *   COPY relocation copies liba's value into prog's .bss; the copy is a
 *   GLOBAL definition of u_obj in prog (both linkers), first in the scope, so
 *   everyone, liba and libb included, uses it.
 * prog_sym (unique_symbolic): objects are relocated dependencies first
 *   (libbs, liba, prog; glibc's reverse l_initfini). libbs is symbolic and
 *   finds its own u_obj first, which enters the table; liba and prog then find
 *   liba's UNIQUE u_obj and get the table's entry, libbs's: one address (12),
 *   not the first in scope order.
 * prog_order (unique_order): the same, with the order of relocation deciding
 *   which definition enters the table. Load order (breadth-first): prog,
 *   libxs, libys. glibc relocates in the reverse of l_initfini, its
 *   initialisation order (a depth-first sort: libys needs libxs, so libxs is
 *   initialised, and relocated, first): libxs, libys, prog; not in the reverse
 *   of the load order (libys, libxs, prog). libxs enters its own u_obj (13);
 *   libys, symbolic, finds its own u_obj UNIQUE and gets the table's: everyone
 *   sees 13.
 * dlopen (RTLD_LOCAL scopes, where the table matters most) is not tested.
 */
#include "testbin.h"

extern long u_obj;
long *liba_u_addr(void);
long *libb_u_addr(void);
long *libbs_u_addr(void);
long *libxs_u_addr(void);
long *libys_u_addr(void);

#ifdef COPY
/* Non-PIE, direct access: R_X86_64_COPY of u_obj into prog. */
#define PROG_U (&u_obj)
#else
/* PIE: R_X86_64_64 against u_obj, so that prog's view is looked up too (a
 * direct access would make GCC ask for a COPY relocation). */
long *volatile prog_u = &u_obj;
#define PROG_U prog_u
#endif

static void show(const char *who, long *p, long *ref) {
    tb_puts(who);
    tb_puts(": u_obj = ");
    tb_putdec(*p);
    tb_line(p == ref ? ", same address as prog's" : ", another address than prog's");
}

int main(void) {
    long *mine = PROG_U;
    tb_show("prog: u_obj", *mine);
#if defined(SYM)
    show("liba", liba_u_addr(), mine);
    show("libbs", libbs_u_addr(), mine);
#elif defined(ORDER)
    show("libxs", libxs_u_addr(), mine);
    show("libys", libys_u_addr(), mine);
#else
    show("liba", liba_u_addr(), mine);
    show("libb", libb_u_addr(), mine);
#endif
    return 0;
}
