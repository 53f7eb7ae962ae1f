# A DT_NEEDED library that is nowhere: docs/02-design.md, docs/04-finding-objects.md.
. "$EXAMPLES/lib.sh"
gcc -shared -fPIC -o libmissing.so.1 -Wl,-soname,libmissing.so.1 "$EXAMPLES/src/lib-function.c"
cc prog calls-lib.c -L. -l:libmissing.so.1
rm libmissing.so.1
run 'bazel-bin/interp/dryad.so.1 ./prog; echo "exit status $?"'
run '/lib64/ld-linux-x86-64.so.2 ./prog; echo "exit status $?"'
