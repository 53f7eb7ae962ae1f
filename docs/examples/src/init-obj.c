/* One object of the diamond of docs/10-init-fini.md (docs/examples/init-order.sh):
   built with -DNAME=\"liba\" and so on; prints as each initialiser and
   finaliser runs. write(2), not stdio: libc's buffers are not set up for
   every object's constructors, and the order must show exactly. */
#include <string.h>
#include <unistd.h>
static void say(const char *what) {
  write(1, NAME, strlen(NAME));
  write(1, what, strlen(what));
}
__attribute__((constructor)) static void init0(void) { say(" DT_INIT_ARRAY[0]\n"); }
__attribute__((constructor)) static void init1(void) { say(" DT_INIT_ARRAY[1]\n"); }
__attribute__((destructor)) static void fini0(void) { say(" DT_FINI_ARRAY\n"); }
#ifdef MAIN
static void pre(void) { say(" DT_PREINIT_ARRAY[0]\n"); }
__attribute__((section(".preinit_array"), used)) static void (*preinit)(void) = pre;
int liba(void), libb(void);
int main(void) {
  say(": main\n");
  return liba() + libb();
}
#else
int FN(void) { return 0; }
#endif
