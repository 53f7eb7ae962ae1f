#include "testbin.h"
const char *mid_who(void);
int main(void) {
    tb_puts("libwho.so from ");
    tb_line(mid_who());
    return 0;
}
