/* plugin_tls.so: a dlopened plugin with TLS (an initialised and a zeroed
 * __thread variable, general-dynamic: reached through __tls_get_addr), a
 * constructor and a destructor. Built twice: with -mtls-dialect=gnu
 * (plugin_tls.so) and -mtls-dialect=gnu2 (plugin_tlsdesc.so, TLSDESC). */
#include <stdio.h>

#ifndef PLUGIN_NAME
#define PLUGIN_NAME "plugin_tls"
#endif

__thread int ptls = 5;
__thread char pbuf[64];
int ctor_runs;

__attribute__((constructor)) static void plugin_ctor(void) {
  ctor_runs++;
  printf("%s: constructor (ptls=%d)\n", PLUGIN_NAME, ptls);
  fflush(stdout);
}

__attribute__((destructor)) static void plugin_dtor(void) {
  printf("%s: destructor\n", PLUGIN_NAME);
  fflush(stdout);
}

int plugin_get(void) { return ptls; }
void plugin_add(int n) { ptls += n; }
int *plugin_addr(void) { return &ptls; }
const char *plugin_buf(int id) {
  if (pbuf[0] == 0) snprintf(pbuf, sizeof pbuf, "buffer of thread %d", id);
  return pbuf;
}
