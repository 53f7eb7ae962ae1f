# The auxiliary vector the kernel gives a process, as glibc's LD_SHOW_AUXV
# prints it: docs/03-entry.md. The grep keeps entries every kernel since 2.6
# writes (newer kernels add AT_MINSIGSTKSZ, AT_RSEQ_*).
# normalise: (?<=^AT_HWCAP:)\s+\S+
. "$EXAMPLES/lib.sh"
run "LD_SHOW_AUXV=1 /bin/true | grep -E '^AT_(SYSINFO_EHDR|HWCAP|PAGESZ|PHDR|PHENT|PHNUM|BASE|ENTRY|SECURE|RANDOM|EXECFN|PLATFORM):'"
