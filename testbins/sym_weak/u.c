/* libu.so: weak references. missing_fn, missing_data and missing_call are
 * defined nowhere; later_fn and later_data are defined in libs2.so, which comes
 * after libu.so in the scope. */
#include "slot.h"

extern int missing_fn(void) __attribute__((weak));
extern int missing_data __attribute__((weak));
extern int missing_call(void) __attribute__((weak));
extern const char *later_fn(void) __attribute__((weak));
extern int later_data __attribute__((weak));

/* The only reference to missing_call: a PLT call (R_X86_64_JUMP_SLOT) that is
 * never made. Calling it would bind the slot to 0 and jump there. */
int u_call_missing(void) { return missing_call(); }

/* R_X86_64_64 missing_data + 16 in data: an undefined weak symbol is 0, the
 * addend stays. */
char *u_ptr = (char *)&missing_data + 16;

void u_report(void) {
    show_null("libu", "&missing_fn (GLOB_DAT)", (const void *)missing_fn);
    show_null("libu", "&missing_data (GLOB_DAT)", &missing_data);
    tb_show("libu: (long)(&missing_data + 16 bytes) (R_X86_64_64)", (long)u_ptr);
    show_slot("libu", "missing_call");
    show_null("libu", "&later_fn", (const void *)later_fn);
    if (later_fn) {
        tb_puts("libu: later_fn() = ");
        tb_line(later_fn());
    }
    if (&later_data) tb_show("libu: later_data", later_data);
}
