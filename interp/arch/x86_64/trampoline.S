/* interp/arch/x86_64/trampoline.S: the lazy-binding entry (book: docs/08-plt-got.md).
 *
 * PLT0 pushes GOT[1] (the object) and jumps to GOT[2] (here), after the PLT
 * entry pushed the relocation index. On entry:
 *
 *     0(%rsp)   object (struct dr_object *)
 *     8(%rsp)   index into DT_JMPREL
 *    16(%rsp)   return address into the caller
 *
 * The caller's argument registers must reach the target unchanged: the integer
 * ones (%rdi %rsi %rdx %rcx %r8 %r9, %rax for varargs' vector count, %r10 for a
 * static chain) and the vector ones (%xmm0-7, or their ymm/zmm widths). We save
 * the integer registers by hand and the whole extended state with XSAVE (FXSAVE
 * when the CPU lacks it), so any width of vector argument survives the C fixup.
 */

/* Saves the whole extended (vector) state at OFF(%rsp), 64-byte aligned, with XSAVE
 * (FXSAVE where the CPU lacks it); clobbers %rax and %rdx. XSAVE writes only the
 * components in EDX:EAX (0xee: SSE, AVX, MPX, opmask, ZMM_Hi256, Hi16_ZMM; not
 * x87), so the 64-byte header after the legacy area must start zeroed. */
.macro SAVE_VECTOR_STATE off
    cmpl $0, dryad_use_xsave(%rip)
    je 1f
    xor %eax, %eax
    .irp k, 0, 8, 16, 24, 32, 40, 48, 56
    mov %rax, \off+512+\k(%rsp)
    .endr
    mov $0xee, %eax
    xor %edx, %edx
    xsave \off(%rsp)
    jmp 2f
1:  fxsave \off(%rsp)
2:
.endm

.macro RESTORE_VECTOR_STATE off
    cmpl $0, dryad_use_xsave(%rip)
    je 3f
    mov $0xee, %eax
    xor %edx, %edx
    xrstor \off(%rsp)
    jmp 4f
3:  fxrstor \off(%rsp)
4:
.endm

/* The caller's argument registers %rcx %rdx %rsi %rdi %r8 %r9 %r10, at
 * 8(%rsp) to 56(%rsp); each trampoline keeps %rax at 0(%rsp) itself. */
.macro SAVE_ARG_REGS
    mov %rcx, 8(%rsp)
    mov %rdx, 16(%rsp)
    mov %rsi, 24(%rsp)
    mov %rdi, 32(%rsp)
    mov %r8, 40(%rsp)
    mov %r9, 48(%rsp)
    mov %r10, 56(%rsp)
.endm

.macro RESTORE_ARG_REGS
    mov 8(%rsp), %rcx
    mov 16(%rsp), %rdx
    mov 24(%rsp), %rsi
    mov 32(%rsp), %rdi
    mov 40(%rsp), %r8
    mov 48(%rsp), %r9
    mov 56(%rsp), %r10
.endm

    .text
    .globl dryad_runtime_resolve
    .hidden dryad_runtime_resolve
    .type dryad_runtime_resolve, @function
dryad_runtime_resolve:
    .cfi_startproc
    .cfi_adjust_cfa_offset 16
    push %rbx
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset rbx, 0
    mov %rsp, %rbx                 /* %rbx: frame base, callee-saved across the call */
    .cfi_def_cfa_register rbx
    and $-64, %rsp                 /* XSAVE needs a 64-byte aligned area */
    sub dryad_xsave_size(%rip), %rsp
    sub $64, %rsp                  /* integer registers, 8 slots */
    mov %rax, 0(%rsp)
    SAVE_ARG_REGS
    SAVE_VECTOR_STATE 64
    mov 8(%rbx), %rdi              /* object */
    mov 16(%rbx), %rsi             /* relocation index */
    call dryad_lazy_fixup          /* returns the target in %rax */
    mov %rax, %r11
    RESTORE_VECTOR_STATE 64
    mov 0(%rsp), %rax
    RESTORE_ARG_REGS
    mov %rbx, %rsp
    pop %rbx
    add $16, %rsp                  /* drop the object and the index */
    jmp *%r11
    .cfi_endproc
    .size dryad_runtime_resolve, .-dryad_runtime_resolve

/* TLSDESC for a static-TLS definition: the descriptor's second word is already
 * the offset from the thread pointer. Preserves every register but %rax. */
    .globl dryad_tlsdesc_return
    .hidden dryad_tlsdesc_return
    .type dryad_tlsdesc_return, @function
dryad_tlsdesc_return:
    .cfi_startproc
    mov 8(%rax), %rax
    ret
    .cfi_endproc
    .size dryad_tlsdesc_return, .-dryad_tlsdesc_return

/* TLSDESC for a dynamically allocated TLS block (a dlopened module): the
 * descriptor's second word points at {module, offset}. Returns in %rax the
 * variable's offset from the thread pointer; every other register, vector
 * ones included, is preserved, as the TLSDESC convention requires, because
 * the caller saved none of them. */
    .globl dryad_tlsdesc_dynamic
    .hidden dryad_tlsdesc_dynamic
    .type dryad_tlsdesc_dynamic, @function
dryad_tlsdesc_dynamic:
    .cfi_startproc
    push %rbx
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset rbx, 0
    mov %rsp, %rbx
    .cfi_def_cfa_register rbx
    and $-64, %rsp
    sub dryad_xsave_size(%rip), %rsp
    sub $128, %rsp                 /* integer registers, 16 slots */
    SAVE_ARG_REGS
    mov %r11, 64(%rsp)
    mov 8(%rax), %rdi              /* the {module, offset} argument */
    mov %rdi, 72(%rsp)
    SAVE_VECTOR_STATE 128
    mov 72(%rsp), %rdi
    call dr_tls_get_addr
    sub %fs:0, %rax                /* address - thread pointer */
    mov %rax, 0(%rsp)
    RESTORE_VECTOR_STATE 128
    mov 0(%rsp), %rax
    RESTORE_ARG_REGS
    mov 64(%rsp), %r11
    mov %rbx, %rsp
    pop %rbx
    .cfi_def_cfa rsp, 8
    ret
    .cfi_endproc
    .size dryad_tlsdesc_dynamic, .-dryad_tlsdesc_dynamic

    .section .note.GNU-stack, "", @progbits
