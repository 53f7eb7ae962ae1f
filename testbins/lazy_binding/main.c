/* When the executable's JUMP_SLOT for lib_fn is bound: the program finds its
 * own GOT slot for lib_fn (walking its _DYNAMIC: DT_JMPREL, DT_SYMTAB,
 * DT_STRTAB) and reads it before and after the first call.
 *   lazy: before = an address inside the executable (its PLT), after = lib_fn;
 *   now:  lib_fn already before the call.
 * Bind-now comes from LD_BIND_NOW with a non-empty value (even "0": glibc
 * tests only for a non-empty string), from DF_BIND_NOW in DT_FLAGS, or from
 * DF_1_NOW in DT_FLAGS_1; LD_BIND_NOW= (empty) leaves lazy binding on.
 *
 *   prog* ──> libfn.so
 */
#include "testbin.h"

int lib_fn(int);
void *lib_fn_addr(void);

typedef struct { long d_tag; unsigned long d_val; } Dyn;
typedef struct { unsigned long r_offset, r_info; long r_addend; } Rela;
typedef struct { unsigned st_name; unsigned char st_info, st_other; unsigned short st_shndx; unsigned long st_value, st_size; } Sym;

extern Dyn _DYNAMIC[];
extern char __ehdr_start[], _end[];

/* A loader may or may not have turned d_ptr values into run-time addresses in
 * place (glibc does on x86-64); accept both. */
static unsigned long runtime(unsigned long v) {
    unsigned long base = (unsigned long)__ehdr_start;
    return v < base ? v + base : v;
}

static void **got_slot(const char *name) {
    Rela *jmprel = 0;
    unsigned long pltrelsz = 0;
    Sym *symtab = 0;
    const char *strtab = 0;
    for (Dyn *d = _DYNAMIC; d->d_tag != 0; d++) {
        if (d->d_tag == 23) jmprel = (Rela *)runtime(d->d_val);        /* DT_JMPREL */
        if (d->d_tag == 2) pltrelsz = d->d_val;                         /* DT_PLTRELSZ */
        if (d->d_tag == 6) symtab = (Sym *)runtime(d->d_val);           /* DT_SYMTAB */
        if (d->d_tag == 5) strtab = (const char *)runtime(d->d_val);    /* DT_STRTAB */
    }
    for (unsigned long i = 0; jmprel && i < pltrelsz / sizeof(Rela); i++) {
        Sym *s = &symtab[jmprel[i].r_info >> 32];
        if (tb_streq(strtab + s->st_name, name))
            return (void **)(__ehdr_start + jmprel[i].r_offset);
    }
    return 0;
}

static const char *describe(void *v) {
    if (v == lib_fn_addr()) return "lib_fn";
    if ((char *)v >= __ehdr_start && (char *)v < _end) return "inside the executable (lazy)";
    return "somewhere else";
}

int main(void) {
    void **slot = got_slot("lib_fn");
    if (!slot) {
        tb_line("no JUMP_SLOT for lib_fn");
        return 1;
    }
    tb_puts("before the first call: ");
    tb_line(describe(*slot));
    tb_show("lib_fn(6)", lib_fn(6));
    tb_puts("after the first call: ");
    tb_line(describe(*slot));
    return 0;
}
