/* int80 <sys/mman.h>: musl's declarations and Linux's values (MAP_*, PROT_*),
 * without wasi-libc's "no mmap on WASI" guard: mmap/munmap/mprotect trap to
 * the kernel (mmap2 192, munmap 91, mprotect 125; libc/src/mman.c). */
#ifndef _WASI_EMULATED_MMAN
#define _WASI_EMULATED_MMAN 1
#define _INT80_DEFINED_WASI_EMULATED_MMAN
#endif
#include_next <sys/mman.h>
#ifdef _INT80_DEFINED_WASI_EMULATED_MMAN
#undef _WASI_EMULATED_MMAN
#undef _INT80_DEFINED_WASI_EMULATED_MMAN
#endif
