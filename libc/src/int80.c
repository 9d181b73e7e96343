/* int80 libc core: errno translation, syscall(), the asyncify data buffer. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include "int80.h"
#include "errno_table.h"

/* The host's asyncify data region (binaryen asyncify: a header
 * {u32 current, u32 end} followed by the saved call stack). Exported from the
 * final module as the i32 global "__int80_asyncify_data" (its address); the
 * host writes the header before asyncify_start_unwind / start_rewind:
 *   [addr] = addr + 8, [addr + 4] = addr + INT80_ASYNCIFY_DATA_SIZE. */
#define INT80_ASYNCIFY_DATA_SIZE 65536
__attribute__((aligned(16), used))
unsigned char __int80_asyncify_data[INT80_ASYNCIFY_DATA_SIZE];

__attribute__((export_name("__int80_asyncify_data_size")))
int __int80_asyncify_data_size(void) { return INT80_ASYNCIFY_DATA_SIZE; }

/* The signal frame mailbox (arch/x86/kernel/signal.c's rt_sigframe, moved out of the
 * stack: a Wasm process's control stack is not in its memory). When a syscall returns
 * to a process with a signal to deliver, the kernel writes here the signal, the
 * handler, its sa_flags, whether the interrupted call restarts, the mask rt_sigreturn
 * restores and the siginfo. Exported as "__int80_sigframe" (its address). */
struct __int80_sigframe {
	int sig;
	uint32_t handler;
	uint32_t flags;
	int restart;
	uint32_t oldmask[2];
	unsigned char info[128];
	int ret;
};
__attribute__((aligned(16), used))
struct __int80_sigframe __int80_sigframe;

#define INT80_SA_SIGINFO 4
#define INT80_NR_rt_sigreturn 173

/* setup_rt_frame + the handler + the sigreturn trampoline, in the libc. */
static int __int80_do_signal(int *ret)
{
	struct __int80_sigframe f = __int80_sigframe;
	__int80_sigframe.sig = 0;
	if (f.flags & INT80_SA_SIGINFO)
		((void (*)(int, void *, void *))(uintptr_t)f.handler)(f.sig, f.info, 0);
	else
		((void (*)(int))(uintptr_t)f.handler)(f.sig);
	/* rt_sigreturn restores the mask; another pending signal is delivered on its way back */
	__int80(INT80_NR_rt_sigreturn, (int)(uintptr_t)&f, 0, 0, 0, 0, 0);
	(void)ret;
	return f.restart;
}

/* A preemption point of the program's own code found a signal to deliver (linux.preempt
 * returned 1; host/cc/driver.ts calls this then): the kernel wrote the frame, as for a
 * return to user mode after a timer interrupt. The handler runs; nothing is restarted. */
__attribute__((export_name("__int80_signal_point")))
void __int80_signal_point(void)
{
	int r = 0;
	while (__int80_sigframe.sig)
		__int80_do_signal(&r);
}

/* Set by pthread_cancel (pthread.c): a call interrupted by a signal (EINTR) is where a
 * canceled thread acts on the request. */
void (*__int80_cancel_point)(void);

int __int80(int eax, int ebx, int ecx, int edx, int esi, int edi, int ebp)
{
	for (;;) {
		int r = __int80_trap(eax, ebx, ecx, edx, esi, edi, ebp);
		if (__builtin_expect(!__int80_sigframe.sig, 1))
			return r;
		if (!__int80_do_signal(&r)) {
			if (r == -4 /* Linux's EINTR */ && __int80_cancel_point)
				__int80_cancel_point();
			return r;
		}
	}
}

/* stdout's buffering as glibc decides it, once, before main: line-buffered on a
 * terminal, fully buffered otherwise. (musl/wasi-libc decide at the first write, after
 * writing the first line out: a line printed before fork(2) would then not be
 * duplicated in the child's buffer as it is on Linux.) */
__attribute__((constructor)) static void __int80_stdio_init(void)
{
	if (!isatty(1))
		setvbuf(stdout, 0, _IOFBF, 0);
}

int __int80_errno_from_linux(int e)
{
	if (e > 0 && e <= INT80_LINUX_ERRNO_MAX && linux_to_libc[e])
		return linux_to_libc[e];
	return e;
}

long __syscall_ret(long r)
{
	if (r < 0 && r > -4096) {
		errno = __int80_errno_from_linux((int)-r);
		return -1;
	}
	return r;
}

/* syscall(2): glibc's generic entry, i386 numbers from <sys/syscall.h>. */
long syscall(long n, ...)
{
	va_list ap;
	long a, b, c, d, e, f;
	va_start(ap, n);
	a = va_arg(ap, long);
	b = va_arg(ap, long);
	c = va_arg(ap, long);
	d = va_arg(ap, long);
	e = va_arg(ap, long);
	f = va_arg(ap, long);
	va_end(ap);
	return __syscall_ret(__int80(n, a, b, c, d, e, f));
}

/* The instruction `int $0x80` as inline asm uses it (int80 cc rewrites such
 * asm statements into calls of this, host/cc_asm.ts): the registers in, eax
 * out, raw: -errno on failure and errno untouched, as the instruction does. */
int __int80_asm_trap(int eax, int ebx, int ecx, int edx, int esi, int edi, int ebp)
{
	return __int80(eax, ebx, ecx, edx, esi, edi, ebp);
}
