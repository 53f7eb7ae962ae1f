/* plugin_ie.so: initial-exec TLS in a dlopened object (as some real libraries
 * have): it must fit in the static TLS surplus, and every thread that already
 * exists must see the initial image. */
__attribute__((tls_model("initial-exec"))) __thread int ie_var = 42;
__attribute__((tls_model("initial-exec"))) __thread char ie_buf[32] = "initial";

int ie_get(void) { return ie_var; }
void ie_add(int n) { ie_var += n; }
const char *ie_str(void) { return ie_buf; }
