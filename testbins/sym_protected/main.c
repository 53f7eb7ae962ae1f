/* STV_PROTECTED definitions in a library: visible to others, but never
 * interposed for the library's own references.
 *
 *   prog        (PIE)      ──> libp.so    pfunc, pdata, paddr_fn: PROTECTED
 *   prog_canon  (non-PIE)  ──> libp.so    (linked against stub/libp.so)
 *   prog_copy   (non-PIE)  ──> libp.so    (linked against stub/libp.so)
 *
 * stub/libp.so has the same soname and the same definitions with default
 * visibility. Linked against the protected ones, both linkers refuse a
 * canonical PLT entry or a copy relocation: GNU ld 2.40 "non-canonical
 * reference to canonical protected function `paddr_fn'", lld 14 "cannot
 * preempt symbol: paddr_fn" / "pdata". A program built against an older
 * libp, before its symbols became protected, is what they would look like.
 *
 * protected (prog): prog defines pfunc and pdata too (exported with
 *   --export-dynamic). prog's references get prog's. libp's code gets libp's:
 *   the linkers bind those references themselves (no relocation). libp's data
 *   pointer to pfunc differs by linker: lld writes R_X86_64_RELATIVE; GNU ld
 *   writes R_X86_64_64 against pfunc, and the loader must apply the protected
 *   rule (glibc's _dl_lookup_symbol_x: when the reference is a protected
 *   symbol of the referring object, a definition found in another object is
 *   replaced by the referring object's own, unless a search that skips
 *   canonical PLT entries finds the referring object first): libp's own pfunc,
 *   not prog's. Same transcript for both linkers.
 * canon_bfd, canon_lld (prog_canon): prog takes paddr_fn's address in
 *   non-PIC code: its dynamic symbol paddr_fn is undefined, with the address
 *   of its PLT entry as value (a canonical PLT entry), which is &paddr_fn in
 *   prog. For libp's R_X86_64_64 (GNU ld) the ordinary lookup finds that
 *   entry first (prog heads the scope; only JUMP_SLOT-class lookups skip
 *   such entries); the second, JUMP_SLOT-class search skips it and finds libp
 *   itself, so glibc keeps prog's entry: libp's data pointer equals prog's
 *   &paddr_fn. lld's RELATIVE pointer is libp's own address. libp's code
 *   (lea) always yields libp's own address, so pointer equality breaks either
 *   way, in different places: one transcript per linker. (prog reads
 *   libp_paddr_fn_ptr through its own COPY of it, made after libp was
 *   relocated.) prog's call through its PLT binds its JUMP_SLOT to libp's
 *   paddr_fn, and glibc 2.36 warns at that lookup (_dl_check_protected_symbol,
 *   on stderr; an error only if libp were marked
 *   GNU_PROPERTY_1_NEEDED_INDIRECT_EXTERN_ACCESS, which it is not):
 *     warning: direct reference to protected function `paddr_fn' in
 *     `@DIR@/libp.so' may break pointer equality
 * copy (prog_copy): prog reads pdata in non-PIC code: R_X86_64_COPY. glibc
 *   copies libp's pdata into prog, warns
 *     warning: copy relocation against non-copyable protected symbol `pdata'
 *     in `@DIR@/libp.so'
 *   and libp keeps using its own pdata: after libp_bump_pdata() libp sees 8,
 *   prog's copy still 7. (lld puts the 4-byte copy at the very end of prog's
 *   last PT_LOAD segment: a loader that checks 8 bytes there fails.)
 */
#include "testbin.h"

const char *libp_calls_pfunc(void);
int libp_reads_pdata(void);
extern const char *(*libp_pfunc_ptr)(void);

const char *pfunc(void) { return "prog's pfunc"; }
int pdata = 100;

int main(void) {
    tb_puts("prog: pfunc() = ");
    tb_line(pfunc());
    tb_show("prog: pdata", pdata);
    tb_puts("libp: pfunc() = ");
    tb_line(libp_calls_pfunc());
    tb_show("libp: pdata", libp_reads_pdata());
    tb_puts("libp: (*libp_pfunc_ptr)() = ");
    tb_line(libp_pfunc_ptr());
    tb_puts("libp's data pointer vs prog's &pfunc: ");
    tb_line((void *)libp_pfunc_ptr == (void *)pfunc ? "same" : "different");
    return 0;
}
