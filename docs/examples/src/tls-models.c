/* One function per TLS access model (docs/09-tls.md, docs/examples/tls-*.sh),
   compiled with -fPIC as for a shared library. */
extern __thread int x;                                /* defined in some other object */
static __thread int y, z;                             /* this object's own */
extern __thread int w __attribute__((tls_model("initial-exec")));
int gd(void) { return x; }                            /* general dynamic */
int ld(void) { return y + z; }                        /* local dynamic */
void set(int v) { y = v; z = v; }
int ie(void) { return w; }                            /* initial exec */
