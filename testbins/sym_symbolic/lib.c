/* libplain.so, libbsym.so, libflag.so, libtag.so: one source, built with
 * NAME (the library's name, also a prefix for its own entry points) and
 * VALUE (its sdata). who and sdata are also defined by prog; elsewhere only
 * by prog. With -fsemantic-interposition every reference below goes through
 * the PLT or GOT unless the linker binds it (-Bsymbolic). */
#include "testbin.h"

#define STR2(x) #x
#define STR(x) STR2(x)
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)

const char *who(void) { return STR(NAME); }
int sdata = VALUE;
const char *elsewhere(void);

/* R_X86_64_64 against who (R_X86_64_RELATIVE once the linker binds it). */
const char *(*CAT(NAME, _who_ptr))(void) = who;

void CAT(NAME, _report)(void) {
    tb_puts(STR(NAME) ": who() = ");                  /* JUMP_SLOT, lazy */
    tb_line(who());
    tb_show(STR(NAME) ": sdata", sdata);              /* GLOB_DAT */
    tb_puts(STR(NAME) ": its data pointer to who() gives ");
    tb_line(CAT(NAME, _who_ptr)());
    tb_puts(STR(NAME) ": elsewhere() = ");            /* not its own: global scope */
    tb_line(elsewhere());
}
