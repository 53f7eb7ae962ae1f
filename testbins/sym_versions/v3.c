#include "testbin.h"
int v3_only(void);
int main(void) {
    tb_show("v3_only", v3_only());
    return 0;
}
