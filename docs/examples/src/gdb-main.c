/* A program and its library for gdb (docs/examples/debugger-gdb.sh). */
int lib_function(void);
int main(void) { return lib_function() == 42 ? 0 : 1; }
