/* poll_server: one process serves N clients at once with poll(): the listener
 * and every connection in one pollfd array.  Each line a client sends is
 * answered "ok LINE"; a connection is closed at POLLHUP or EOF; the server exits
 * once N clients have connected and closed.  It prints totals and sorted lines. */
#include "multi.h"
#include <poll.h>

int main(int argc, char **argv)
{
	int nclients = argc > 1 ? atoi(argv[1]) : 3;
	struct pollfd pfd[17];
	struct linebuf lb[17];
	int n = 1, accepted = 0, closed = 0, i;
	long total = 0;
	setvbuf(stdout, NULL, _IONBF, 0);
	int ls = unix_listen("int80-multi-poll", 8);
	printf("server: listening\n");
	pfd[0].fd = ls;
	pfd[0].events = POLLIN;
	while (closed < nclients) {
		if (accepted == nclients) pfd[0].fd = -1;   /* negative fds are ignored */
		if (poll(pfd, (nfds_t)n, -1) <= 0) die("poll");
		if (pfd[0].revents & POLLIN) {
			int c = accept(ls, NULL, NULL);
			if (c < 0) die("accept");
			pfd[n].fd = c;
			pfd[n].events = POLLIN;
			pfd[n].revents = 0;
			lb[n].n = 0;
			n++;
			accepted++;
		}
		for (i = 1; i < n; i++) {
			if (!pfd[i].revents) continue;
			if (pfd[i].revents & ~(POLLIN | POLLHUP)) {
				printf("server: unexpected revents %#x\n", pfd[i].revents);
				return 1;
			}
			char buf[64];
			ssize_t r = read(pfd[i].fd, buf, sizeof buf);
			if (r < 0) die("read");
			if (r > 0) { total += r; lines_feed(pfd[i].fd, &lb[i], buf, r); continue; }
			close(pfd[i].fd);
			closed++;
			pfd[i] = pfd[--n];
			lb[i] = lb[n];
			i--;      /* look at the one moved here */
		}
	}
	printf("server: %d clients accepted, %d closed, %ld bytes\n", accepted, closed, total);
	lines_report();

	/* nobody connects any more: poll with a 50 ms timeout returns 0 */
	struct pollfd p = { ls, POLLIN, 0 };
	long t0 = now_ms();
	CHECK(poll(&p, 1, 50));
	printf("server: poll timed out after >= 40 ms: %s, revents %#x\n",
	       now_ms() - t0 >= 40 ? "yes" : "no", p.revents);
	/* a closed fd is reported as POLLNVAL */
	p.fd = 40;
	CHECK(poll(&p, 1, 0));
	printf("server: revents of a closed fd: %s\n", p.revents == POLLNVAL ? "POLLNVAL" : "other");
	CHECK(close(ls));
	return 0;
}
