/* poll(2), select(2) and epoll(7) on sockets in one process: readiness bits as Linux
 * reports them, timeouts of 0, edge- and level-triggered epoll, EPOLLONESHOT, and the
 * errors of each call. Nothing here waits (every timeout is 0). */
#include "common.h"
#include <poll.h>
#include <sys/select.h>
#include <sys/epoll.h>

static void show_revents(const char *what, short re)
{
	printf("%s:%s%s%s%s%s%s%s\n", what, re & POLLIN ? " POLLIN" : "", re & POLLOUT ? " POLLOUT" : "",
	       re & POLLERR ? " POLLERR" : "", re & POLLHUP ? " POLLHUP" : "", re & POLLNVAL ? " POLLNVAL" : "",
	       re & POLLRDHUP ? " POLLRDHUP" : "", re ? "" : " (none)");
}

static void show_events(const char *what, unsigned ev)
{
	printf("%s:%s%s%s%s%s\n", what, ev & EPOLLIN ? " EPOLLIN" : "", ev & EPOLLOUT ? " EPOLLOUT" : "",
	       ev & EPOLLERR ? " EPOLLERR" : "", ev & EPOLLHUP ? " EPOLLHUP" : "", ev & EPOLLRDHUP ? " EPOLLRDHUP" : "");
}

int main(void)
{
	int sv[2], ep;
	char buf[64];
	struct pollfd p[3];
	struct epoll_event ev, out[4];
	fd_set r, w;
	struct timeval tv = { 0, 0 };
	setvbuf(stdout, NULL, _IONBF, 0);

	SECTION("poll");
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	p[0] = (struct pollfd){ .fd = sv[0], .events = POLLIN | POLLOUT | POLLRDHUP };
	p[1] = (struct pollfd){ .fd = 99, .events = POLLIN };
	p[2] = (struct pollfd){ .fd = -1, .events = POLLIN };
	CHECK(poll(p, 3, 0));
	show_revents("sv[0] idle", p[0].revents);
	show_revents("fd 99", p[1].revents);
	show_revents("fd -1", p[2].revents);
	CHECK(send(sv[1], "x", 1, 0));
	CHECK(poll(p, 1, 0));
	show_revents("sv[0] with data", p[0].revents);
	CHECK(shutdown(sv[1], SHUT_WR));
	CHECK(poll(p, 1, 0));
	show_revents("sv[0] after peer SHUT_WR", p[0].revents);
	CHECK(close(sv[1]));
	CHECK(poll(p, 1, 0));
	show_revents("sv[0] after peer close", p[0].revents);
	CHECK(poll(NULL, 0, 0));
	CHECK(poll((struct pollfd *)1, 1, 0));
	CHECK(poll(p, 0x7fffffff, 0));
	CHECK(close(sv[0]));

	SECTION("select");
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	FD_ZERO(&r); FD_ZERO(&w);
	FD_SET(sv[0], &r); FD_SET(sv[0], &w);
	CHECK(select(sv[0] + 1, &r, &w, NULL, &tv));
	printf("readable %d writable %d\n", FD_ISSET(sv[0], &r) != 0, FD_ISSET(sv[0], &w) != 0);
	CHECK(write(sv[1], "y", 1));
	FD_ZERO(&r); FD_SET(sv[0], &r);
	CHECK(select(sv[0] + 1, &r, NULL, NULL, &tv));
	printf("readable %d\n", FD_ISSET(sv[0], &r) != 0);
	FD_ZERO(&r); FD_SET(40, &r);
	CHECK(select(41, &r, NULL, NULL, &tv));
	CHECK(select(-1, NULL, NULL, NULL, &tv));
	tv.tv_usec = -1;
	CHECK(select(1, NULL, NULL, NULL, &tv));
	tv.tv_usec = 0;
	CHECK(close(sv[0])); CHECK(close(sv[1]));

	SECTION("epoll, level-triggered");
	CHECK(epoll_create(0));
	CHECK(epoll_create1(12345));
	ep = CHECK(epoll_create1(EPOLL_CLOEXEC));
	printf("FD_CLOEXEC: %d\n", fcntl(ep, F_GETFD) & FD_CLOEXEC);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv));
	ev = (struct epoll_event){ .events = EPOLLIN, .data.u64 = 0x1122334455667788ull };
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev));
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev));
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, sv[1], &ev));
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, sv[1], NULL));
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev));
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, 99, &ev));
	CHECK(epoll_ctl(sv[1], EPOLL_CTL_ADD, sv[0], &ev));
	CHECK(epoll_ctl(ep, 77, sv[0], &ev));
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], (struct epoll_event *)1));
	CHECK(epoll_wait(ep, out, 4, 0));
	CHECK(send(sv[1], "abc", 3, 0));
	CHECK(epoll_wait(ep, out, 4, 0));
	show_events("event", out[0].events);
	printf("data %s\n", out[0].data.u64 == 0x1122334455667788ull ? "kept" : "lost");
	CHECK(epoll_wait(ep, out, 4, 0));   /* level-triggered: still readable */
	CHECK(recv(sv[0], buf, sizeof buf, 0));
	CHECK(epoll_wait(ep, out, 4, 0));
	CHECK(epoll_wait(ep, out, 0, 0));
	CHECK(epoll_wait(99, out, 4, 0));
	CHECK(epoll_wait(sv[0], out, 4, 0));
	CHECK(epoll_wait(ep, (struct epoll_event *)1, 4, 0));

	SECTION("epoll, edge-triggered and one-shot");
	ev = (struct epoll_event){ .events = EPOLLIN | EPOLLET, .data.fd = sv[0] };
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, sv[0], &ev));
	CHECK(send(sv[1], "d", 1, 0));
	CHECK(epoll_wait(ep, out, 4, 0));
	CHECK(epoll_wait(ep, out, 4, 0));   /* no new edge */
	CHECK(send(sv[1], "e", 1, 0));
	CHECK(epoll_wait(ep, out, 4, 0));   /* a new edge */
	CHECK(recv(sv[0], buf, sizeof buf, 0));
	ev = (struct epoll_event){ .events = EPOLLIN | EPOLLONESHOT, .data.fd = sv[0] };
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, sv[0], &ev));
	CHECK(send(sv[1], "f", 1, 0));
	CHECK(epoll_wait(ep, out, 4, 0));
	CHECK(epoll_wait(ep, out, 4, 0));   /* disabled after one report */
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, sv[0], &ev));
	CHECK(epoll_wait(ep, out, 4, 0));   /* re-armed: still readable */
	ev = (struct epoll_event){ .events = EPOLLOUT | EPOLLRDHUP, .data.fd = sv[0] };
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, sv[0], &ev));
	CHECK(close(sv[1]));
	CHECK(epoll_wait(ep, out, 4, 0));
	show_events("after peer close", out[0].events);
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, sv[0], NULL));
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, sv[0], NULL));
	CHECK(close(sv[0]));
	CHECK(close(ep));
	return 0;
}
