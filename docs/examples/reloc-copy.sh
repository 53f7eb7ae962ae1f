# Copy relocations in a non-PIE and in a PIE built with Debian's defaults:
# docs/07-relocations.md.
. "$EXAMPLES/lib.sh"
cc prog-nopie copy.c -no-pie
cc prog-pie copy.c
run 'for f in prog-nopie prog-pie; do readelf -rW $f | grep COPY; done'
