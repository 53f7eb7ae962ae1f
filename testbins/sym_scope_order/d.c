#include "testbin.h"
const char *who_bd(void) { return "libd"; }
const char *who_ad(void) { return "libd"; }
const char *d_calls_who_ad(void) { return who_ad(); }
