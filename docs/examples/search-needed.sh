# The libraries ls names in DT_NEEDED: docs/04-finding-objects.md.
. "$EXAMPLES/lib.sh"
run 'readelf -d /usr/bin/ls | grep NEEDED'
