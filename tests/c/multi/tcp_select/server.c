/* tcp_select: the select_server scenario over TCP on 127.0.0.1:PORT.  One
 * process serves N clients at once with select(): the listener and every
 * connection in one read set.  Each line a client sends is answered "ok LINE";
 * the server exits once N clients have connected and closed.  Clients run in
 * any order, so it prints totals and the sorted lines. */
#include "multi.h"
#include <sys/select.h>

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 47302;
	int nclients = argc > 2 ? atoi(argv[2]) : 3;
	int conns[16], nconns = 0, accepted = 0, closed = 0, i;
	struct linebuf lb[16];
	long total = 0;
	setvbuf(stdout, NULL, _IONBF, 0);
	int ls = tcp_listen(port, 8);
	printf("server: listening\n");
	while (closed < nclients) {
		fd_set rd;
		int maxfd = -1;
		FD_ZERO(&rd);
		if (accepted < nclients) { FD_SET(ls, &rd); maxfd = ls; }
		for (i = 0; i < nconns; i++) {
			FD_SET(conns[i], &rd);
			if (conns[i] > maxfd) maxfd = conns[i];
		}
		int n = select(maxfd + 1, &rd, NULL, NULL, NULL);
		if (n <= 0) die("select");
		if (accepted < nclients && FD_ISSET(ls, &rd)) {
			int c = accept(ls, NULL, NULL);
			if (c < 0) die("accept");
			lb[nconns].n = 0;
			conns[nconns++] = c;
			accepted++;
		}
		for (i = 0; i < nconns; i++) {
			if (!FD_ISSET(conns[i], &rd)) continue;
			char buf[64];
			ssize_t r = read(conns[i], buf, sizeof buf);
			if (r < 0) die("read");
			if (r > 0) { total += r; lines_feed(conns[i], &lb[i], buf, r); continue; }
			close(conns[i]);
			closed++;
			/* move the last connection here; if it is readable too, it
			 * is read in the next round (select reports it again) */
			conns[i] = conns[--nconns];
			lb[i] = lb[nconns];
			FD_CLR(conns[i], &rd);
			i--;
		}
	}
	printf("server: %d clients accepted, %d closed, %ld bytes\n", accepted, closed, total);
	lines_report();

	/* nobody connects any more: a select with a 50 ms timeout returns 0 */
	fd_set rd;
	struct timeval tv = { 0, 50000 };
	FD_ZERO(&rd);
	FD_SET(ls, &rd);
	long t0 = now_ms();
	CHECK(select(ls + 1, &rd, NULL, NULL, &tv));
	printf("server: select timed out after >= 40 ms: %s, ls set: %d\n",
	       now_ms() - t0 >= 40 ? "yes" : "no", FD_ISSET(ls, &rd) ? 1 : 0);
	CHECK(close(ls));
	return 0;
}
