/* <linux/unistd.h>: the syscall numbers, and the _syscall0.._syscall6 macros
 * of Linux 2.4/2.6's <asm-i386/unistd.h> and uClibc, which teaching material
 * and old libcs use to define a system call wrapper in one line:
 *
 *   _syscall3(int, socket, int, family, int, type, int, protocol)
 *
 * defines int socket(int family, int type, int protocol), which traps with
 * eax = __NR_socket and the arguments in ebx, ecx, edx (the original does it
 * with inline asm `int $0x80`; here it is the same trap, the int80 import),
 * and turns a result in -4095..-1 into errno and -1 (uClibc's
 * __syscall_return). Modern Linux headers no longer define these macros. */
#ifndef _INT80_LINUX_UNISTD_H
#define _INT80_LINUX_UNISTD_H

#include <asm/unistd.h>
#include <errno.h>

int __int80_asm_trap(int, int, int, int, int, int, int);
int __int80_errno_from_linux(int);

#define __int80_sa(x) ((int)(long)(x))

#define __syscall_return(type, res) \
	do { \
		if ((unsigned long)(res) >= (unsigned long)(-4095)) { \
			errno = __int80_errno_from_linux((int)-(res)); \
			(res) = -1; \
		} \
		return (type)(res); \
	} while (0)

#define _syscall0(type, name) \
type name(void) \
{ \
	long __res = __int80_asm_trap(__NR_##name, 0, 0, 0, 0, 0, 0); \
	__syscall_return(type, __res); \
}

#define _syscall1(type, name, type1, arg1) \
type name(type1 arg1) \
{ \
	long __res = __int80_asm_trap(__NR_##name, __int80_sa(arg1), 0, 0, 0, 0, 0); \
	__syscall_return(type, __res); \
}

#define _syscall2(type, name, type1, arg1, type2, arg2) \
type name(type1 arg1, type2 arg2) \
{ \
	long __res = __int80_asm_trap(__NR_##name, __int80_sa(arg1), __int80_sa(arg2), 0, 0, 0, 0); \
	__syscall_return(type, __res); \
}

#define _syscall3(type, name, type1, arg1, type2, arg2, type3, arg3) \
type name(type1 arg1, type2 arg2, type3 arg3) \
{ \
	long __res = __int80_asm_trap(__NR_##name, __int80_sa(arg1), __int80_sa(arg2), __int80_sa(arg3), 0, 0, 0); \
	__syscall_return(type, __res); \
}

#define _syscall4(type, name, type1, arg1, type2, arg2, type3, arg3, type4, arg4) \
type name(type1 arg1, type2 arg2, type3 arg3, type4 arg4) \
{ \
	long __res = __int80_asm_trap(__NR_##name, __int80_sa(arg1), __int80_sa(arg2), __int80_sa(arg3), \
				      __int80_sa(arg4), 0, 0); \
	__syscall_return(type, __res); \
}

#define _syscall5(type, name, type1, arg1, type2, arg2, type3, arg3, type4, arg4, type5, arg5) \
type name(type1 arg1, type2 arg2, type3 arg3, type4 arg4, type5 arg5) \
{ \
	long __res = __int80_asm_trap(__NR_##name, __int80_sa(arg1), __int80_sa(arg2), __int80_sa(arg3), \
				      __int80_sa(arg4), __int80_sa(arg5), 0); \
	__syscall_return(type, __res); \
}

#define _syscall6(type, name, type1, arg1, type2, arg2, type3, arg3, type4, arg4, type5, arg5, type6, arg6) \
type name(type1 arg1, type2 arg2, type3 arg3, type4 arg4, type5 arg5, type6 arg6) \
{ \
	long __res = __int80_asm_trap(__NR_##name, __int80_sa(arg1), __int80_sa(arg2), __int80_sa(arg3), \
				      __int80_sa(arg4), __int80_sa(arg5), __int80_sa(arg6)); \
	__syscall_return(type, __res); \
}

#endif
