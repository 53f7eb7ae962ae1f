/* Initialiser and finaliser order, diamond dependency graph.
 *
 *   prog ──> liba.so ──> libc_.so
 *     └────> libb.so ──────^
 *
 * psABI result (the *.expected files, what dryad must do): the executable's
 * DT_PREINIT_ARRAY first, then each object's DT_INIT then DT_INIT_ARRAY,
 * dependencies before dependents (libc_, then libb and liba in the order glibc
 * uses, then prog); main; then, through the finaliser passed in %rdx, every
 * object's DT_FINI_ARRAY (last entry first) then DT_FINI, in the reverse order.
 *
 * glibc's ld.so differs for programs without libc (init_fini.glibc.expected):
 * it runs the executable's DT_PREINIT_ARRAY but not its DT_INIT or
 * DT_INIT_ARRAY (libc's __libc_start_main does that), and calling the %rdx
 * finaliser aborts with
 *   Inconsistency detected by ld.so: dl-fini.c: 87: _dl_fini: Assertion
 *   `ns != LM_ID_BASE || i == nloaded' failed!
 * (exit 127). prog_libc also needs ld-linux-x86-64.so.2 and the stand-in
 * libc.so.6 (support/fakelibc.c); with those, glibc's _dl_fini works and shows
 * its finaliser order, the executable's included (init_fini_libc.glibc.expected):
 * only the executable's initialisers are missing there.
 *
 * Caution for dryad: with a real libc.so.6, libc's __libc_start_main runs the
 * executable's DT_INIT and DT_INIT_ARRAY (glibc 2.34+ call_init), so an
 * interpreter that runs them too would run them twice.
 */
#include "obj.h"

static void pre1(void) { SAY("DT_PREINIT_ARRAY[0]"); }
static void pre2(void) { SAY("DT_PREINIT_ARRAY[1]"); }
__attribute__((section(".preinit_array"), used)) static void (*const preinit[])(void) = {pre1, pre2};

int main(void) {
    tb_line("main");
    tb_exit_with_fini(0);
}
