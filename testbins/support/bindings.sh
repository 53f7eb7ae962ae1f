# bindings.sh: sourced by tests that compare dryad's LD_DEBUG=bindings with glibc's.
#
# bindings PREFIX: the "binding file" lines of the LD_DEBUG_OUTPUT=PREFIX files,
# without pids, as a set, leaving out glibc's ld.so's own bindings (its malloc
# switch-over and error catchers in libc), which dryad has no reason to make.
bindings() {
  cat "$1".* | sed -E 's/^ *[0-9]+:\t//' | grep '^binding file' |
    grep -vE "symbol \`(calloc|malloc|realloc|free|_dl_catch_error|_dl_catch_exception|_dl_signal_error|_dl_signal_exception)'" |
    sort -u
}
