#include "testbin.h"
int gone(void);
int (*volatile p)(void) = gone; /* R_X86_64_64: looked up at start-up */
int main(void) {
    tb_show("gone", p());
    return 0;
}
