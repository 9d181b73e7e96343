/* int80 socket calls.
 *
 * Default build: every call goes through socketcall(2) (nr 102) with the
 * arguments in an unsigned long args[6] array in user memory, as uClibc and
 * glibc < 2.23 do on i386 (SYS_* numbers from <linux/net.h>). The kernel
 * copies nargs[call] words from args (net/socket.c sys_socketcall).
 *
 * With -DINT80_DIRECT_SOCKETCALLS (libint80-direct.a, `int80 cc
 * -mdirect-socketcalls`): the direct i386 syscalls added in Linux 4.3
 * (socket 359 ... shutdown 373, recvmmsg 337, sendmmsg 345); accept() is
 * accept4(.., 0), send() is sendto(.., NULL, 0), recv() is recvfrom(.., NULL,
 * NULL), as glibc >= 2.23 does.
 *
 * struct timeval for SO_RCVTIMEO/SO_SNDTIMEO and the recvmmsg timeout are
 * converted from wasi-libc's 64-bit time_t layouts to i386's 32-bit ones. */
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <errno.h>
#include <linux/net.h>
#include "int80.h"

/* SOCKETCALL(direct, SUB, a, b, c, d, e, f): the call with six arguments (0 for the
 * unused ones), either as the direct syscall __NR_<direct> or as socketcall(SYS_<SUB>,
 * args). Unused trailing arguments are zero either way: the direct syscall ignores
 * its extra registers, socketcall copies only nargs[SUB] words. */
#ifdef INT80_DIRECT_SOCKETCALLS
#define SOCKETCALL(direct, sub, a, b, c, d, e, f) \
	__syscall6(__NR_##direct, a, b, c, d, e, f)
#else
static long socketcall(int call, long a0, long a1, long a2, long a3, long a4, long a5)
{
	volatile unsigned long args[6] = { a0, a1, a2, a3, a4, a5 };
	return __int80(__NR_socketcall, call, (int)(intptr_t)args, 0, 0, 0, 0);
}
#define SOCKETCALL(direct, sub, a, b, c, d, e, f) \
	socketcall(SYS_##sub, __sc(a), __sc(b), __sc(c), __sc(d), __sc(e), __sc(f))
#endif

int socket(int domain, int type, int protocol)
{
	return __syscall_ret(SOCKETCALL(socket, SOCKET, domain, type, protocol, 0, 0, 0));
}

int socketpair(int domain, int type, int protocol, int sv[2])
{
	return __syscall_ret(SOCKETCALL(socketpair, SOCKETPAIR, domain, type, protocol, sv, 0, 0));
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	return __syscall_ret(SOCKETCALL(bind, BIND, fd, addr, len, 0, 0, 0));
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	return __syscall_ret(SOCKETCALL(connect, CONNECT, fd, addr, len, 0, 0, 0));
}

int listen(int fd, int backlog)
{
	return __syscall_ret(SOCKETCALL(listen, LISTEN, fd, backlog, 0, 0, 0, 0));
}

int accept(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len)
{
	return __syscall_ret(SOCKETCALL(accept4, ACCEPT, fd, addr, len, 0, 0, 0));
}

int accept4(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len, int flags)
{
	return __syscall_ret(SOCKETCALL(accept4, ACCEPT4, fd, addr, len, flags, 0, 0));
}

int getsockname(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len)
{
	return __syscall_ret(SOCKETCALL(getsockname, GETSOCKNAME, fd, addr, len, 0, 0, 0));
}

int getpeername(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len)
{
	return __syscall_ret(SOCKETCALL(getpeername, GETPEERNAME, fd, addr, len, 0, 0, 0));
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	return __syscall_ret(SOCKETCALL(sendto, SEND, fd, buf, len, flags, 0, 0));
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	return __syscall_ret(SOCKETCALL(recvfrom, RECV, fd, buf, len, flags, 0, 0));
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
               const struct sockaddr *addr, socklen_t alen)
{
	return __syscall_ret(SOCKETCALL(sendto, SENDTO, fd, buf, len, flags, addr, alen));
}

ssize_t recvfrom(int fd, void *__restrict buf, size_t len, int flags,
                 struct sockaddr *__restrict addr, socklen_t *__restrict alen)
{
	return __syscall_ret(SOCKETCALL(recvfrom, RECVFROM, fd, buf, len, flags, addr, alen));
}

int shutdown(int fd, int how)
{
	return __syscall_ret(SOCKETCALL(shutdown, SHUTDOWN, fd, how, 0, 0, 0, 0));
}

static long do_setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	return SOCKETCALL(setsockopt, SETSOCKOPT, fd, level, name, val, len, 0);
}

static long do_getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	return SOCKETCALL(getsockopt, GETSOCKOPT, fd, level, name, val, len, 0);
}

static int is_timeo(int level, int name)
{
	return level == SOL_SOCKET && (name == SO_RCVTIMEO_OLD || name == SO_SNDTIMEO_OLD);
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	/* Like glibc's time64 setsockopt: a 64-bit struct timeval becomes the
	 * old i386 {int32, int32} one. */
	if (is_timeo(level, name) && val && len >= sizeof(struct timeval)) {
		const struct timeval *tv = val;
		struct __int80_timeval32 tv32;
		if (tv->tv_sec != (int32_t)tv->tv_sec) {
			errno = EOVERFLOW;
			return -1;
		}
		tv32.tv_sec = (int32_t)tv->tv_sec;
		tv32.tv_usec = (int32_t)tv->tv_usec;
		return __syscall_ret(do_setsockopt(fd, level, name, &tv32, sizeof tv32));
	}
	return __syscall_ret(do_setsockopt(fd, level, name, val, len));
}

int getsockopt(int fd, int level, int name, void *__restrict val, socklen_t *__restrict len)
{
	if (is_timeo(level, name) && val && len && *len >= sizeof(struct timeval)) {
		struct __int80_timeval32 tv32;
		socklen_t len32 = sizeof tv32;
		long r = do_getsockopt(fd, level, name, &tv32, &len32);
		if (r < 0)
			return __syscall_ret(r);
		struct timeval *tv = val;
		tv->tv_sec = tv32.tv_sec;
		tv->tv_usec = tv32.tv_usec;
		*len = sizeof(struct timeval);
		return (int)r;
	}
	long r = do_getsockopt(fd, level, name, val, len);
	/* SO_ERROR hands out an errno value: give the C code the libc's own number,
	 * as every other errno it sees (the kernel stores Linux's). */
	if (r == 0 && level == SOL_SOCKET && name == SO_ERROR && val && len && *len >= sizeof(int)) {
		int *e = val;
		if (*e)
			*e = __int80_errno_from_linux(*e);
	}
	return __syscall_ret(r);
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	return __syscall_ret(SOCKETCALL(sendmsg, SENDMSG, fd, msg, flags, 0, 0, 0));
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	return __syscall_ret(SOCKETCALL(recvmsg, RECVMSG, fd, msg, flags, 0, 0, 0));
}

int sendmmsg(int fd, struct mmsghdr *msgvec, unsigned int vlen, int flags)
{
	return __syscall_ret(SOCKETCALL(sendmmsg, SENDMMSG, fd, msgvec, vlen, flags, 0, 0));
}

int recvmmsg(int fd, struct mmsghdr *msgvec, unsigned int vlen, int flags, struct timespec *timeout)
{
	struct __int80_timespec32 ts32, *t = 0;
	long r;
	if (timeout) {
		if (timeout->tv_sec != (int32_t)timeout->tv_sec) {
			errno = EOVERFLOW;
			return -1;
		}
		ts32.tv_sec = (int32_t)timeout->tv_sec;
		ts32.tv_nsec = (int32_t)timeout->tv_nsec;
		t = &ts32;
	}
	r = SOCKETCALL(recvmmsg, RECVMMSG, fd, msgvec, vlen, flags, t, 0);
	if (timeout && r >= 0) {
		timeout->tv_sec = ts32.tv_sec;
		timeout->tv_nsec = ts32.tv_nsec;
	}
	return __syscall_ret(r);
}

int sockatmark(int fd)
{
	int atmark;
	long r = __syscall3(__NR_ioctl, fd, 0x8905 /* SIOCATMARK */, &atmark);
	return r < 0 ? (int)__syscall_ret(r) : atmark;
}
