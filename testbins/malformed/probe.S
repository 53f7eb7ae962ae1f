/* probe.S: a program interpreter that exits at once with status 0. The malformed
 * test runs a program variant that died by a signal under dryad as its PT_INTERP
 * once more with this as its interpreter: if it dies again, the kernel killed it
 * while loading it (e.g. .bss in a page past the end of a truncated file), before
 * any interpreter ran. */
        .text
        .globl  _start
_start:
        mov     $231, %eax      /* exit_group */
        xor     %edi, %edi
        syscall
        hlt
        .section .note.GNU-stack, "", @progbits
