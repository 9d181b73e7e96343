/* int80 libc internals: the trap and the error rule.
 *
 * Every system service is one call to the host import linux.int80 with the
 * i386 register convention: eax = syscall number, ebx, ecx, edx, esi, edi,
 * ebp = arguments; the result comes back in eax as on Linux (>= 0, or -errno
 * with Linux errno numbers). __syscall_ret() turns -errno into errno (in the
 * libc's numbering) and -1, as glibc's INLINE_SYSCALL does. */
#ifndef INT80_INTERNAL_H
#define INT80_INTERNAL_H

#include <stdint.h>
#include <sys/syscall.h>

/* The trap itself: the host import (the only one asyncify instruments). */
__attribute__((import_module("linux"), import_name("int80")))
int __int80_trap(int eax, int ebx, int ecx, int edx, int esi, int edi, int ebp);

/* The trap and what Linux does on the way back to user mode: if the kernel left a
 * signal frame, run the handler, rt_sigreturn, and re-issue the call when the frame
 * says it restarts (SA_RESTART). Every syscall goes through here (int80.c). */
int __int80(int eax, int ebx, int ecx, int edx, int esi, int edi, int ebp);

#define __sc(x) ((int)(intptr_t)(x))
#define __syscall0(n) __int80((n), 0, 0, 0, 0, 0, 0)
#define __syscall1(n,a) __int80((n), __sc(a), 0, 0, 0, 0, 0)
#define __syscall2(n,a,b) __int80((n), __sc(a), __sc(b), 0, 0, 0, 0)
#define __syscall3(n,a,b,c) __int80((n), __sc(a), __sc(b), __sc(c), 0, 0, 0)
#define __syscall4(n,a,b,c,d) __int80((n), __sc(a), __sc(b), __sc(c), __sc(d), 0, 0)
#define __syscall5(n,a,b,c,d,e) __int80((n), __sc(a), __sc(b), __sc(c), __sc(d), __sc(e), 0)
#define __syscall6(n,a,b,c,d,e,f) __int80((n), __sc(a), __sc(b), __sc(c), __sc(d), __sc(e), __sc(f))

/* Linux errno -> libc errno value (wasi-libc numbering + int80 extensions). */
int __int80_errno_from_linux(int linux_errno);

/* r >= 0: r.  -4095 <= r < 0: errno = -r (translated), -1. */
long __syscall_ret(long r);

/* i386 32-bit time layouts (old_timeval32 / old_timespec32). */
struct __int80_timeval32 { int32_t tv_sec; int32_t tv_usec; };
struct __int80_timespec32 { int32_t tv_sec; int32_t tv_nsec; };

#endif
