/* interp/main.c: from the kernel's handoff to the program's entry point.
 *
 * This function is the table of contents of dryad, and of the book: each line
 * is one step, in the order a process needs them, with the chapter that
 * explains it.
 */
#include <link.h>

#include "arch/x86_64/syscall.h"
#include "dryad.h"
#include "glibc/glibc.h"

struct dr_process dr_proc;

uint64_t dryad_main(uint64_t *sp, uint64_t **new_sp) DR_HIDDEN;

uint64_t dryad_main(uint64_t *sp, uint64_t **new_sp) {
  struct dr_process *p = &dr_proc;
  dr_read_initial_stack(p, sp);            /* argc, argv, envp, auxv        (03-entry) */
  p->stats.t_start = dr_rdtsc();
  dr_cpu_init();                           /* what the PLT trampoline saves (08-plt-got) */
  dr_setup_rtld_object(p);                 /* dryad's own object            (03-entry) */
  dr_read_environment(p);                  /* LD_* variables, secure mode   (04-finding-objects) */
  dr_debug_setup(p);                       /* LD_DEBUG                      (15-diagnostics) */
  dr_trace_setup(p);                       /* DRYAD_TRACE                   (15-diagnostics) */
  uint64_t t0 = dr_trace_now(), tt;
  *new_sp = dr_parse_command_line(p);      /* `dryad.so.1 PROG ARGS` form   (03-entry) */
  p->stack_end = *new_sp;
  dr_setup_main_object(p);                 /* the program itself            (05-mapping) */
  dr_setup_vdso(p);                        /* the kernel's linux-vdso.so.1  (05-mapping) */
  dr_debug_init(p);                        /* r_debug for debuggers         (11-debugger) */
  dr_load_preloads(p);                     /* LD_PRELOAD, --preload         (04-finding-objects) */
  dr_load_dependencies(p);                 /* DT_NEEDED, breadth-first      (04-finding-objects) */
  p->stats.t_load = dr_rdtsc() - p->stats.t_start;
  if (p->opt.list) dr_list_objects(p);     /* --list: print them and exit   (04-finding-objects) */
  dr_honour_gnu_stack(p);                  /* PT_GNU_STACK of every object  (05-mapping) */
  dr_build_global_scope(p);                /* who is searched, in order     (06-symbols) */
  if (p->opt.explain) dr_explain(p);       /* --explain: report, do not run (15-diagnostics) */
  dr_bindcache_open(p);                    /* the last run's lookups        (17-binding-cache) */
  dr_versions_settle(p);                   /* version tables, unless replayed (06-symbols) */
  tt = dr_trace_now();
  dr_check_versions(p);                    /* every DT_VERNEED met          (06-symbols) */
  dr_trace_event("versions", "load", 0, tt, dr_trace_now(), p->nobjects, 0);
  tt = dr_trace_now();
  dr_setup_tls(p);                         /* static TLS, thread pointer    (09-tls) */
  dr_trace_event("TLS setup", "tls", 0, tt, dr_trace_now(), p->tls_max_modid, 0);
  tt = dr_trace_now();
  dr_glibc_globals(p);                     /* what libc.so.6 reads of us    (12-glibc-contract) */
  dr_trace_event("glibc structures", "tls", 0, tt, dr_trace_now(), p->nobjects, 0);
  dr_debug_initial_scopes(p);              /* LD_DEBUG=scopes               (15-diagnostics) */
  uint64_t t = dr_rdtsc();
  dr_symindex_start(p);                    /* one table for many lookups    (06-symbols) */
  dr_relocate_all(p);                      /* relocations, PLT, RELRO       (07-relocations) */
  dr_symindex_end(p);                      /* later lookups walk the scope  (06-symbols) */
  dr_bindcache_close(p);                   /* this run's, for the next one  (17-binding-cache) */
  p->stats.t_reloc = dr_rdtsc() - t;
  dr_tls_copy_images(p);                   /* .tdata, now relocated         (09-tls) */
  dr_glibc_early_init(p);                  /* __libc_early_init             (12-glibc-contract) */
  dr_debug_state(RT_CONSISTENT);           /* tell the debugger             (11-debugger) */
  dr_debug_statistics(p);                  /* LD_DEBUG=statistics           (15-diagnostics) */
  p->env_indexed = false;                  /* the program may change its environment now */
  dr_run_initialisers(p);                  /* dependencies first            (10-init-fini) */
  dr_trace_event("startup", "dryad", 0, t0, dr_trace_now(), p->nobjects, 0);
  dr_trace_write(p);                       /* DRYAD_TRACE file              (15-diagnostics) */
  return p->main->entry;                   /* start.S jumps there           (03-entry) */
}
