#include "testbin.h"
const char *who_all(void) { return "liba"; }
const char *who_ad(void) { return "liba"; }
const char *a_calls_own_who_all(void) { return who_all(); }
const char *d_calls_who_ad(void);
const char *a_via_d(void) { return d_calls_who_ad(); }
