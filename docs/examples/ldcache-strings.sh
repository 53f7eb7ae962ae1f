# The ld.so.cache of ldcache-setup.sh, its strings: docs/04-finding-objects.md.
. "$EXAMPLES/ldcache-setup.sh"
run 'xxd -s 0x60 -l 0x2f root/etc/ld.so.cache'
