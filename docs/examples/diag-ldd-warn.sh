# ldd -d and -r through dryad: LD_TRACE_LOADED_OBJECTS with LD_WARN (and
# LD_BIND_NOW) report the undefined symbols of a program whose library lost
# two of them: docs/15-diagnostics.md.
. "$EXAMPLES/lib.sh"
cat > lib.c <<'C'
int present(void) { return 1; }
int gone(void) { return 2; }
int gone_data = 3;
C
cat > main.c <<'C'
extern int present(void), gone(void);
extern int gone_data;
int main(void) { return present() + gone() + gone_data; }
C
gcc -shared -fPIC -o libwarn.so -Wl,-soname,libwarn.so lib.c
gcc -o prog main.c -L. -lwarn -Wl,-rpath,'$ORIGIN'
echo 'int present(void) { return 1; }' > lib.c
gcc -shared -fPIC -o libwarn.so -Wl,-soname,libwarn.so lib.c
run 'LD_TRACE_LOADED_OBJECTS=1 LD_WARN=yes bazel-bin/interp/dryad.so.1 ./prog >/dev/null'
run 'LD_TRACE_LOADED_OBJECTS=1 LD_WARN=yes LD_BIND_NOW=1 bazel-bin/interp/dryad.so.1 ./prog >/dev/null'
