#include "testbin.h"
int foo(void);
int main(void) {
    tb_show("foo", foo());
    return 0;
}
