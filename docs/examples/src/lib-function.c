/* The library of calls-lib.c. Built with -DUNDEFINED it calls frobnicate,
   which nothing defines (docs/examples/err-undefined.sh). */
#ifdef UNDEFINED
int frobnicate(void);
int lib_function(void) { return frobnicate(); }
#else
int lib_function(void) { return 42; }
#endif
