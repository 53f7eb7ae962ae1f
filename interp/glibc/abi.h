/* interp/glibc/abi.h: glibc 2.36's private layouts that libc.so.6 reads (Debian 12).
 *
 * libc.so.6 is compiled against its own ld.so's internal structures:
 * _rtld_global, _rtld_global_ro, struct link_map and the thread control block
 * (struct pthread). These offsets are facts about one build, Debian's
 * libc6 2.36-9+deb12u14, taken from the DWARF in libc6-dbg; //interp:glibc_abi_test
 * re-derives every one of them from the installed debug files and fails if one
 * differs, so a glibc update is caught by a test and not by a crash.
 * Book: docs/12-glibc-contract.md.
 *
 * Each line is NAME OFFSET (decimal), one constant per field dryad touches;
 * the test parses this file, so keep the `#define GL_... N  // struct.field` form.
 */
#ifndef DRYAD_GLIBC_ABI_H
#define DRYAD_GLIBC_ABI_H

/* struct rtld_global (_rtld_global, 4336 bytes) */
#define GL_SIZEOF_RTLD_GLOBAL 4336            // sizeof struct rtld_global
#define GL_DL_NS 0                            // rtld_global._dl_ns
#define GL_SIZEOF_LINK_NAMESPACES 160         // sizeof struct link_namespaces
#define GL_NS_LOADED 0                        // link_namespaces._ns_loaded
#define GL_NS_NLOADED 8                       // link_namespaces._ns_nloaded
#define GL_NS_MAIN_SEARCHLIST 16              // link_namespaces._ns_main_searchlist
#define GL_NS_GLOBAL_SCOPE_ALLOC 24           // link_namespaces._ns_global_scope_alloc
#define GL_NS_LIBC_MAP 32                     // link_namespaces.libc_map
#define GL_NS_UNIQUE_SYM_TABLE 40             // link_namespaces._ns_unique_sym_table
#define GL_NS_DEBUG 112                       // link_namespaces._ns_debug
#define GL_DL_NNS 2560                        // rtld_global._dl_nns
#define GL_DL_LOAD_LOCK 2568                  // rtld_global._dl_load_lock
#define GL_DL_LOAD_WRITE_LOCK 2608            // rtld_global._dl_load_write_lock
#define GL_DL_LOAD_TLS_LOCK 2648              // rtld_global._dl_load_tls_lock
#define GL_DL_LOAD_ADDS 2688                  // rtld_global._dl_load_adds
#define GL_DL_ALL_DIRS 2728                   // rtld_global._dl_all_dirs
#define GL_DL_STACK_FLAGS 4192                // rtld_global._dl_stack_flags
#define GL_DL_TLS_MAX_DTV_IDX 4200            // rtld_global._dl_tls_max_dtv_idx
#define GL_DL_TLS_DTV_SLOTINFO_LIST 4208      // rtld_global._dl_tls_dtv_slotinfo_list
#define GL_DL_TLS_STATIC_NELEM 4216           // rtld_global._dl_tls_static_nelem
#define GL_DL_TLS_STATIC_USED 4224            // rtld_global._dl_tls_static_used
#define GL_DL_TLS_STATIC_OPTIONAL 4232        // rtld_global._dl_tls_static_optional
#define GL_DL_INITIAL_DTV 4240                // rtld_global._dl_initial_dtv
#define GL_DL_TLS_GENERATION 4248             // rtld_global._dl_tls_generation
#define GL_DL_STACK_USED 4264                 // rtld_global._dl_stack_used
#define GL_DL_STACK_USER 4280                 // rtld_global._dl_stack_user
#define GL_DL_STACK_CACHE 4296                // rtld_global._dl_stack_cache
#define GL_DL_STACK_CACHE_LOCK 4328           // rtld_global._dl_stack_cache_lock
/* The recursive mutexes: pthread_mutex_t is 40 bytes, __kind at 16. */
#define GL_MUTEX_KIND 16                      // __pthread_mutex_s.__kind

/* struct rtld_global_ro (_rtld_global_ro, 896 bytes) */
#define GL_SIZEOF_RTLD_GLOBAL_RO 896          // sizeof struct rtld_global_ro
#define GLRO_DL_DEBUG_MASK 0                  // rtld_global_ro._dl_debug_mask
#define GLRO_DL_PLATFORM 8                    // rtld_global_ro._dl_platform
#define GLRO_DL_PLATFORMLEN 16                // rtld_global_ro._dl_platformlen
#define GLRO_DL_PAGESIZE 24                   // rtld_global_ro._dl_pagesize
#define GLRO_DL_MINSIGSTACKSIZE 32            // rtld_global_ro._dl_minsigstacksize
#define GLRO_DL_INHIBIT_CACHE 40              // rtld_global_ro._dl_inhibit_cache
#define GLRO_DL_INITIAL_SEARCHLIST 48         // rtld_global_ro._dl_initial_searchlist
#define GLRO_DL_CLKTCK 64                     // rtld_global_ro._dl_clktck
#define GLRO_DL_DEBUG_FD 72                   // rtld_global_ro._dl_debug_fd
#define GLRO_DL_LAZY 76                       // rtld_global_ro._dl_lazy
#define GLRO_DL_BIND_NOT 80                   // rtld_global_ro._dl_bind_not
#define GLRO_DL_FPU_CONTROL 88                // rtld_global_ro._dl_fpu_control
#define GLRO_DL_HWCAP 96                      // rtld_global_ro._dl_hwcap
#define GLRO_DL_AUXV 104                      // rtld_global_ro._dl_auxv
#define GLRO_DL_X86_CPU_FEATURES 112          // rtld_global_ro._dl_x86_cpu_features
#define GLRO_DL_TLS_STATIC_SIZE 672           // rtld_global_ro._dl_tls_static_size
#define GLRO_DL_TLS_STATIC_ALIGN 680          // rtld_global_ro._dl_tls_static_align
#define GLRO_DL_TLS_STATIC_SURPLUS 688        // rtld_global_ro._dl_tls_static_surplus
#define GLRO_DL_INIT_ALL_DIRS 712             // rtld_global_ro._dl_init_all_dirs
#define GLRO_DL_SYSINFO_DSO 720               // rtld_global_ro._dl_sysinfo_dso
#define GLRO_DL_SYSINFO_MAP 728               // rtld_global_ro._dl_sysinfo_map
#define GLRO_DL_VDSO_CLOCK_GETTIME64 736      // rtld_global_ro._dl_vdso_clock_gettime64
#define GLRO_DL_VDSO_GETTIMEOFDAY 744         // rtld_global_ro._dl_vdso_gettimeofday
#define GLRO_DL_VDSO_TIME 752                 // rtld_global_ro._dl_vdso_time
#define GLRO_DL_VDSO_GETCPU 760               // rtld_global_ro._dl_vdso_getcpu
#define GLRO_DL_VDSO_CLOCK_GETRES_TIME64 768  // rtld_global_ro._dl_vdso_clock_getres_time64
#define GLRO_DL_HWCAP2 776                    // rtld_global_ro._dl_hwcap2
#define GLRO_DL_DEBUG_PRINTF 792              // rtld_global_ro._dl_debug_printf
#define GLRO_DL_MCOUNT 800                    // rtld_global_ro._dl_mcount
#define GLRO_DL_LOOKUP_SYMBOL_X 808           // rtld_global_ro._dl_lookup_symbol_x
#define GLRO_DL_OPEN 816                      // rtld_global_ro._dl_open
#define GLRO_DL_CLOSE 824                     // rtld_global_ro._dl_close
#define GLRO_DL_CATCH_ERROR 832               // rtld_global_ro._dl_catch_error
#define GLRO_DL_ERROR_FREE 840                // rtld_global_ro._dl_error_free
#define GLRO_DL_TLS_GET_ADDR_SOFT 848         // rtld_global_ro._dl_tls_get_addr_soft
#define GLRO_DL_LIBC_FREERES 856              // rtld_global_ro._dl_libc_freeres
#define GLRO_DL_FIND_OBJECT 864               // rtld_global_ro._dl_find_object

/* struct cpu_features, inside _rtld_global_ro at GLRO_DL_X86_CPU_FEATURES */
#define CPU_BASIC_KIND 0                      // cpu_features.basic.kind
#define CPU_BASIC_MAX_CPUID 4                 // cpu_features.basic.max_cpuid
#define CPU_BASIC_FAMILY 8                    // cpu_features.basic.family
#define CPU_BASIC_MODEL 12                    // cpu_features.basic.model
#define CPU_BASIC_STEPPING 16                 // cpu_features.basic.stepping
#define CPU_FEATURES 20                       // cpu_features.features
#define CPU_SIZEOF_FEATURE_LEAF 32            // sizeof struct cpuid_feature_internal
#define CPU_PREFERRED 308                     // cpu_features.preferred
#define CPU_ISA_1 312                         // cpu_features.isa_1
#define CPU_XSAVE_STATE_SIZE 320              // cpu_features.xsave_state_size
#define CPU_XSAVE_STATE_FULL_SIZE 328         // cpu_features.xsave_state_full_size
#define CPU_DATA_CACHE_SIZE 336               // cpu_features.data_cache_size
#define CPU_SHARED_CACHE_SIZE 344             // cpu_features.shared_cache_size
#define CPU_NON_TEMPORAL_THRESHOLD 352        // cpu_features.non_temporal_threshold
#define CPU_REP_MOVSB_THRESHOLD 360           // cpu_features.rep_movsb_threshold
#define CPU_REP_MOVSB_STOP_THRESHOLD 368      // cpu_features.rep_movsb_stop_threshold
#define CPU_REP_STOSB_THRESHOLD 376           // cpu_features.rep_stosb_threshold
/* Bits of cpu_features.preferred[0] (glibc's bit_arch_* enumerators) */
#define CPU_PREF_FAST_REP_STRING 1            // enum bit_arch_Fast_Rep_String
#define CPU_PREF_FAST_COPY_BACKWARD 2         // enum bit_arch_Fast_Copy_Backward
#define CPU_PREF_SLOW_BSF 4                   // enum bit_arch_Slow_BSF
#define CPU_PREF_FAST_UNALIGNED_LOAD 8        // enum bit_arch_Fast_Unaligned_Load
#define CPU_PREF_PMINUB_FOR_STRINGOP 16       // enum bit_arch_Prefer_PMINUB_for_stringop
#define CPU_PREF_FAST_UNALIGNED_COPY 32       // enum bit_arch_Fast_Unaligned_Copy
#define CPU_PREF_I586 64                      // enum bit_arch_I586
#define CPU_PREF_I686 128                     // enum bit_arch_I686
#define CPU_PREF_SLOW_SSE4_2 256              // enum bit_arch_Slow_SSE4_2
#define CPU_PREF_AVX_FAST_UNALIGNED_LOAD 512  // enum bit_arch_AVX_Fast_Unaligned_Load
#define CPU_PREF_NO_VZEROUPPER 1024           // enum bit_arch_Prefer_No_VZEROUPPER
#define CPU_PREF_NO_AVX512 4096               // enum bit_arch_Prefer_No_AVX512
#define CPU_PREF_AVOID_SHORT_REP_MOVSB 32768  // enum bit_arch_Avoid_Short_Distance_REP_MOVSB

/* struct link_map (1192 bytes) */
#define LM_SIZEOF 1192                        // sizeof struct link_map
#define LM_L_REAL 40                          // link_map.l_real
#define LM_L_NS 48                            // link_map.l_ns
#define LM_L_LIBNAME 56                       // link_map.l_libname
#define LM_L_INFO 64                          // link_map.l_info
#define LM_L_PHDR 704                         // link_map.l_phdr
#define LM_L_ENTRY 712                        // link_map.l_entry
#define LM_L_PHNUM 720                        // link_map.l_phnum
#define LM_L_LDNUM 722                        // link_map.l_ldnum
#define LM_L_SEARCHLIST 728                   // link_map.l_searchlist
#define LM_L_SYMBOLIC_SEARCHLIST 744          // link_map.l_symbolic_searchlist
#define LM_L_LOADER 760                       // link_map.l_loader
#define LM_L_VERSIONS 768                     // link_map.l_versions
#define LM_L_NVERSIONS 776                    // link_map.l_nversions
#define LM_L_NBUCKETS 780                     // link_map.l_nbuckets
#define LM_L_GNU_BITMASK_IDXBITS 784          // link_map.l_gnu_bitmask_idxbits
#define LM_L_GNU_SHIFT 788                    // link_map.l_gnu_shift
#define LM_L_GNU_BITMASK 792                  // link_map.l_gnu_bitmask
#define LM_L_GNU_BUCKETS 800                  // link_map.l_gnu_buckets
#define LM_L_GNU_CHAIN_ZERO 808               // link_map.l_gnu_chain_zero
#define LM_L_DIRECT_OPENCOUNT 816             // link_map.l_direct_opencount
#define LM_L_VERSYMS 864                      // link_map.l_versyms
#define LM_L_ORIGIN 872                       // link_map.l_origin
#define LM_L_MAP_START 880                    // link_map.l_map_start
#define LM_L_MAP_END 888                      // link_map.l_map_end
#define LM_L_TEXT_END 896                     // link_map.l_text_end
#define LM_L_SCOPE_MEM 904                    // link_map.l_scope_mem
#define LM_L_SCOPE_MAX 936                    // link_map.l_scope_max
#define LM_L_SCOPE 944                        // link_map.l_scope
#define LM_L_LOCAL_SCOPE 952                  // link_map.l_local_scope
#define LM_L_FILE_ID 968                      // link_map.l_file_id
#define LM_L_INITFINI 1000                    // link_map.l_initfini
#define LM_L_USED 1028                        // link_map.l_used
#define LM_L_FLAGS_1 1036                     // link_map.l_flags_1
#define LM_L_FLAGS 1040                       // link_map.l_flags
#define LM_L_TLS_INITIMAGE 1104               // link_map.l_tls_initimage
#define LM_L_TLS_INITIMAGE_SIZE 1112          // link_map.l_tls_initimage_size
#define LM_L_TLS_BLOCKSIZE 1120               // link_map.l_tls_blocksize
#define LM_L_TLS_ALIGN 1128                   // link_map.l_tls_align
#define LM_L_TLS_FIRSTBYTE_OFFSET 1136        // link_map.l_tls_firstbyte_offset
#define LM_L_TLS_OFFSET 1144                  // link_map.l_tls_offset
#define LM_L_TLS_MODID 1152                   // link_map.l_tls_modid
#define LM_L_TLS_DTOR_COUNT 1160              // link_map.l_tls_dtor_count
#define LM_L_RELRO_ADDR 1168                  // link_map.l_relro_addr
#define LM_L_RELRO_SIZE 1176                  // link_map.l_relro_size
#define LM_L_SERIAL 1184                      // link_map.l_serial
/* The bitfield bytes (l_type .. l_find_object_processed). */
#define LM_BITS0 820                          // link_map.l_type (byte of)
#define LM_BITS1 821                          // link_map.l_main_map (byte of)
#define LM_BITS2 822                          // link_map.l_auditing (byte of)
#define LM_L_INFO_VERSYM 53                   // l_info index of DT_VERSYM
#define LM_L_INFO_GNU_HASH 79                 // l_info index of DT_GNU_HASH
#define LM_L_INFO_COUNT 80                    // number of l_info slots

/* struct pthread (the thread control block, 2368 bytes; %fs points at it) */
#define PD_SIZEOF 2368                        // sizeof struct pthread
#define PD_HEADER_DTV 8                       // pthread.header.dtv
#define PD_HEADER_SELF 16                     // pthread.header.self
#define PD_HEADER_GSCOPE_FLAG 28              // pthread.header.gscope_flag
#define PD_HEADER_STACK_GUARD 40              // pthread.header.stack_guard
#define PD_HEADER_POINTER_GUARD 48            // pthread.header.pointer_guard
#define PD_LIST 704                           // pthread.list
#define PD_TID 720                            // pthread.tid
#define PD_ROBUST_PREV 728                    // pthread.robust_prev
#define PD_ROBUST_HEAD 736                    // pthread.robust_head
#define PD_SPECIFIC_1STBLOCK 784              // pthread.specific_1stblock
#define PD_SPECIFIC 1296                      // pthread.specific
#define PD_REPORT_EVENTS 1553                 // pthread.report_events
#define PD_USER_STACK 1554                    // pthread.user_stack
#define PD_STACKBLOCK 1680                    // pthread.stackblock
#define PD_STACKBLOCK_SIZE 1688               // pthread.stackblock_size
#define PD_GUARDSIZE 1696                     // pthread.guardsize
#define PD_RSEQ_AREA 2336                     // pthread.rseq_area

#endif
