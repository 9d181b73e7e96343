/* inet_bulk.c - 64 MiB through a TCP connection over 127.0.0.1, then through an AF_UNIX
 * stream socketpair, in one process: nonblocking sockets driven by poll(), writes and
 * reads of deterministic pseudo-random sizes (1 byte .. 256 KiB), every byte checked
 * against the stream's pattern and summed (Adler-32) on both sides. */
#include "common.h"
#include <poll.h>

#define TOTAL (64L << 20)
#define P 7111

static unsigned char wbuf[1 << 18], rbuf[1 << 18];
static unsigned rng = 1, seed;

/* a small LCG: the same sizes on every run and every kernel */
static unsigned rnd(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

/* sizes: mostly large, sometimes small, now and then tiny */
static long pick_size(void)
{
	unsigned r = rnd();
	switch (r & 7) {
	case 0: return 1 + (r >> 3) % 16;
	case 1: case 2: return 1 + (r >> 3) % 4096;
	default: return 1 + (r >> 3) % sizeof wbuf;
	}
}

/* byte i of the stream (seed: which stream) */
static inline unsigned char pattern(unsigned long i)
{
	return (unsigned char)((i * 2654435761u) >> 24 ^ (i >> 16) ^ seed);
}

struct adler { unsigned a, b; };

static void adler_add(struct adler *s, const unsigned char *p, long n)
{
	while (n > 0) {
		long k = n < 5552 ? n : 5552;
		n -= k;
		while (k--) { s->a += *p++; s->b += s->a; }
		s->a %= 65521;
		s->b %= 65521;
	}
}

static void transfer(const char *what, int w, int r)
{
	long sent = 0, got = 0, bad = 0, first_bad = -1;
	struct adler sum_out = { 1, 0 }, sum_in = { 1, 0 };
	int eof = 0, wclosed = 0;

	while (!eof) {
		struct pollfd p[2] = { { w, wclosed ? 0 : POLLOUT, 0 }, { r, POLLIN, 0 } };
		if (poll(p, 2, 5000) <= 0) {
			printf("%s: poll timed out: sent %ld got %ld\n", what, sent, got);
			return;
		}
		if (!wclosed && (p[0].revents & POLLOUT)) {
			long n = pick_size(), i;
			if (n > TOTAL - sent) n = TOTAL - sent;
			for (i = 0; i < n; i++) wbuf[i] = pattern(sent + i);
			n = (rnd() & 1) ? send(w, wbuf, n, MSG_NOSIGNAL) : write(w, wbuf, n);
			if (n < 0 && errno != EAGAIN) {
				printf("%s: send: %s\n", what, errname(errno));
				return;
			}
			if (n > 0) {
				adler_add(&sum_out, wbuf, n);
				sent += n;
			}
			if (sent == TOTAL) {
				shutdown(w, SHUT_WR);
				wclosed = 1;
			}
		}
		if (p[1].revents & (POLLIN | POLLHUP)) {
			long n = pick_size(), i;
			n = (rnd() & 1) ? recv(r, rbuf, n, 0) : read(r, rbuf, n);
			if (n < 0 && errno != EAGAIN) {
				printf("%s: recv: %s\n", what, errname(errno));
				return;
			}
			if (n == 0)
				eof = 1;
			for (i = 0; i < n; i++) {
				if (rbuf[i] != pattern(got + i)) {
					if (first_bad < 0) first_bad = got + i;
					bad++;
				}
			}
			if (n > 0) {
				adler_add(&sum_in, rbuf, n);
				got += n;
			}
		}
	}
	printf("%s: sent %ld bytes, adler32 %08x; received %ld bytes, adler32 %08x; bad bytes %ld (first at %ld)\n",
	       what, sent, (sum_out.b << 16) | sum_out.a, got, (sum_in.b << 16) | sum_in.a, bad, first_bad);
}

int main(void)
{
	struct sockaddr_in a;
	int l, c, s, sv[2], one = 1;

	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGPIPE, SIG_IGN);

	SECTION("tcp");
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons(P);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = CHECK(socket(AF_INET, SOCK_STREAM, 0));
	CHECK(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
	CHECK(bind(l, (struct sockaddr *)&a, sizeof a));
	CHECK(listen(l, 1));
	c = CHECK(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
	CHECK(connect(c, (struct sockaddr *)&a, sizeof a));
	s = CHECK(accept4(l, NULL, NULL, SOCK_NONBLOCK));
	rng = seed = 1;
	transfer("tcp c -> s", c, s);
	rng = seed = 2;
	transfer("tcp s -> c", s, c);
	CHECK(close(c));
	CHECK(close(s));
	CHECK(close(l));

	SECTION("unix");
	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv));
	rng = seed = 3;
	transfer("unix sv[0] -> sv[1]", sv[0], sv[1]);
	CHECK(close(sv[0]));
	CHECK(close(sv[1]));
	return 0;
}
