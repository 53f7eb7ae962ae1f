/* Weak symbols at load time (glibc 2.36, LD_DYNAMIC_WEAK unset).
 *
 *   prog ──> libw1.so   who_weak, wdata: WEAK definitions
 *     ├────> libu.so    weak references to missing_fn, missing_data,
 *     │                 missing_call (defined nowhere) and to later_fn,
 *     │                 later_data (defined in libs2)
 *     └────> libs2.so   who_weak, wdata: GLOBAL definitions; later_fn, later_data
 *
 * Global scope: prog, libw1, libu, libs2.
 *
 * - A weak definition counts like a strong one: the first object in scope
 *   order that defines the name wins, so prog and libs2 itself (through its
 *   own GOT and PLT) get libw1's weak who_weak and wdata, not libs2's strong
 *   ones. (Only with LD_DYNAMIC_WEAK set would glibc go on looking for a
 *   strong definition; not tested.)
 * - An undefined weak reference resolves to 0, in the program (a PIE) and in a
 *   library: through R_X86_64_GLOB_DAT (&missing_fn, &missing_data) and through
 *   R_X86_64_JUMP_SLOT (missing_call, only called in code that never runs),
 *   and in libu through R_X86_64_64 with an addend (the addend stays):
 *   with lazy binding the slot keeps pointing into the object's own PLT (an
 *   undefined weak is no error at start-up), with LD_BIND_NOW=1 it holds 0.
 *   The slot is only read, never called through.
 * - A weak reference that is defined later in the scope (later_fn,
 *   later_data in libs2) binds to that definition like a strong one.
 */
#include "slot.h"

const char *who_weak(void);
extern int wdata;
const char *s2_calls_who_weak(void);
int s2_reads_wdata(void);
void u_report(void);

extern int missing_fn(void) __attribute__((weak));
extern int missing_data __attribute__((weak));
extern int missing_call(void) __attribute__((weak));
extern const char *later_fn(void) __attribute__((weak));
extern int later_data __attribute__((weak));

/* R_X86_64_64 against wdata: a direct read would make GCC's PIE use a COPY
 * relocation, and libs2's GLOB_DAT would then bind to prog's copy. */
int *volatile wdata_ptr = &wdata;

/* Never called: the program's only reference to missing_call. */
int prog_call_missing(void) { return missing_call(); }

int main(void) {
    tb_puts("prog: who_weak() = ");
    tb_line(who_weak());
    tb_show("prog: wdata", *wdata_ptr);
    tb_puts("libs2 calling its own who_weak gets: ");
    tb_line(s2_calls_who_weak());
    tb_show("libs2 reading its own wdata gets", s2_reads_wdata());

    show_null("prog", "&missing_fn (GLOB_DAT)", (const void *)missing_fn);
    show_null("prog", "&missing_data (GLOB_DAT)", &missing_data);
    show_slot("prog", "missing_call");
    show_null("prog", "&later_fn", (const void *)later_fn);
    if (later_fn) {
        tb_puts("prog: later_fn() = ");
        tb_line(later_fn());
    }
    if (&later_data) tb_show("prog: later_data", later_data);

    u_report();
    return 0;
}
