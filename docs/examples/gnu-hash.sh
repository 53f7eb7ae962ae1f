# The GNU hash table of a four-symbol library, decoded: docs/06-symbols.md.
. "$EXAMPLES/lib.sh"
mkdir -p tools && ln -s "$ROOT/tools/doccheck" tools/doccheck
run 'python3 tools/doccheck/gnu_hash_example.py | sed -n 2,9p'
