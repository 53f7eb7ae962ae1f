# Sourced by docs/examples/ldcache-*.sh: a private ld.so.cache, written by
# Debian's own ldconfig into root/etc/ld.so.cache, for a root/ that holds two
# libraries in /opt/demo and nothing else. (ldconfig -r chroots, so it needs
# root, or a user namespace where it runs as root.)
. "$EXAMPLES/lib.sh"
mkdir -p root/etc root/opt/demo
for soname in libdemo.so.1 libdemo2.so.1; do
  gcc -shared -fPIC -o root/opt/demo/$soname -Wl,-soname,$soname "$EXAMPLES/src/lib-function.c"
done
echo /opt/demo > root/etc/ld.so.conf
if [ "$(id -u)" = 0 ]; then ldconfig -X -r root 2>/dev/null; else unshare -r ldconfig -X -r root 2>/dev/null; fi
