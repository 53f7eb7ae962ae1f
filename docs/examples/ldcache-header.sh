# The ld.so.cache of ldcache-setup.sh, its header: docs/04-finding-objects.md.
. "$EXAMPLES/ldcache-setup.sh"
run 'xxd -l 0x30 root/etc/ld.so.cache'
