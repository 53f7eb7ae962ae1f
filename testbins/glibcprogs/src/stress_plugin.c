/* stress_pN.so (N = PLUGIN_N, 0..7): a plugin loaded and unloaded over and over
 * by the stress test. plug_run calls the 64 leaf functions of block N through
 * its PLT (lazily bound again after each fresh load), and touches the
 * plugin's TLS (general-dynamic). */
#include "stress_rep.h"
#define DECL(i) int leaf_##i(int);
REP512(DECL)

__thread int plug_tls;
static int constructed;

__attribute__((constructor)) static void ctor(void) { constructed = 1; }
__attribute__((destructor)) static void dtor(void) { constructed = 0; }

#define CALL(i) s += leaf_##i(x);
long plug_run(int x) {
  if (!constructed) return -1;
  plug_tls++;
  long s = 0;
  XREP64(CALL, PLUGIN_N)
  return s;
}

int plug_tls_get(void) { return plug_tls; }
