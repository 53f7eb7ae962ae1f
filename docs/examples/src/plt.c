/* The library of docs/08-plt-got.md (docs/examples/plt-*.sh). */
extern int ext_func(int);
int call_it(int x) { return ext_func(x) + 1; }
