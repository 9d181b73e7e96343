/* epoll(7): the i386 syscalls, trapping through int 0x80. */
#include <sys/epoll.h>
#include "int80.h"

int epoll_create(int size) { return __syscall_ret(__syscall1(__NR_epoll_create, size)); }
int epoll_create1(int flags) { return __syscall_ret(__syscall1(__NR_epoll_create1, flags)); }

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)
{
	return __syscall_ret(__syscall4(__NR_epoll_ctl, epfd, op, fd, event));
}

int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)
{
	return __syscall_ret(__syscall4(__NR_epoll_wait, epfd, events, maxevents, timeout));
}

int epoll_pwait(int epfd, struct epoll_event *events, int maxevents, int timeout, const sigset_t *sigmask)
{
	return __syscall_ret(__syscall6(__NR_epoll_pwait, epfd, events, maxevents, timeout, sigmask, 8));
}
