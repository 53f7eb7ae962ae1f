/* interp/arch/x86_64/clone.S: worker threads before libc exists (docs/14-parallel.md).
 *
 * long dr_clone_thread(void (*fn)(void *), void *arg, void *stack_top, int *tid)
 *
 * A raw clone(2) sharing the address space, files and signal handlers, in the
 * same thread group. The kernel writes the thread's id to *tid, and clears it
 * and wakes a futex on it when the thread exits (CLONE_CHILD_CLEARTID), which
 * is how the creator joins it. The thread keeps the creator's %fs: worker code
 * must not touch TLS. Its stack:
 *
 *     stack_top - 16:  fn
 *     stack_top -  8:  arg
 */
#define CLONE_FLAGS 0x350f00 /* VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|PARENT_SETTID|CHILD_CLEARTID */
    .text
    .globl dr_clone_thread
    .hidden dr_clone_thread
    .type dr_clone_thread, @function
dr_clone_thread:
    .cfi_startproc
    sub $16, %rdx
    mov %rdi, 0(%rdx)          /* fn, for the child */
    mov %rsi, 8(%rdx)          /* arg */
    mov %rcx, %r10             /* child_tid */
    mov %rdx, %rsi             /* the child's stack */
    mov %rcx, %rdx             /* parent_tid: the same word */
    mov $CLONE_FLAGS, %edi
    xor %r8d, %r8d             /* tls: unchanged */
    mov $56, %eax              /* SYS_clone */
    syscall
    test %rax, %rax
    jz 1f
    ret                        /* the creator: the new tid, or -errno */
1:  .cfi_undefined rip         /* the child: nothing to return to */
    xor %ebp, %ebp
    pop %rax                   /* fn */
    pop %rdi                   /* arg */
    call *%rax
    mov $60, %eax              /* SYS_exit: this thread only */
    xor %edi, %edi
    syscall
    hlt
    .cfi_endproc
    .size dr_clone_thread, .-dr_clone_thread

    .section .note.GNU-stack, "", @progbits
