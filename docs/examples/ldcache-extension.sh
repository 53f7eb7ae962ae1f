# The ld.so.cache of ldcache-setup.sh, its extension directory: docs/04-finding-objects.md.
. "$EXAMPLES/ldcache-setup.sh"
run 'xxd -s 0x90 -l 0x18 root/etc/ld.so.cache'
