/* A preload that interposes on lib_function (docs/examples/sym-interpose.sh). */
int lib_function(void) { return 7; }
