/* plugin_ie2.so: initial-exec TLS in a dlopened object that needs another one
 * (plugin_ie.so), as glibc's tst-tls13: loaded and unloaded again and again,
 * the static TLS both take must come back at each dlclose. */
__attribute__((tls_model("initial-exec"))) __thread int ie2_var[2] = {1, 2};

extern int ie_get(void);
int ie2_get(void) { return ie_get() + ie2_var[1]; }
