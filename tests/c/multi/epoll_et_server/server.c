/* epoll_et_server: like epoll_server, but edge-triggered (EPOLLET) with
 * nonblocking sockets: at each event the server accepts until EAGAIN, and
 * reads each ready connection until EAGAIN (in 8-byte pieces) or EOF, since an
 * edge is reported once.  EPOLLRDHUP is asked for as well. */
#include "multi.h"
#include <sys/epoll.h>

static struct linebuf lb[64];

int main(int argc, char **argv)
{
	int nclients = argc > 1 ? atoi(argv[1]) : 3;
	int accepted = 0, closed = 0, i, bad = 0;
	long total = 0;
	struct epoll_event ev, evs[8];
	setvbuf(stdout, NULL, _IONBF, 0);
	int ls = unix_listen("int80-multi-epoll_et", 8);
	if (fcntl(ls, F_SETFL, O_NONBLOCK) < 0) die("fcntl");
	int ep = epoll_create1(0);
	if (ep < 0) die("epoll_create1");
	ev.events = EPOLLIN | EPOLLET;
	ev.data.fd = ls;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev) < 0) die("epoll_ctl ADD ls");
	printf("server: listening\n");
	while (closed < nclients) {
		int n = epoll_wait(ep, evs, 8, -1);
		if (n <= 0) die("epoll_wait");
		for (i = 0; i < n; i++) {
			int fd = evs[i].data.fd;
			if (fd == ls) {
				for (;;) {
					int c = accept4(ls, NULL, NULL, SOCK_NONBLOCK);
					if (c < 0 && errno == EAGAIN) break;
					if (c < 0) die("accept4");
					if (c >= 64) { printf("fd %d too large\n", c); return 1; }
					lb[c].n = 0;
					ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
					ev.data.fd = c;
					if (epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev) < 0) die("epoll_ctl ADD");
					accepted++;
				}
				continue;
			}
			/* edge-triggered: drain until EAGAIN or EOF */
			int eof = 0;
			for (;;) {
				char buf[8];
				ssize_t r = read(fd, buf, sizeof buf);
				if (r < 0 && errno == EAGAIN) break;
				if (r < 0) die("read");
				if (r == 0) { eof = 1; break; }
				total += r;
				lines_feed(fd, &lb[fd], buf, r);
			}
			/* the peer closed: EOF comes with EPOLLRDHUP */
			if (eof && !(evs[i].events & EPOLLRDHUP)) bad++;
			if (eof) {
				close(fd);   /* closing the last reference removes it from the set */
				closed++;
			}
		}
	}
	printf("server: %d clients accepted, %d closed, %ld bytes\n", accepted, closed, total);
	printf("server: EOF without EPOLLRDHUP: %d\n", bad);
	lines_report();
	long t0 = now_ms();
	CHECK(epoll_wait(ep, evs, 8, 50));
	printf("server: epoll_wait timed out after >= 40 ms: %s\n", now_ms() - t0 >= 40 ? "yes" : "no");
	CHECK(close(ep));
	CHECK(close(ls));
	return 0;
}
