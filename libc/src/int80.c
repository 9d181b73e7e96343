/* int80 libc core: errno translation, syscall(), the asyncify data buffer. */
#include <errno.h>
#include <stdarg.h>
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
