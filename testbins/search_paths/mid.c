#include "testbin.h"
const char *who(void);
const char *mid_who(void) { return who(); }
