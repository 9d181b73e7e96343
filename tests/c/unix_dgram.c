/* unix_dgram.c - AF_UNIX SOCK_DGRAM: sendto/recvfrom with abstract names,
 * message boundaries, MSG_TRUNC, MSG_PEEK, FIONREAD, sender address (bound and
 * unbound), connect/disconnect (AF_UNSPEC), the "peer is connected elsewhere"
 * EPERM rule, dead peer, shutdown, EMSGSIZE threshold (sndbuf - 32), a full
 * receive queue (EAGAIN), type mismatch (EPROTOTYPE). */
#include "common.h"

static char big[300000];

int main(void)
{
	struct sockaddr_un sa, ca, xa, none, from;
	socklen_t salen, calen, xalen, nlen, flen;
	char buf[64];
	int s, c, x, n, i, v;
	long r;

	setvbuf(stdout, NULL, _IONBF, 0);

	SECTION("setup");
	salen = un_abstract(&sa, "int80-dgram-srv");
	calen = un_abstract(&ca, "int80-dgram-cli");
	xalen = un_abstract(&xa, "int80-dgram-x");
	nlen = un_abstract(&none, "int80-dgram-nobody");
	s = CHECK(socket(AF_UNIX, SOCK_DGRAM, 0));
	c = CHECK(socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK(bind(s, (struct sockaddr *)&sa, salen));
	CHECK(bind(c, (struct sockaddr *)&ca, calen));

	SECTION("sendto/recvfrom");
	CHECK(sendto(c, "one", 3, 0, (struct sockaddr *)&sa, salen));
	flen = sizeof from;
	memset(&from, 0, sizeof from);
	CHECK(recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen));
	show_buf("s got", buf, 3);
	show_un("from", &from, flen);
	flen = 4;       /* too short: truncated copy, real length reported */
	CHECK(sendto(c, "two", 3, 0, (struct sockaddr *)&sa, salen));
	CHECK(recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen));
	printf("short fromlen -> %u\n", (unsigned)flen);

	SECTION("message boundaries");
	CHECK(sendto(c, "a", 1, 0, (struct sockaddr *)&sa, salen));
	CHECK(sendto(c, "bc", 2, 0, (struct sockaddr *)&sa, salen));
	CHECK(sendto(c, "", 0, 0, (struct sockaddr *)&sa, salen));
	CHECK(sendto(c, "def", 3, 0, (struct sockaddr *)&sa, salen));
	CHECK(ioctl(s, FIONREAD, &v));
	printf("FIONREAD: %d\n", v);
	CHECK(recv(s, buf, sizeof buf, 0));
	CHECK(recv(s, buf, sizeof buf, 0));
	CHECK(recv(s, buf, sizeof buf, 0));
	CHECK(recv(s, buf, sizeof buf, 0));
	show_buf("last", buf, 3);
	CHECK(recv(s, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(ioctl(s, FIONREAD, &v));
	printf("FIONREAD: %d\n", v);

	SECTION("MSG_TRUNC and MSG_PEEK");
	CHECK(sendto(c, "0123456789", 10, 0, (struct sockaddr *)&sa, salen));
	CHECK(recv(s, buf, 4, MSG_PEEK));
	CHECK(recv(s, buf, 4, MSG_PEEK | MSG_TRUNC));
	CHECK(recv(s, buf, 4, 0));
	show_buf("s got", buf, 4);
	CHECK(recv(s, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(sendto(c, "0123456789", 10, 0, (struct sockaddr *)&sa, salen));
	CHECK(recv(s, buf, 4, MSG_TRUNC));
	CHECK(sendto(c, "abc", 3, 0, (struct sockaddr *)&sa, salen));
	CHECK(recv(s, NULL, 0, MSG_TRUNC));
	CHECK(sendto(c, "abc", 3, 0, (struct sockaddr *)&sa, salen));
	CHECK(read(s, buf, 1));
	CHECK(recv(s, buf, sizeof buf, MSG_DONTWAIT));

	SECTION("unbound sender");
	x = CHECK(socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK(sendto(x, "anon", 4, 0, (struct sockaddr *)&sa, salen));
	flen = sizeof from;
	CHECK(recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen));
	printf("fromlen (unbound sender) -> %u\n", (unsigned)flen);
	flen = sizeof from;
	CHECK(getsockname(x, (struct sockaddr *)&from, &flen));
	printf("getsockname(x) len -> %u\n", (unsigned)flen);

	SECTION("errors without a peer");
	CHECK(send(x, "x", 1, 0));
	CHECK(write(x, "x", 1));
	CHECK(sendto(x, "x", 1, 0, (struct sockaddr *)&none, nlen));
	CHECK(getpeername(x, (struct sockaddr *)&from, &flen));
	CHECK(recv(x, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(listen(s, 1));
	CHECK(accept(s, NULL, NULL));
	CHECK(send(c, "x", 1, MSG_OOB));

	SECTION("connect / default destination / AF_UNSPEC");
	CHECK(connect(c, (struct sockaddr *)&sa, salen));
	CHECK(connect(c, (struct sockaddr *)&sa, salen));       /* reconnect is fine */
	CHECK(send(c, "via-connect", 11, 0));
	CHECK(write(c, "via-write", 9));
	CHECK(recv(s, buf, sizeof buf, 0));
	CHECK(recv(s, buf, sizeof buf, 0));
	flen = sizeof from;
	CHECK(getpeername(c, (struct sockaddr *)&from, &flen));
	show_un("getpeername(c)", &from, flen);
	CHECK(bind(x, (struct sockaddr *)&xa, xalen));
	CHECK(sendto(c, "to-x", 4, 0, (struct sockaddr *)&xa, xalen)); /* explicit address wins */
	CHECK(recv(x, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(sendto(x, "to-c", 4, 0, (struct sockaddr *)&ca, calen)); /* c is connected to s */
	CHECK(sendto(s, "to-c", 4, 0, (struct sockaddr *)&ca, calen));
	CHECK(recv(c, buf, sizeof buf, MSG_DONTWAIT));
	none.sun_family = AF_UNSPEC;
	CHECK(connect(c, (struct sockaddr *)&none, sizeof(sa_family_t)));
	none.sun_family = AF_UNIX;
	CHECK(getpeername(c, (struct sockaddr *)&from, &flen));
	CHECK(send(c, "x", 1, 0));
	CHECK(sendto(x, "to-c", 4, 0, (struct sockaddr *)&ca, calen));
	CHECK(recv(c, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(connect(c, (struct sockaddr *)&none, nlen));

	SECTION("type mismatch");
	i = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(connect(i, (struct sockaddr *)&sa, salen));
	CHECK(close(i));

	SECTION("dead peer");
	CHECK(connect(c, (struct sockaddr *)&xa, xalen));
	CHECK(close(x));
	CHECK(send(c, "x", 1, 0));
	CHECK(send(c, "x", 1, 0));
	CHECK(recv(c, buf, sizeof buf, MSG_DONTWAIT));

	SECTION("shutdown");
	CHECK(shutdown(c, SHUT_WR));
	CHECK(sendto(c, "x", 1, MSG_NOSIGNAL, (struct sockaddr *)&sa, salen));
	CHECK(sendto(s, "y", 1, 0, (struct sockaddr *)&ca, calen));
	CHECK(recv(c, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(shutdown(c, SHUT_RD));
	CHECK(recv(c, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(recv(c, buf, sizeof buf, 0));
	CHECK(shutdown(s, SHUT_RD));
	x = CHECK(socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK(sendto(x, "z", 1, 0, (struct sockaddr *)&sa, salen));
	CHECK(recv(s, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(close(x));
	CHECK(close(c));
	CHECK(close(s));

	SECTION("EMSGSIZE: a datagram must fit in sndbuf - 32");
	s = CHECK(socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK(bind(s, (struct sockaddr *)&sa, salen));
	c = CHECK(socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK(connect(c, (struct sockaddr *)&sa, salen));
	CHECK(send(c, big, 212992 - 32 + 1, MSG_DONTWAIT));
	CHECK(send(c, big, 212992 - 32, MSG_DONTWAIT));
	CHECK(recv(s, big, sizeof big, MSG_DONTWAIT));
	v = 4096;
	CHECK(setsockopt(c, SOL_SOCKET, SO_SNDBUF, &v, sizeof v));
	CHECK(send(c, big, 8192 - 32 + 1, MSG_DONTWAIT));
	CHECK(send(c, big, 8192 - 32, MSG_DONTWAIT));
	CHECK(recv(s, big, sizeof big, MSG_DONTWAIT));
	CHECK(sendto(c, big, 8192 - 32 + 1, MSG_DONTWAIT, (struct sockaddr *)&sa, salen));

	SECTION("full receive queue");
	v = 1 << 20;
	CHECK(setsockopt(c, SOL_SOCKET, SO_SNDBUF, &v, sizeof v));
	for (n = 0; n < 10000; n++) {
		r = send(c, "q", 1, MSG_DONTWAIT);
		if (r != 1)
			break;
	}
	printf("1-byte datagrams queued before failure: %d (%s)\n", n,
	       r < 0 ? errname(errno) : "no failure");
	CHECK(send(c, "q", 1, MSG_DONTWAIT));
	CHECK(recv(s, buf, sizeof buf, 0));
	CHECK(send(c, "q", 1, MSG_DONTWAIT));
	for (i = 0; recv(s, buf, sizeof buf, MSG_DONTWAIT) == 1; i++)
		;
	printf("drained: %d (%s)\n", i, errname(errno));
	CHECK(close(c));
	CHECK(close(s));
	return 0;
}
