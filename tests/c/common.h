/* common.h - helpers shared by the int80 C scenarios.
 *
 * Every scenario prints deterministic lines: the call as written in the source,
 * then its result, or -1 and the symbolic errno name.  The expected output is
 * what the program prints when built with `gcc -m32 -static` and run on Linux
 * (see record.sh).  Only standard headers; raw i386 syscall numbers are spelled
 * out below so that the same source builds against glibc and the int80 libc.
 */
#ifndef INT80_TEST_COMMON_H
#define INT80_TEST_COMMON_H

#define _GNU_SOURCE 1

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/uio.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

/* i386 syscall numbers (arch/x86/entry/syscalls/syscall_32.tbl). */
#define NR_socketcall   102
#define NR_recvmmsg     337
#define NR_sendmmsg     345
#define NR_socket       359
#define NR_socketpair   360
#define NR_bind         361
#define NR_connect      362
#define NR_listen       363
#define NR_accept4      364
#define NR_getsockopt   365
#define NR_setsockopt   366
#define NR_getsockname  367
#define NR_getpeername  368
#define NR_sendto       369
#define NR_sendmsg      370
#define NR_recvfrom     371
#define NR_recvmsg      372
#define NR_shutdown     373

/* socketcall call numbers (include/uapi/linux/net.h). */
#define SC_SOCKET       1
#define SC_BIND         2
#define SC_CONNECT      3
#define SC_LISTEN       4
#define SC_ACCEPT       5
#define SC_GETSOCKNAME  6
#define SC_GETPEERNAME  7
#define SC_SOCKETPAIR   8
#define SC_SEND         9
#define SC_RECV         10
#define SC_SENDTO       11
#define SC_RECVFROM     12
#define SC_SHUTDOWN     13
#define SC_SETSOCKOPT   14
#define SC_GETSOCKOPT   15
#define SC_SENDMSG      16
#define SC_RECVMSG      17
#define SC_ACCEPT4      18
#define SC_RECVMMSG     19
#define SC_SENDMMSG     20

/* Addresses that fault on i386 Linux and under int80: the first page, and
 * an address past the end of user memory. */
static inline void *badptr(unsigned long v)
{
	volatile unsigned long x = v;   /* hide the constant from gcc's -Wstringop checks */
	return (void *)x;
}
#define BADPTR1 badptr(1)
#define BADPTR2 badptr(0xfffff000UL)

static inline const char *errname(int e)
{
	switch (e) {
	case 0: return "OK";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case ENXIO: return "ENXIO";
	case E2BIG: return "E2BIG";
	case ENOEXEC: return "ENOEXEC";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	case EAGAIN: return "EAGAIN";
#if defined(EWOULDBLOCK) && EWOULDBLOCK != EAGAIN
	case EWOULDBLOCK: return "EWOULDBLOCK";
#endif
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EXDEV: return "EXDEV";
	case ENODEV: return "ENODEV";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case ENFILE: return "ENFILE";
	case EMFILE: return "EMFILE";
	case ENOTTY: return "ENOTTY";
	case EFBIG: return "EFBIG";
	case ENOSPC: return "ENOSPC";
	case ESPIPE: return "ESPIPE";
	case EROFS: return "EROFS";
	case EMLINK: return "EMLINK";
	case EPIPE: return "EPIPE";
	case EDOM: return "EDOM";
	case ERANGE: return "ERANGE";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ENOTEMPTY: return "ENOTEMPTY";
	case ELOOP: return "ELOOP";
	case EOVERFLOW: return "EOVERFLOW";
	case ETXTBSY: return "ETXTBSY";
	case ENOSYS: return "ENOSYS";
	case ENOTSOCK: return "ENOTSOCK";
	case EDESTADDRREQ: return "EDESTADDRREQ";
	case EMSGSIZE: return "EMSGSIZE";
	case EPROTOTYPE: return "EPROTOTYPE";
	case ENOPROTOOPT: return "ENOPROTOOPT";
	case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
	case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
	case EOPNOTSUPP: return "EOPNOTSUPP";
#if defined(ENOTSUP) && ENOTSUP != EOPNOTSUPP
	case ENOTSUP: return "ENOTSUP";
#endif
	case EPFNOSUPPORT: return "EPFNOSUPPORT";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case EADDRINUSE: return "EADDRINUSE";
	case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
	case ENETDOWN: return "ENETDOWN";
	case ENETUNREACH: return "ENETUNREACH";
	case ENETRESET: return "ENETRESET";
	case ECONNABORTED: return "ECONNABORTED";
	case ECONNRESET: return "ECONNRESET";
	case ENOBUFS: return "ENOBUFS";
	case EISCONN: return "EISCONN";
	case ENOTCONN: return "ENOTCONN";
	case ESHUTDOWN: return "ESHUTDOWN";
	case ETIMEDOUT: return "ETIMEDOUT";
	case ECONNREFUSED: return "ECONNREFUSED";
	case EHOSTUNREACH: return "EHOSTUNREACH";
	case EALREADY: return "EALREADY";
	case EINPROGRESS: return "EINPROGRESS";
	default: {
		static char buf[32];
		snprintf(buf, sizeof buf, "E#%d", e);
		return buf;
	}
	}
}

/* CHECK(expr): evaluate a call returning int/ssize_t, print `expr -> r` or
 * `expr -> -1 ENAME`, and yield the result.  The comma operator sequences
 * the call before errno is read. */
static inline long check_print(const char *what, long r, int e)
{
	if (r < 0)
		printf("%s -> %ld %s\n", what, r, errname(e));
	else
		printf("%s -> %ld\n", what, r);
	return r;
}
static long check_ret;
#define CHECK_AS(text, expr) (errno = 0, check_ret = (long)(expr), \
				check_print(text, check_ret, errno))
#define CHECK(expr) CHECK_AS(#expr, expr)

/* Print a section title. */
#define SECTION(s) printf("== %s\n", s)

/* Build an AF_UNIX pathname address; returns the length to pass to bind. */
static inline socklen_t un_path(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	size_t n = strlen(path);
	if (n >= sizeof a->sun_path)
		n = sizeof a->sun_path - 1;
	memcpy(a->sun_path, path, n);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
}

/* Build an abstract AF_UNIX address: sun_path[0] = 0 followed by name
 * (no trailing NUL counted). */
static inline socklen_t un_abstract(struct sockaddr_un *a, const char *name)
{
	size_t n = strlen(name);
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path + 1, name, n);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

/* Print an AF_UNIX address as returned by getsockname/accept/recvfrom:
 * length, family, and the path with NULs shown as '@'. */
static inline void show_un(const char *what, const struct sockaddr_un *a, socklen_t len)
{
	printf("%s: len=%u", what, (unsigned)len);
	if (len >= sizeof(sa_family_t))
		printf(" family=%s", a->sun_family == AF_UNIX ? "AF_UNIX" : "?");
	if (len > offsetof(struct sockaddr_un, sun_path)) {
		size_t n = len - offsetof(struct sockaddr_un, sun_path), i;
		if (n > sizeof a->sun_path)
			n = sizeof a->sun_path;
		printf(" path=\"");
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)a->sun_path[i];
			if (c == 0)
				putchar('@');
			else if (c >= 32 && c < 127)
				putchar(c);
			else
				printf("\\x%02x", c);
		}
		putchar('"');
	}
	putchar('\n');
}

/* Print a buffer as a quoted string (non-printables escaped). */
static inline void show_buf(const char *what, const void *p, long n)
{
	const unsigned char *b = p;
	long i;
	printf("%s: %ld \"", what, n);
	for (i = 0; i < n; i++) {
		if (b[i] >= 32 && b[i] < 127 && b[i] != '"')
			putchar(b[i]);
		else
			printf("\\x%02x", b[i]);
	}
	printf("\"\n");
}

/* Print file status / descriptor flags symbolically. */
static inline void show_flags(const char *what, int fd)
{
	int fl = fcntl(fd, F_GETFL);
	int fdfl = fcntl(fd, F_GETFD);
	if (fl < 0 || fdfl < 0) {
		printf("%s: flags -> %s\n", what, errname(errno));
		return;
	}
	printf("%s: %s%s%s\n", what,
	       (fl & O_ACCMODE) == O_RDWR ? "O_RDWR" :
	       (fl & O_ACCMODE) == O_RDONLY ? "O_RDONLY" : "O_WRONLY",
	       (fl & O_NONBLOCK) ? "|O_NONBLOCK" : "",
	       (fdfl & FD_CLOEXEC) ? " FD_CLOEXEC" : "");
}

/* Print MSG_* flags symbolically. */
static inline void show_msg_flags(const char *what, int f)
{
	printf("%s:", what);
	if (f == 0) printf(" 0");
	if (f & MSG_OOB) printf(" MSG_OOB");
	if (f & MSG_PEEK) printf(" MSG_PEEK");
	if (f & MSG_TRUNC) printf(" MSG_TRUNC");
	if (f & MSG_CTRUNC) printf(" MSG_CTRUNC");
	if (f & MSG_EOR) printf(" MSG_EOR");
	if (f & MSG_WAITALL) printf(" MSG_WAITALL");
	if (f & MSG_ERRQUEUE) printf(" MSG_ERRQUEUE");
	if (f & MSG_CMSG_CLOEXEC) printf(" MSG_CMSG_CLOEXEC");
	if (f & ~(MSG_OOB | MSG_PEEK | MSG_TRUNC | MSG_CTRUNC | MSG_EOR |
		  MSG_WAITALL | MSG_ERRQUEUE | MSG_CMSG_CLOEXEC))
		printf(" other");
	putchar('\n');
}

/* st_ino of fd: the inode column of /proc/net/<proto> and the N of "socket:[N]". */
static inline unsigned long ino_of(int fd)
{
	struct stat st;
	fstat(fd, &st);
	return (unsigned long)st.st_ino;
}

/* The number of space-separated columns of a /proc line. */
static inline int columns(const char *l)
{
	int n = 0, in = 0;
	for (; *l && *l != '\n'; l++) {
		if (*l != ' ' && !in) n++;
		in = *l != ' ';
	}
	return n;
}

/* 127.0.0.1 and ::1 with a port. */
static inline struct sockaddr_in lo4(int port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static inline struct sockaddr_in6 lo6(int port)
{
	struct sockaddr_in6 a;
	memset(&a, 0, sizeof a);
	a.sin6_family = AF_INET6;
	a.sin6_port = htons(port);
	a.sin6_addr = in6addr_loopback;
	return a;
}

#endif
