/* R_X86_64_RELATIVE in a shared library: pointers to the library's own static
 * data, strings and functions, a table of them, and a pointer into the middle of
 * an array (addend != start of an object). Each value is read back through the
 * pointer, so an unapplied or misapplied relocation prints a wrong value or
 * faults. */
#include "testbin.h"

static int counter = 41;
static const char greeting[] = "relative string in library";
static int array[8] = {0, 10, 20, 30, 40, 50, 60, 70};
static int twice(int x) { return 2 * x; }

int *p_counter = &counter;
const char *p_greeting = greeting;
int *p_middle = &array[5];                 /* addend 20 */
int (*p_twice)(int) = twice;
const char *table[] = {"zero", "one", "two", greeting + 9};

void lib_report(void) {
    tb_show("lib counter+1", *p_counter + 1);
    tb_line(p_greeting);
    tb_show("lib array[5]", *p_middle);
    tb_show("lib array[7]", p_middle[2]);
    tb_show("lib twice(21)", p_twice(21));
    for (int i = 0; i < 4; i++) tb_line(table[i]);
}
