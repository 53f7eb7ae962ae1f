# The diamond prog -> liba, libb -> libc_: the order of initialisers and
# finalisers, under dryad and under glibc: docs/10-init-fini.md.
. "$EXAMPLES/lib.sh"
obj() { n=$1; shift; gcc -O2 -shared -fPIC -o "$n.so" -DNAME="\"$n\"" -DFN="$n" "$EXAMPLES/src/init-obj.c" -L. "$@"; }
obj libc_
obj liba -Wl,--no-as-needed -l:libc_.so
obj libb -Wl,--no-as-needed -l:libc_.so
gcc -O2 -o prog -DNAME='"prog"' -DMAIN "$EXAMPLES/src/init-obj.c" -L. -Wl,-rpath-link,. -l:liba.so -l:libb.so
run 'readelf -d prog | grep NEEDED'
run 'bazel-bin/interp/dryad.so.1 --library-path . ./prog'
run '/lib64/ld-linux-x86-64.so.2 --library-path . ./prog > glibc.out; bazel-bin/interp/dryad.so.1 --library-path . ./prog | diff - glibc.out && echo same under glibc'
