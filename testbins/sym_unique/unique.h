/* unique.h: u_obj, an STB_GNU_UNIQUE object defined in assembly by each
 * library that includes this with U_VALUE set (the value says whose it is),
 * and the library's view of it through its own GOT. */
#ifndef SYM_UNIQUE_UNIQUE_H
#define SYM_UNIQUE_UNIQUE_H
#include "testbin.h"

#define U_STR2(x) #x
#define U_STR(x) U_STR2(x)

/* What GCC emits for, e.g., a C++ inline function's static local. */
__asm__(".pushsection .data\n"
        ".globl u_obj\n"
        ".type u_obj, @gnu_unique_object\n"
        ".size u_obj, 8\n"
        ".balign 8\n"
        "u_obj: .quad " U_STR(U_VALUE) "\n"
        ".popsection");

/* Declared, not defined, as far as the compiler knows: every access goes
 * through the GOT (R_X86_64_GLOB_DAT), and the loader decides where it lands. */
extern long u_obj;
#endif
