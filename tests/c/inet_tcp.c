/* inet_tcp.c - AF_INET SOCK_STREAM over loopback in one process, nonblocking:
 * listen, nonblocking connect -> EINPROGRESS, SO_ERROR, accept, addresses,
 * send/recv, MSG_PEEK, MSG_WAITALL, half-close (FIN), EOF, close with unread
 * data -> RST -> ECONNRESET, connect to a closed port -> ECONNREFUSED,
 * EADDRINUSE and SO_REUSEADDR with TIME_WAIT, flow control, options. */
#include "common.h"
#include <netinet/tcp.h>
#include <poll.h>

static struct sockaddr_in sin4(const char *ip, int port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = inet_addr(ip);
	return a;
}

static void show_in(const char *what, const struct sockaddr_in *a, socklen_t len)
{
	int port = ntohs(a->sin_port);
	unsigned v = ntohl(a->sin_addr.s_addr);
	printf("%s: len=%u family=%d addr=%u.%u.%u.%u port=", what, (unsigned)len, a->sin_family,
	       v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
	if (port >= 32768 && port <= 60999) printf("ephemeral\n");
	else printf("%d\n", port);
}

static void show_poll(const char *what, int fd)
{
	struct pollfd p = { fd, POLLIN | POLLOUT | POLLRDHUP, 0 };
	poll(&p, 1, 0);
	printf("%s:%s%s%s%s%s\n", what, p.revents & POLLIN ? " IN" : "", p.revents & POLLOUT ? " OUT" : "",
	       p.revents & POLLRDHUP ? " RDHUP" : "", p.revents & POLLHUP ? " HUP" : "", p.revents & POLLERR ? " ERR" : "");
}

static int geti(int fd, int level, int opt)
{
	int v = -1;
	socklen_t len = sizeof v;
	if (getsockopt(fd, level, opt, &v, &len) < 0)
		return -errno;
	return v;
}

#define P 7101
#define R 7102

int main(void)
{
	struct sockaddr_in a, b, from;
	socklen_t len;
	char buf[256];
	static char big[1 << 20];
	int l, c, s, c2, s2, l2, val, n;

	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGPIPE, SIG_IGN);

	SECTION("listen");
	l = CHECK(socket(AF_INET, SOCK_STREAM, 0));
	printf("SO_RCVBUF %d SO_SNDBUF %d TCP_MAXSEG %d TCP_NODELAY %d IP_TTL %d\n", geti(l, SOL_SOCKET, SO_RCVBUF),
	       geti(l, SOL_SOCKET, SO_SNDBUF), geti(l, IPPROTO_TCP, TCP_MAXSEG), geti(l, IPPROTO_TCP, TCP_NODELAY),
	       geti(l, IPPROTO_IP, IP_TTL));
	a = sin4("127.0.0.1", P);
	CHECK(bind(l, (struct sockaddr *)&a, sizeof a));
	CHECK(listen(l, 5));
	printf("SO_ACCEPTCONN %d\n", geti(l, SOL_SOCKET, SO_ACCEPTCONN));
	CHECK(fcntl(l, F_SETFL, O_NONBLOCK));
	CHECK(accept(l, NULL, NULL));
	show_poll("poll(l)", l);

	SECTION("nonblocking connect");
	c = CHECK(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
	len = sizeof from;
	CHECK(getpeername(c, (struct sockaddr *)&from, &len));
	CHECK(recv(c, buf, sizeof buf, 0));
	CHECK(send(c, "x", 1, MSG_NOSIGNAL));
	CHECK(connect(c, (struct sockaddr *)&a, sizeof a));
	printf("SO_ERROR %d\n", geti(c, SOL_SOCKET, SO_ERROR));
	show_poll("poll(l)", l);
	show_poll("poll(c)", c);
	CHECK(connect(c, (struct sockaddr *)&a, sizeof a));
	CHECK(connect(c, (struct sockaddr *)&a, sizeof a));
	len = sizeof from;
	memset(&from, 0x55, sizeof from);
	s = CHECK(accept(l, (struct sockaddr *)&from, &len));
	show_in("accept peer", &from, len);
	CHECK(accept(l, NULL, NULL));
	len = sizeof from;
	CHECK(getsockname(s, (struct sockaddr *)&from, &len));
	show_in("getsockname(s)", &from, len);
	len = sizeof from;
	CHECK(getpeername(c, (struct sockaddr *)&from, &len));
	show_in("getpeername(c)", &from, len);
	len = sizeof from;
	CHECK(getsockname(c, (struct sockaddr *)&from, &len));
	show_in("getsockname(c)", &from, len);
	show_flags("s", s);
	/* Linux bounds the MSS by half the peer's largest window: only its order is printed */
	printf("c: TCP_MAXSEG > 1000 %d; s: TCP_MAXSEG > 1000 %d TCP_NODELAY %d SO_ACCEPTCONN %d\n", geti(c, IPPROTO_TCP, TCP_MAXSEG) > 1000,
	       geti(s, IPPROTO_TCP, TCP_MAXSEG) > 1000, geti(s, IPPROTO_TCP, TCP_NODELAY), geti(s, SOL_SOCKET, SO_ACCEPTCONN));

	SECTION("data");
	CHECK(send(c, "hello", 5, 0));
	CHECK(send(c, " world", 6, 0));
	show_poll("poll(s)", s);
	CHECK(ioctl(s, FIONREAD, &val));
	printf("FIONREAD %d\n", val);
	CHECK(recv(s, buf, 3, MSG_PEEK));
	show_buf("peek", buf, 3);
	CHECK(recv(s, buf, sizeof buf, MSG_PEEK));
	show_buf("peek", buf, 11);
	CHECK(recv(s, buf, 5, MSG_WAITALL));
	show_buf("s got", buf, 5);
	CHECK(recv(s, buf, sizeof buf, 0));
	show_buf("s got", buf, 6);
	CHECK(recv(s, buf, sizeof buf, MSG_DONTWAIT));
	val = 1;
	CHECK(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &val, sizeof val));
	printf("TCP_NODELAY %d\n", geti(c, IPPROTO_TCP, TCP_NODELAY));
	CHECK(write(s, "reply", 5));
	CHECK(read(c, buf, sizeof buf));
	show_buf("c got", buf, 5);

	SECTION("flow control");
	long sent = 0, got = 0;
	unsigned sum_out = 0, sum_in = 0;
	int i;
	for (i = 0; i < (int)sizeof big; i++)
		big[i] = (char)(i * 7 + (i >> 9));
	for (;;) {
		n = send(c, big, sizeof big, 0);
		if (n < 0)
			break;
		for (i = 0; i < n; i++) sum_out += (unsigned char)big[i];
		sent += n;
	}
	printf("send until full -> %s, sent > 0: %d\n", errname(errno), sent > 0);
	show_poll("poll(c) full", c);
	int refills = 0;
	for (;;) {
		n = recv(s, buf, sizeof buf, MSG_DONTWAIT);
		if (n <= 0) {
			/* the reader made room: the writer may send again (64 times; then the
			 * loop ends at the first EAGAIN, when everything sent has arrived) */
			if (n < 0 && errno == EAGAIN && refills++ < 64) {
				n = send(c, big, 1000, 0);
				if (n > 0) { for (i = 0; i < n; i++) sum_out += (unsigned char)big[i]; sent += n; continue; }
			}
			break;
		}
		for (i = 0; i < n; i++) sum_in += (unsigned char)buf[i];
		got += n;
		if (got > (8L << 20)) break;
	}
	printf("received == sent: %d, checksums equal: %d\n", got == sent, sum_in == sum_out);

	SECTION("half-close");
	CHECK(shutdown(c, SHUT_WR));
	CHECK(send(c, "x", 1, MSG_NOSIGNAL));
	show_poll("poll(s)", s);
	CHECK(recv(s, buf, sizeof buf, 0));
	CHECK(recv(s, buf, sizeof buf, 0));
	CHECK(send(s, "after fin", 9, 0));
	CHECK(recv(c, buf, sizeof buf, 0));
	show_buf("c got", buf, 9);
	CHECK(close(s));
	show_poll("poll(c)", c);
	CHECK(recv(c, buf, sizeof buf, 0));
	CHECK(close(c));

	SECTION("close with unread data -> RST");
	c = CHECK(socket(AF_INET, SOCK_STREAM, 0));
	CHECK(connect(c, (struct sockaddr *)&a, sizeof a));
	s = CHECK(accept(l, NULL, NULL));
	CHECK(send(c, "unread", 6, 0));
	CHECK(close(s));
	show_poll("poll(c)", c);
	CHECK(recv(c, buf, sizeof buf, 0));
	CHECK(recv(c, buf, sizeof buf, 0));
	CHECK(send(c, "x", 1, MSG_NOSIGNAL));
	CHECK(close(c));

	SECTION("peer closes: EOF, then EPIPE");
	c = CHECK(socket(AF_INET, SOCK_STREAM, 0));
	CHECK(connect(c, (struct sockaddr *)&a, sizeof a));
	s = CHECK(accept(l, NULL, NULL));
	CHECK(close(s));
	CHECK(recv(c, buf, sizeof buf, 0));
	CHECK(send(c, "x", 1, MSG_NOSIGNAL));
	CHECK(send(c, "x", 1, MSG_NOSIGNAL));
	CHECK(close(c));

	SECTION("connection refused");
	b = sin4("127.0.0.1", R);
	c = CHECK(socket(AF_INET, SOCK_STREAM, 0));
	CHECK(connect(c, (struct sockaddr *)&b, sizeof b));
	CHECK(connect(c, (struct sockaddr *)&b, sizeof b));
	CHECK(close(c));
	c = CHECK(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
	CHECK(connect(c, (struct sockaddr *)&b, sizeof b));
	show_poll("poll(c)", c);
	printf("SO_ERROR %s\n", errname(geti(c, SOL_SOCKET, SO_ERROR)));
	printf("SO_ERROR %s\n", errname(geti(c, SOL_SOCKET, SO_ERROR)));
	CHECK(close(c));
	c = CHECK(socket(AF_INET, SOCK_STREAM, 0));
	b = sin4("10.1.2.3", P);
	CHECK(bind(c, (struct sockaddr *)&b, sizeof b));
	CHECK(listen(c, 1));
	CHECK(listen(c, 1));
	CHECK(connect(c, (struct sockaddr *)&a, sizeof a));
	CHECK(close(c));

	SECTION("EADDRINUSE, TIME_WAIT, SO_REUSEADDR");
	l2 = CHECK(socket(AF_INET, SOCK_STREAM, 0));
	CHECK(bind(l2, (struct sockaddr *)&a, sizeof a));
	b = sin4("0.0.0.0", P);
	CHECK(bind(l2, (struct sockaddr *)&b, sizeof b));
	CHECK(close(l2));
	b = sin4("127.0.0.1", R);
	l2 = CHECK(socket(AF_INET, SOCK_STREAM, 0));
	val = 1;
	CHECK(setsockopt(l2, SOL_SOCKET, SO_REUSEADDR, &val, sizeof val));
	CHECK(bind(l2, (struct sockaddr *)&b, sizeof b));
	CHECK(listen(l2, 5));
	c2 = CHECK(socket(AF_INET, SOCK_STREAM, 0));
	CHECK(connect(c2, (struct sockaddr *)&b, sizeof b));
	s2 = CHECK(accept(l2, NULL, NULL));
	CHECK(close(s2));  /* the server closes first: its end goes to TIME_WAIT */
	CHECK(recv(c2, buf, sizeof buf, 0));
	CHECK(close(c2));
	CHECK(close(l2));
	l2 = CHECK(socket(AF_INET, SOCK_STREAM, 0));
	CHECK(bind(l2, (struct sockaddr *)&b, sizeof b));
	val = 1;
	CHECK(setsockopt(l2, SOL_SOCKET, SO_REUSEADDR, &val, sizeof val));
	CHECK(bind(l2, (struct sockaddr *)&b, sizeof b));
	CHECK(listen(l2, 5));
	c2 = CHECK(socket(AF_INET, SOCK_STREAM, 0));
	CHECK(setsockopt(c2, SOL_SOCKET, SO_REUSEADDR, &val, sizeof val));
	CHECK(bind(c2, (struct sockaddr *)&b, sizeof b));
	CHECK(close(c2));
	CHECK(close(l2));

	SECTION("options");
	val = 1000;
	CHECK(setsockopt(l, IPPROTO_TCP, TCP_MAXSEG, &val, sizeof val));
	printf("TCP_MAXSEG %d\n", geti(l, IPPROTO_TCP, TCP_MAXSEG));
	val = 10;
	CHECK(setsockopt(l, IPPROTO_TCP, TCP_MAXSEG, &val, sizeof val));
	val = 4096;
	CHECK(setsockopt(l, SOL_SOCKET, SO_RCVBUF, &val, sizeof val));
	printf("SO_RCVBUF %d\n", geti(l, SOL_SOCKET, SO_RCVBUF));
	printf("TCP_KEEPIDLE %d TCP_KEEPINTVL %d TCP_KEEPCNT %d\n", geti(l, IPPROTO_TCP, TCP_KEEPIDLE),
	       geti(l, IPPROTO_TCP, TCP_KEEPINTVL), geti(l, IPPROTO_TCP, TCP_KEEPCNT));
	printf("bad level %s, bad option %s\n", errname(-geti(l, IPPROTO_UDP, 1)), errname(-geti(l, IPPROTO_TCP, 9999)));
	CHECK(shutdown(l, SHUT_RD));
	CHECK(accept(l, NULL, NULL));
	CHECK(close(l));
	return 0;
}
