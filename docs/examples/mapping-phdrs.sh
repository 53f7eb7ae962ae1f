# The program headers of a Debian 12 library, with TLS and RELRO: docs/05-mapping.md.
. "$EXAMPLES/lib.sh"
run "readelf -lW /lib/x86_64-linux-gnu/libselinux.so.1 | sed -n '/^  Type/,/GNU_RELRO/p'"
