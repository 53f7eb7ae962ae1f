# A program linked against VERS_3 of libver.so, run with a libver.so that has
# only VERS_1: docs/04-finding-objects.md, docs/06-symbols.md.
. "$EXAMPLES/lib.sh"
mkdir new old
gcc -shared -fPIC -o new/libver.so -Wl,-soname,libver.so -Wl,--version-script="$EXAMPLES/src/ver3.map" "$EXAMPLES/src/lib-function.c"
gcc -shared -fPIC -o old/libver.so -Wl,-soname,libver.so -Wl,--version-script="$EXAMPLES/src/ver.map" "$EXAMPLES/src/lib-function.c"
cc prog calls-lib.c -Lnew -lver
cp old/libver.so .
run 'bazel-bin/interp/dryad.so.1 --library-path . ./prog; echo "exit status $?"'
run '/lib64/ld-linux-x86-64.so.2 --library-path . ./prog; echo "exit status $?"'
