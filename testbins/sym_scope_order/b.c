#include "testbin.h"
const char *who_all(void) { return "libb"; }
const char *who_bd(void) { return "libb"; }
