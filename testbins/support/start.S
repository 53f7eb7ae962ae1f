/* start.S: the entry point of every scenario executable.
 *
 * Stack map at entry (System V x86-64 psABI, 3.4.1):
 *   (%rsp)        argc
 *   8(%rsp)       argv[0] ... argv[argc-1], NULL
 *   then          envp[0] ... NULL, then auxv
 *   %rdx          a function the loader wants registered with atexit (the
 *                 finaliser), or 0.
 * We save %rdx in tb_finaliser and envp in tb_envp, align the stack, and call
 * main(argc, argv, envp). main's return value is the exit status: the program
 * exits without calling the finaliser unless main calls tb_exit_with_fini().
 */
        .text
        .globl  _start
        .type   _start, @function
_start:
        xor     %ebp, %ebp
        mov     %rdx, tb_finaliser(%rip)
        mov     (%rsp), %rdi            /* argc */
        lea     8(%rsp), %rsi           /* argv */
        lea     8(%rsi,%rdi,8), %rdx    /* envp = argv + argc + 1 */
        mov     %rdx, tb_envp(%rip)
        and     $-16, %rsp
        call    main
        mov     %eax, %edi
        mov     $231, %eax              /* exit_group */
        syscall
        hlt
        .size   _start, .-_start

        .bss
        .align  8
        .globl  tb_finaliser
        .hidden tb_finaliser
        .type   tb_finaliser, @object
        .size   tb_finaliser, 8
tb_finaliser:
        .zero   8
        .globl  tb_envp
        .hidden tb_envp
        .type   tb_envp, @object
        .size   tb_envp, 8
tb_envp:
        .zero   8

        .section .note.GNU-stack,"",@progbits
