/* epoll_server: one process serves N clients at once with a level-triggered
 * epoll instance holding the listener and every connection.  Each line a
 * client sends is answered "ok LINE"; at EOF the connection is removed
 * (EPOLL_CTL_DEL) and closed; the server exits once N clients have connected
 * and closed.  It prints totals and the sorted lines. */
#include "multi.h"
#include <sys/epoll.h>

static struct linebuf lb[64];

int main(int argc, char **argv)
{
	int nclients = argc > 1 ? atoi(argv[1]) : 3;
	int accepted = 0, closed = 0, i;
	long total = 0;
	struct epoll_event ev, evs[8];
	setvbuf(stdout, NULL, _IONBF, 0);
	int ls = unix_listen("int80-multi-epoll", 8);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0) die("epoll_create1");
	ev.events = EPOLLIN;
	ev.data.fd = ls;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev) < 0) die("epoll_ctl ADD ls");
	printf("server: listening\n");
	while (closed < nclients) {
		int n = epoll_wait(ep, evs, 8, -1);
		if (n <= 0) die("epoll_wait");
		for (i = 0; i < n; i++) {
			int fd = evs[i].data.fd;
			if (fd == ls) {
				int c = accept(ls, NULL, NULL);
				if (c < 0) die("accept");
				if (c >= 64) { printf("fd %d too large\n", c); return 1; }
				lb[c].n = 0;
				ev.events = EPOLLIN;
				ev.data.fd = c;
				if (epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev) < 0) die("epoll_ctl ADD");
				if (++accepted == nclients && epoll_ctl(ep, EPOLL_CTL_DEL, ls, NULL) < 0)
					die("epoll_ctl DEL ls");
				continue;
			}
			/* level-triggered: read what fits, the rest is reported again */
			char buf[8];
			ssize_t r = read(fd, buf, sizeof buf);
			if (r < 0) die("read");
			if (r > 0) { total += r; lines_feed(fd, &lb[fd], buf, r); continue; }
			if (epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL) < 0) die("epoll_ctl DEL");
			close(fd);
			closed++;
		}
	}
	printf("server: %d clients accepted, %d closed, %ld bytes\n", accepted, closed, total);
	lines_report();

	/* the epoll set is empty now: epoll_wait with a 50 ms timeout returns 0 */
	long t0 = now_ms();
	CHECK(epoll_wait(ep, evs, 8, 50));
	printf("server: epoll_wait timed out after >= 40 ms: %s\n", now_ms() - t0 >= 40 ? "yes" : "no");
	/* the listener back in (once: a second ADD is EEXIST); nobody connects,
	 * so a poll of the set with timeout 0 finds nothing */
	ev.events = EPOLLIN;
	ev.data.fd = ls;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev));
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev));
	CHECK(epoll_wait(ep, evs, 8, 0));
	CHECK(close(ep));
	CHECK(close(ls));
	return 0;
}
