#include "testbin.h"
const char *who(void);
int main(void) {
    tb_puts("libslash.so from ");
    tb_line(who());
    return 0;
}
