/* plugin_manyN.so (N = PLUGIN_N): one of many small TLS plugins, so that the
 * dynamic thread vector (DTV) must grow past its initial size. */
__thread long many_tls = PLUGIN_N * 1000;
__thread char many_pad[128 * (PLUGIN_N + 1)];

long many_get(void) { return many_tls + many_pad[PLUGIN_N]; }
void many_add(long n) { many_tls += n; many_pad[PLUGIN_N] = 1; }
