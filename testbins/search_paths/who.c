#include "testbin.h"
const char *who(void) { return WHO; }
