/* A program whose library is found through DT_RUNPATH $ORIGIN/lib
   (docs/examples/search-libs.sh). */
#include <stdio.h>
int lib_function(void);
int main(void) { return lib_function() == 42 ? 0 : 1; }
