/* A 32-bit PC-relative reference in writable data to a symbol of another
 * object: GNU ld keeps it as a dynamic R_X86_64_PC32 relocation
 * (S + A - P, checked for overflow by the loader). */
        .data
        .globl  pc32_slot
        .hidden pc32_slot
        .type   pc32_slot, @object
        .size   pc32_slot, 8
pc32_slot:
        .long   target_object - .
        .long   target_object + 8 - .
        .section .note.GNU-stack,"",@progbits
