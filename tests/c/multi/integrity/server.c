/* integrity server: echoes every byte of N connections (TCP on 127.0.0.1 and AF_UNIX),
 * multiplexed with poll() on nonblocking sockets, and prints the totals. */
#include "multi.h"
#include <poll.h>
#include <fcntl.h>

#define MAXC 8
#define BUF 65536

struct conn { int fd; char buf[BUF]; int len, off, eof; long echoed; };

static void nonblock(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

int main(int argc, char **argv)
{
	int want = argc > 1 ? atoi(argv[1]) : 4, accepted = 0, done = 0;
	static struct conn c[MAXC];
	long total = 0;
	setvbuf(stdout, NULL, _IONBF, 0);
	int lt = tcp_listen(47310, 8), lu = unix_listen("int80-multi-integrity", 8);
	nonblock(lt);
	nonblock(lu);
	printf("server: listening\n");
	while (done < want) {
		struct pollfd p[MAXC + 2];
		int n = 0;
		p[n++] = (struct pollfd){ .fd = lt, .events = POLLIN };
		p[n++] = (struct pollfd){ .fd = lu, .events = POLLIN };
		for (int i = 0; i < accepted; i++) {
			short ev = 0;
			if (c[i].fd < 0) { p[n++] = (struct pollfd){ .fd = -1 }; continue; }
			if (c[i].len < BUF && !c[i].eof) ev |= POLLIN;
			if (c[i].len > c[i].off) ev |= POLLOUT;
			p[n++] = (struct pollfd){ .fd = c[i].fd, .events = ev };
		}
		if (poll(p, n, -1) < 0) die("poll");
		for (int k = 0; k < 2; k++) {
			if (!(p[k].revents & POLLIN)) continue;
			int fd = accept(p[k].fd, NULL, NULL);
			if (fd < 0) continue;
			nonblock(fd);
			c[accepted] = (struct conn){ .fd = fd };
			accepted++;
		}
		for (int i = 0; i < accepted; i++) {
			struct conn *x = &c[i];
			short re = p[2 + i].revents;
			if (x->fd < 0 || !re) continue;
			if ((re & (POLLIN | POLLHUP)) && x->len < BUF && !x->eof) {
				if (x->off == x->len) x->off = x->len = 0;
				ssize_t r = read(x->fd, x->buf + x->len, BUF - x->len);
				if (r > 0) x->len += r;
				else if (r == 0) x->eof = 1;
				else if (errno != EAGAIN) die("read");
			}
			if (x->len > x->off) {
				ssize_t w = write(x->fd, x->buf + x->off, x->len - x->off);
				if (w > 0) { x->off += w; x->echoed += w; }
				else if (w < 0 && errno != EAGAIN) die("write");
				if (x->off == x->len) x->off = x->len = 0;
			}
			if (x->eof && x->len == x->off) {
				close(x->fd);
				x->fd = -1;
				total += x->echoed;
				done++;
			}
		}
	}
	printf("server: %d connections, %ld bytes echoed\n", done, total);
	close(lt);
	close(lu);
	return 0;
}
