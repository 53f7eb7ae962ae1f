/* Every object of init_order prints each of its initialisers and finalisers:
 * DT_INIT / DT_FINI (-Wl,-init / -Wl,-fini) and two DT_INIT_ARRAY and two
 * DT_FINI_ARRAY entries. */
#include "testbin.h"

#define STR2(x) #x
#define STR(x) STR2(x)
#define SAY(what) tb_line(STR(NAME) " " what)

void dt_init(void) { SAY("DT_INIT"); }
void dt_fini(void) { SAY("DT_FINI"); }
__attribute__((constructor(101))) static void init1(void) { SAY("DT_INIT_ARRAY[0]"); }
__attribute__((constructor(102))) static void init2(void) { SAY("DT_INIT_ARRAY[1]"); }
__attribute__((destructor(101))) static void fini1(void) { SAY("DT_FINI_ARRAY[1] (runs second)"); }
__attribute__((destructor(102))) static void fini2(void) { SAY("DT_FINI_ARRAY[0] (runs first)"); }
