/* int80: file-descriptor calls that trap straight to the kernel with i386
 * numbers, overriding wasi-libc's WASI implementations. */
#include <unistd.h>
#include <fcntl.h>
#include <stdarg.h>
#include <errno.h>
#include <sys/uio.h>
#include <sys/ioctl.h>
#include "int80.h"

/* Weak, as if each were its own object (glibc's static libc.a): a program may
 * define its own (`_syscall1(int, dup, int, fd)`, <linux/unistd.h>). */
#pragma weak read
#pragma weak write
#pragma weak close
#pragma weak readv
#pragma weak writev
#pragma weak fcntl
#pragma weak ioctl
#pragma weak getpid
#pragma weak getppid
#pragma weak getuid
#pragma weak geteuid
#pragma weak getgid
#pragma weak getegid
#pragma weak dup
#pragma weak dup2
#pragma weak dup3
#pragma weak pipe
#pragma weak pipe2

ssize_t read(int fd, void *buf, size_t count)
{
	return __syscall_ret(__syscall3(__NR_read, fd, buf, count));
}

ssize_t write(int fd, const void *buf, size_t count)
{
	return __syscall_ret(__syscall3(__NR_write, fd, buf, count));
}

int close(int fd)
{
	return __syscall_ret(__syscall1(__NR_close, fd));
}

/* wasi-libc's freopen() moves a new descriptor onto the old number with this
 * (its own copy lives in one object with close()); here it is dup2 + close. */
int __wasilibc_fd_renumber(int fd, int newfd)
{
	if (fd == newfd)
		return 0;
	if (dup2(fd, newfd) < 0)
		return -1;
	return close(fd);
}

ssize_t readv(int fd, const struct iovec *iov, int iovcnt)
{
	return __syscall_ret(__syscall3(__NR_readv, fd, iov, iovcnt));
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt)
{
	return __syscall_ret(__syscall3(__NR_writev, fd, iov, iovcnt));
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;
	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	return __syscall_ret(__syscall3(__NR_fcntl64, fd, cmd, arg));
}

int ioctl(int fd, int req, ...)
{
	va_list ap;
	void *arg;
	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	return __syscall_ret(__syscall3(__NR_ioctl, fd, req, arg));
}

pid_t getpid(void) { return __syscall0(__NR_getpid); }
pid_t getppid(void) { return __syscall0(__NR_getppid); }
uid_t getuid(void) { return __syscall0(__NR_getuid32); }
uid_t geteuid(void) { return __syscall0(__NR_geteuid32); }
gid_t getgid(void) { return __syscall0(__NR_getgid32); }
gid_t getegid(void) { return __syscall0(__NR_getegid32); }

int dup(int fd) { return __syscall_ret(__syscall1(__NR_dup, fd)); }
int dup2(int old, int new) { return __syscall_ret(__syscall2(__NR_dup2, old, new)); }
int dup3(int old, int new, int flags) { return __syscall_ret(__syscall3(__NR_dup3, old, new, flags)); }
int pipe(int fds[2]) { return __syscall_ret(__syscall1(__NR_pipe, fds)); }
int pipe2(int fds[2], int flags) { return __syscall_ret(__syscall2(__NR_pipe2, fds, flags)); }
