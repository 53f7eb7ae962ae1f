#include "testbin.h"

extern int pc32_slot[2];
extern int target_object[4];

void pc32_report(void) {
    int *via0 = (int *)((char *)&pc32_slot[0] + pc32_slot[0]);
    int *via1 = (int *)((char *)&pc32_slot[1] + pc32_slot[1]);
    tb_check("PC32 slot 0 points at target_object", via0 == target_object);
    tb_check("PC32 slot 1 points at target_object+8", via1 == target_object + 2);
    tb_show("target_object[1] through slot 0", via0[1]);
}
