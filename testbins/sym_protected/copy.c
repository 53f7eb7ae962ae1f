/* prog_copy: reads libp's protected pdata in non-PIC code (R_X86_64_COPY).
 * See main.c. */
#include "testbin.h"

extern int pdata;
int libp_reads_pdata(void);
void libp_bump_pdata(void);

int main(void) {
    tb_show("prog: pdata", pdata);
    tb_show("libp: pdata", libp_reads_pdata());
    libp_bump_pdata();
    tb_line("libp_bump_pdata()");
    tb_show("prog: pdata", pdata);
    tb_show("libp: pdata", libp_reads_pdata());
    return 0;
}
