# The ld.so.cache of ldcache-setup.sh, its entries: docs/04-finding-objects.md.
. "$EXAMPLES/ldcache-setup.sh"
run 'xxd -s 0x30 -l 0x30 root/etc/ld.so.cache'
