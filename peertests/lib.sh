# shellcheck shell=bash
# Sourced by the peer-suite scripts.

SYSTEM_LDSO=/lib64/ld-linux-x86-64.so.2

peer_die() { echo "peertests: $*" >&2; exit 2; }

# A clean environment for the suites: the same for the glibc and the dryad run, and
# nothing from the caller's PATH (a developer's PATH may put another python3, cargo or
# rustc first).
# shellcheck disable=SC2034  # used by the scripts that source this file
peer_env=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8)

# peer_resolve PATH: an absolute path to the file itself (runfiles are symlinks; a
# bind mount wants the real file).
peer_resolve() { readlink -f "$1"; }

# peer_need_root: system mode bind-mounts over the system interpreter inside a
# private mount namespace; that needs root (CI and the project's machines run as root).
peer_need_root() {
    [ "$(id -u)" = 0 ] || peer_die "this suite needs root (it bind-mounts dryad.so.1 over $SYSTEM_LDSO in a private mount namespace)"
    command -v unshare >/dev/null || peer_die "unshare (util-linux) is missing"
}

# peer_as_system LDSO CMD...: runs CMD with LDSO as the system interpreter, for the
# whole process tree: a private mount namespace (propagation private, so nothing
# leaks to the host) in which LDSO is bind-mounted over /lib64/ld-linux-x86-64.so.2.
# That path resolves to /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 on Debian 12
# and the bind lands on that file, so both names of the interpreter are covered.
# Before running CMD it checks, inside the namespace, that both names now hold LDSO.
peer_as_system() {
    local ldso
    ldso=$(peer_resolve "$1"); shift
    [ -f "$ldso" ] || peer_die "no interpreter at $ldso"
    unshare --mount --propagation private -- /bin/sh -c '
        ldso=$1; shift
        mount --bind "$ldso" /lib64/ld-linux-x86-64.so.2 || exit 125
        for p in /lib64/ld-linux-x86-64.so.2 /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2; do
            cmp -s "$ldso" "$p" || { echo "peertests: bind mount did not take on $p" >&2; exit 125; }
        done
        exec "$@"' peer-as-system "$ldso" "$@"
}

# peer_check_host_ldso: the host's interpreter must still be Debian's after a run
# (a leaked bind mount would put every process on the machine on dryad).
peer_check_host_ldso() {
    local want
    want=$(peer_resolve "$1")
    if cmp -s "$want" "$SYSTEM_LDSO"; then
        peer_die "the host's $SYSTEM_LDSO is now $want: a bind mount leaked out of its namespace"
    fi
}

# peer_time: seconds since the epoch, with centiseconds; peer_since T0: seconds since T0.
peer_time() { date +%s.%N | cut -c1-13; }
peer_since() { awk -v a="$1" -v b="$(peer_time)" 'BEGIN { printf "%.1f", b - a }'; }
