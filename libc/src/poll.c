/* int80: poll (nr 168) and select (_newselect, nr 142) trap to the kernel with
 * Linux's pollfd, fd_set bitmap and i386 32-bit timeval. */
#include <poll.h>
#include <sys/select.h>
#include <sys/time.h>
#include <signal.h>
#include <errno.h>
#include "int80.h"

int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	return __syscall_ret(__syscall3(__NR_poll, fds, n, timeout));
}

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *to, const sigset_t *mask)
{
	struct __int80_timespec32 t32;
	if (to) {
		if (to->tv_sec != (int32_t)to->tv_sec) { errno = EOVERFLOW; return -1; }
		t32.tv_sec = (int32_t)to->tv_sec;
		t32.tv_nsec = (int32_t)to->tv_nsec;
	}
	return __syscall_ret(__syscall5(__NR_ppoll, fds, n, to ? &t32 : 0, mask, 8));
}

int select(int n, fd_set *__restrict r, fd_set *__restrict w, fd_set *__restrict e,
           struct timeval *__restrict tv)
{
	struct __int80_timeval32 t32;
	long ret;
	if (tv) {
		if (tv->tv_sec != (int32_t)tv->tv_sec) { errno = EOVERFLOW; return -1; }
		t32.tv_sec = (int32_t)tv->tv_sec;
		t32.tv_usec = (int32_t)tv->tv_usec;
	}
	ret = __syscall5(__NR__newselect, n, r, w, e, tv ? &t32 : 0);
	if (tv) {
		tv->tv_sec = t32.tv_sec;
		tv->tv_usec = t32.tv_usec;
	}
	return __syscall_ret(ret);
}

int pselect(int n, fd_set *__restrict r, fd_set *__restrict w, fd_set *__restrict e,
            const struct timespec *__restrict ts, const sigset_t *__restrict mask)
{
	struct __int80_timespec32 t32;
	unsigned long data[2] = { (unsigned long)(uintptr_t)mask, 8 };
	if (ts) {
		if (ts->tv_sec != (int32_t)ts->tv_sec) { errno = EOVERFLOW; return -1; }
		t32.tv_sec = (int32_t)ts->tv_sec;
		t32.tv_nsec = (int32_t)ts->tv_nsec;
	}
	return __syscall_ret(__syscall6(__NR_pselect6, n, r, w, e, ts ? &t32 : 0, data));
}
