#include "testbin.h"
int present(void) { return 1; }
#ifdef WITH_VANISHED
int vanished(void) { return 2; }
#endif
