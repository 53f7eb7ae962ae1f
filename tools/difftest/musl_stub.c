/* musl_stub.c: an empty shared object with the soname ld-linux-x86-64.so.2.
 *
 * Generated programs in "libc mode" name glibc's ld.so in DT_NEEDED (that is
 * how glibc's ld.so joins the global scope, for __tls_get_addr). musl's ld.so
 * answers to libc.so.6 itself but looks for ld-linux-x86-64.so.2 on disk; the
 * driver puts this stand-in on musl's LD_LIBRARY_PATH so the same binary runs.
 * __tls_get_addr then comes from musl, which is always in its global scope. */
int difftest_musl_stub;
