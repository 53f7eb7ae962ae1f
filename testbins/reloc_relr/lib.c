#include "table.h"

long lib_table_sum(void) { return table_sum(); }
