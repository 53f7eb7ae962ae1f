/* interp/arch/x86_64/start.S: the interpreter's entry point.
 *
 * The kernel jumps here with %rsp at the initial stack (book: docs/03-entry.md):
 *
 *     %rsp ->  argc
 *              argv[0] ... argv[argc-1], NULL
 *              envp[0] ... NULL
 *              auxv pairs ... AT_NULL
 *
 * No register but %rsp (and %rdx, which the kernel zeroes) is defined. We call
 * dryad_stage1(sp, &new_sp), which relocates dryad, loads the program and
 * returns its entry point. new_sp is sp itself, or sp moved up past dryad's own
 * arguments when dryad was run as a command. Then, as the psABI asks, %rdx
 * carries the function the program should register with atexit (our finaliser).
 */
    .text
    .globl _dryad_start
    .hidden _dryad_start
    .type _dryad_start, @function
_dryad_start:
    .cfi_startproc
    .cfi_undefined rip
    xor %ebp, %ebp
    mov %rsp, %rdi            /* arg 1: the initial stack */
    sub $16, %rsp             /* a slot for new_sp; keeps 16-byte alignment */
    mov %rsp, %rsi            /* arg 2: &new_sp */
    call dryad_stage1
    mov (%rsp), %rsp          /* the program's initial stack */
    lea dryad_fini(%rip), %rdx
    xor %ebp, %ebp
.dryad_goto_program:          /* a label for debuggers: the handoff */
    jmp *%rax
    .cfi_endproc
    .size _dryad_start, .-_dryad_start

    .section .note.GNU-stack, "", @progbits
