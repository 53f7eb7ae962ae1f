/* slot.h: what an object's own GOT slot for a PLT call holds, read without
 * calling through it. Included by prog and libu.so; each copy reads its own
 * object's dynamic section (_DYNAMIC and __ehdr_start are local to it). */
#ifndef SYM_WEAK_SLOT_H
#define SYM_WEAK_SLOT_H
#include "testbin.h"

typedef struct { long d_tag; unsigned long d_val; } Dyn;
typedef struct { unsigned long r_offset, r_info; long r_addend; } Rela;
typedef struct { unsigned st_name; unsigned char st_info, st_other; unsigned short st_shndx; unsigned long st_value, st_size; } Sym;
typedef struct { unsigned p_type, p_flags; unsigned long p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align; } Phdr;

extern Dyn _DYNAMIC[] __attribute__((visibility("hidden")));
extern char __ehdr_start[] __attribute__((visibility("hidden")));

/* A loader may or may not have turned d_ptr values into run-time addresses in
 * place (glibc does on x86-64); accept both. */
static unsigned long slot_runtime(unsigned long v) {
    unsigned long base = (unsigned long)__ehdr_start;
    return v < base ? v + base : v;
}

/* The GOT slot of this object's R_X86_64_JUMP_SLOT against NAME, or 0. */
static void **jump_slot(const char *name) {
    Rela *jmprel = 0;
    unsigned long pltrelsz = 0;
    Sym *symtab = 0;
    const char *strtab = 0;
    for (Dyn *d = _DYNAMIC; d->d_tag != 0; d++) {
        if (d->d_tag == 23) jmprel = (Rela *)slot_runtime(d->d_val);   /* DT_JMPREL */
        if (d->d_tag == 2) pltrelsz = d->d_val;                        /* DT_PLTRELSZ */
        if (d->d_tag == 6) symtab = (Sym *)slot_runtime(d->d_val);     /* DT_SYMTAB */
        if (d->d_tag == 5) strtab = (const char *)slot_runtime(d->d_val); /* DT_STRTAB */
    }
    for (unsigned long i = 0; jmprel && i < pltrelsz / sizeof(Rela); i++) {
        Sym *s = &symtab[jmprel[i].r_info >> 32];
        if ((unsigned)jmprel[i].r_info == 7 && tb_streq(strtab + s->st_name, name))
            return (void **)(__ehdr_start + jmprel[i].r_offset);
    }
    return 0;
}

/* Whether V lies in one of this object's PT_LOAD segments. */
static int in_this_object(void *v) {
    unsigned long phoff = *(unsigned long *)(__ehdr_start + 0x20);
    unsigned short phnum = *(unsigned short *)(__ehdr_start + 0x38);
    Phdr *ph = (Phdr *)(__ehdr_start + phoff);
    unsigned long off = (unsigned long)((char *)v - __ehdr_start);
    for (unsigned i = 0; i < phnum; i++)
        if (ph[i].p_type == 1 && off - ph[i].p_vaddr < ph[i].p_memsz) return 1;
    return 0;
}

/* "WHO: JUMP_SLOT NAME holds STATE" */
static void show_slot(const char *who, const char *name) {
    void **slot = jump_slot(name);
    tb_puts(who);
    tb_puts(": JUMP_SLOT ");
    tb_puts(name);
    if (!slot) {
        tb_line(": none (the scenario needs one)");
        return;
    }
    tb_puts(" holds ");
    if (*slot == 0)
        tb_line("0");
    else if (in_this_object(*slot))
        tb_line("an address in its own PLT (not bound yet)");
    else
        tb_line("an address in another object");
}

/* "WHO: WHAT = 0" or "WHO: WHAT = non-null" */
static void show_null(const char *who, const char *what, const void *p) {
    tb_puts(who);
    tb_puts(": ");
    tb_puts(what);
    tb_line(p ? " = non-null" : " = 0");
}
#endif
