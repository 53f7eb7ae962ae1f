#include "testbin.h"
__attribute__((constructor)) static void loaded(void) { tb_line(NAME " initialised"); }
const char *greet(void) { return NAME; }
