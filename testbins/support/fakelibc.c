/* fakelibc.c: with tbmalloc.c, a "libc.so.6" of three functions, for scenarios
 * in which some object names ld-linux-x86-64.so.2 in DT_NEEDED (to import
 * __tls_get_addr), so that glibc's ld.so can serve as the reference.
 *
 * What glibc 2.36's ld.so does in that case (found by running it, then reading
 * elf/rtld.c): it relocates itself again in the global scope and then
 *   - __rtld_mutex_init looks up pthread_mutex_lock and pthread_mutex_unlock
 *     (GLIBC_2.2.5) in the object whose soname is libc.so.6, and crashes with
 *     SIGSEGV in _dl_lookup_direct when there is none;
 *   - __rtld_malloc_init_real looks up malloc, calloc, realloc, free
 *     (GLIBC_2.2.5) in the main program's scope;
 *   - _dl_call_libc_early_init calls __libc_early_init (GLIBC_PRIVATE).
 * With this stand-in, glibc's ld.so also runs the %rdx finaliser without the
 * _dl_fini assertion it hits when there is no libc (see ../init_order).
 * dryad may call these or not; nothing in a scenario depends on it.
 */
int pthread_mutex_lock(void *m) {
    (void)m;
    return 0;
}

int pthread_mutex_unlock(void *m) {
    (void)m;
    return 0;
}

void __libc_early_init(_Bool initial) { (void)initial; }
