/* interp/arch/x86_64/jump.S: non-local exits for recoverable errors.
 *
 * When dlopen or dlsym fails deep inside the loader (a missing file, an
 * undefined symbol, a malformed object), dryad unwinds to the dl_catch_error
 * frame that libc called it through, as glibc's ld.so does with its own
 * setjmp. The buffer holds the callee-saved registers, %rsp and the return
 * address:
 *
 *     0 rbx   8 rbp   16 r12   24 r13   32 r14   40 r15   48 rsp   56 rip
 */
    .text
    .globl dr_setjmp
    .hidden dr_setjmp
    .type dr_setjmp, @function
dr_setjmp:                      /* int dr_setjmp(uint64_t buf[8]) */
    .cfi_startproc
    mov %rbx, 0(%rdi)
    mov %rbp, 8(%rdi)
    mov %r12, 16(%rdi)
    mov %r13, 24(%rdi)
    mov %r14, 32(%rdi)
    mov %r15, 40(%rdi)
    lea 8(%rsp), %rdx           /* %rsp as the caller will see it after return */
    mov %rdx, 48(%rdi)
    mov (%rsp), %rdx            /* the return address */
    mov %rdx, 56(%rdi)
    xor %eax, %eax
    ret
    .cfi_endproc
    .size dr_setjmp, .-dr_setjmp

    .globl dr_longjmp
    .hidden dr_longjmp
    .type dr_longjmp, @function
dr_longjmp:                     /* void dr_longjmp(uint64_t buf[8], int value) */
    .cfi_startproc
    mov %esi, %eax
    mov 0(%rdi), %rbx
    mov 8(%rdi), %rbp
    mov 16(%rdi), %r12
    mov 24(%rdi), %r13
    mov 32(%rdi), %r14
    mov 40(%rdi), %r15
    mov 48(%rdi), %rsp
    jmp *56(%rdi)
    .cfi_endproc
    .size dr_longjmp, .-dr_longjmp

/* __tls_get_addr may be called with %rsp misaligned (GCC PR58066):
 * realign before entering C. %rdi (the tls_index) passes through. */
    .globl __tls_get_addr
    .type __tls_get_addr, @function
__tls_get_addr:
    .cfi_startproc
    push %rbp
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset rbp, 0
    mov %rsp, %rbp
    .cfi_def_cfa_register rbp
    and $-16, %rsp
    call dr_tls_get_addr
    mov %rbp, %rsp
    pop %rbp
    .cfi_def_cfa rsp, 8
    ret
    .cfi_endproc
    .size __tls_get_addr, .-__tls_get_addr

    .section .note.GNU-stack, "", @progbits
