/* The executable's own TLS: local exec (docs/examples/tls-le.sh). */
__thread int y, z;
int le(void) { return z + y; }
