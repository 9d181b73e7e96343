/* System calls from inline i386 assembly, as a Linux course and old libcs
 * write them: `int $0x80` with register constraints, short mov/xor templates
 * that store %eax into an operand, push/pop around ebx, and uClibc's
 * _syscallN macros from <linux/unistd.h> (defined here with the same asm
 * when the system's header no longer has them, as on modern Linux). */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/unistd.h>
#include <linux/net.h>

#ifndef _syscall3
#define _syscall3(type, name, type1, arg1, type2, arg2, type3, arg3) \
type name(type1 arg1, type2 arg2, type3 arg3) \
{ \
	long __res; \
	__asm__ volatile ("int $0x80" \
		: "=a" (__res) \
		: "0" (__NR_##name), "b" ((long)(arg1)), "c" ((long)(arg2)), \
		  "d" ((long)(arg3)) : "memory"); \
	if ((unsigned long)(__res) >= (unsigned long)(-4095)) { \
		errno = -__res; \
		__res = -1; \
	} \
	return (type)(__res); \
}
#define _syscall1(type, name, type1, arg1) \
type name(type1 arg1) \
{ \
	long __res; \
	__asm__ volatile ("push %%ebx\n\t" \
		"mov %2, %%ebx\n\t" \
		"int $0x80\n\t" \
		"pop %%ebx" \
		: "=a" (__res) \
		: "0" (__NR_##name), "r" ((long)(arg1)) : "memory"); \
	if ((unsigned long)(__res) >= (unsigned long)(-4095)) { \
		errno = -__res; \
		__res = -1; \
	} \
	return (type)(__res); \
}
#endif
#include <errno.h>

/* uClibc's own line */
_syscall3(int, socket, int, family, int, type, int, protocol)
_syscall1(int, dup, int, fd)

static long raw_write(int fd, const void *buf, unsigned long n)
{
	long ret;
	asm volatile("int $0x80" : "=a"(ret) : "a"(4), "b"(fd), "c"(buf), "d"(n) : "memory");
	return ret;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);

	/* the course's template: registers loaded with mov, the result stored with mov */
	int tt = -1;
	asm volatile(
		"mov $6,%%eax\n\t"
		"mov $-1,%%ebx\n\t"
		"int $0x80\n\t"
		"mov %%eax,%0\n\t"
		: "=m"(tt));
	/* the raw result: Linux's -EBADF (9), whatever the libc's errno numbers are */
	printf("close(-1) from asm: %d\n", tt);

	long r = raw_write(1, "hello from int $0x80\n", 21);
	printf("write returned %ld\n", r);

	/* xor to zero a register, an operand as the source of a mov */
	int fd = 1, res;
	__asm__ __volatile__(
		"xorl %%ecx, %%ecx\n\t"
		"xor %%edx, %%edx\n\t"
		"movl %1, %%ebx\n\t"
		"movl $55, %%eax\n\t"   /* fcntl(fd, F_DUPFD=0 -> ecx) */
		"int $0x80\n\t"
		"movl %%eax, %0"
		: "=r"(res) : "r"(fd) : "ecx", "edx", "ebx", "memory");
	printf("fcntl(1, F_DUPFD, 0) = %d\n", res);

	/* PIC code keeps ebx: push/pop around the trap, a named operand */
	int cr, bad_fd = 99;
	asm volatile("push %%ebx\n\t"
		     "mov %[fd], %%ebx\n\t"
		     "mov $6, %%eax\n\t"
		     "int $0x80\n\t"
		     "pop %%ebx"
		     : "=a"(cr) : [fd] "r"(bad_fd) : "memory");
	printf("close(99) = %d\n", cr);

	/* socketcall(SYS_SOCKET, args) with "S"/"D" untouched */
	unsigned long args[3] = { AF_INET, SOCK_DGRAM, 0 };
	int s;
	asm volatile("int $0x80" : "=a"(s) : "0"(102), "b"(SYS_SOCKET), "c"(args) : "memory");
	printf("socketcall(SYS_SOCKET) = %d\n", s);

	/* _syscall3 defines socket(); the libc's bind() still links */
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	printf("socket() via _syscall3 = %d, bind = %d\n", u, bind(u, (struct sockaddr *)&a, sizeof a));
	errno = 0;
	int bad = socket(12345, SOCK_DGRAM, 0);
	printf("socket(12345, SOCK_DGRAM) = %d: %s\n", bad, strerror(errno));
	printf("dup(0) via _syscall1 = %d\n", dup(0));
	errno = 0;
	int d = dup(99);
	printf("dup(99) = %d: %s\n", d, strerror(errno));

	/* exit(3) the way a freestanding program does */
	asm volatile("movl $1, %%eax\n\tmovl $3, %%ebx\n\tint $0x80" ::: "memory");
	return 0;
}
