# A library whose function calls a symbol that no object defines, bound at
# startup (LD_BIND_NOW): docs/02-design.md, docs/04-finding-objects.md, docs/06-symbols.md.
. "$EXAMPLES/lib.sh"
gcc -shared -fPIC -DUNDEFINED -o liba.so "$EXAMPLES/src/lib-function.c"
cc prog calls-lib.c ./liba.so -Wl,--allow-shlib-undefined
run 'LD_BIND_NOW=1 bazel-bin/interp/dryad.so.1 ./prog; echo "exit status $?"'
