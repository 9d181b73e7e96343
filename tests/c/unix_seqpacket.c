/* unix_seqpacket.c - AF_UNIX SOCK_SEQPACKET: connection setup, record
 * boundaries, truncation (MSG_TRUNC flag in and out), zero-length records,
 * sendto on a connected socket, unconnected errors, shutdown, EOF, EPIPE,
 * EMSGSIZE, backlog. */
#include "common.h"

int main(void)
{
	struct sockaddr_un addr, peer;
	socklen_t alen, plen;
	char buf[64];
	struct msghdr mh;
	struct iovec iov;
	int l, c, a, u, v;

	setvbuf(stdout, NULL, _IONBF, 0);

	SECTION("setup");
	alen = un_abstract(&addr, "int80-seqpacket");
	l = CHECK(socket(AF_UNIX, SOCK_SEQPACKET, 0));
	u = CHECK(socket(AF_UNIX, SOCK_SEQPACKET, 0));
	CHECK(connect(u, (struct sockaddr *)&addr, alen));
	CHECK(bind(l, (struct sockaddr *)&addr, alen));
	CHECK(connect(u, (struct sockaddr *)&addr, alen));
	CHECK(listen(l, 2));
	c = CHECK(socket(AF_UNIX, SOCK_SEQPACKET, 0));
	CHECK(connect(c, (struct sockaddr *)&addr, alen));
	plen = sizeof peer;
	a = CHECK(accept(l, (struct sockaddr *)&peer, &plen));
	show_un("accept peer", &peer, plen);
	plen = sizeof peer;
	CHECK(getpeername(c, (struct sockaddr *)&peer, &plen));
	show_un("getpeername(c)", &peer, plen);

	SECTION("unconnected socket");
	CHECK(send(u, "x", 1, MSG_NOSIGNAL));
	CHECK(sendto(u, "x", 1, MSG_NOSIGNAL, (struct sockaddr *)&addr, alen));
	CHECK(recv(u, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(accept(u, NULL, NULL));
	CHECK(getpeername(u, (struct sockaddr *)&peer, &plen));
	CHECK(send(l, "x", 1, MSG_NOSIGNAL));
	CHECK(recv(l, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(listen(c, 1));
	CHECK(connect(c, (struct sockaddr *)&addr, alen));

	SECTION("record boundaries");
	CHECK(send(c, "first", 5, 0));
	CHECK(send(c, "second", 6, 0));
	CHECK(send(c, "", 0, 0));
	CHECK(send(c, "third", 5, 0));
	CHECK(ioctl(a, FIONREAD, &v));
	printf("FIONREAD: %d\n", v);
	CHECK(recv(a, buf, sizeof buf, 0));
	show_buf("a got", buf, 5);
	CHECK(recv(a, buf, sizeof buf, 0));
	show_buf("a got", buf, 6);
	CHECK(recv(a, buf, sizeof buf, 0));
	CHECK(recv(a, buf, sizeof buf, 0));
	show_buf("a got", buf, 5);
	CHECK(recv(a, buf, sizeof buf, MSG_DONTWAIT));

	SECTION("truncation");
	CHECK(send(c, "0123456789", 10, 0));
	CHECK(recv(a, buf, 3, MSG_PEEK));
	CHECK(recv(a, buf, 3, MSG_PEEK | MSG_TRUNC));
	memset(&mh, 0, sizeof mh);
	iov.iov_base = buf; iov.iov_len = 3;
	mh.msg_iov = &iov; mh.msg_iovlen = 1;
	CHECK(recvmsg(a, &mh, 0));
	show_msg_flags("msg_flags", mh.msg_flags);
	show_buf("a got", buf, 3);
	CHECK(recv(a, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(send(c, "0123456789", 10, 0));
	mh.msg_flags = 0;
	CHECK(recvmsg(a, &mh, MSG_TRUNC));
	show_msg_flags("msg_flags", mh.msg_flags);
	CHECK(send(c, "exact", 5, 0));
	iov.iov_len = 5;
	CHECK(recvmsg(a, &mh, 0));
	show_msg_flags("msg_flags", mh.msg_flags);

	SECTION("sendto on a connected seqpacket ignores the address");
	CHECK(sendto(c, "addr", 4, 0, (struct sockaddr *)&addr, alen));
	plen = sizeof peer;
	CHECK(recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *)&peer, &plen));
	printf("fromlen -> %u\n", (unsigned)plen);
	CHECK(send(a, "back", 4, 0));
	plen = sizeof peer;
	CHECK(recvfrom(c, buf, sizeof buf, 0, (struct sockaddr *)&peer, &plen));
	show_un("from", &peer, plen);

	SECTION("MSG_OOB");
	CHECK(send(c, "x", 1, MSG_OOB));
	CHECK(recv(a, buf, sizeof buf, MSG_OOB | MSG_DONTWAIT));

	SECTION("EMSGSIZE");
	v = 4096;
	CHECK(setsockopt(c, SOL_SOCKET, SO_SNDBUF, &v, sizeof v));
	{
		static char big[8192];
		CHECK(send(c, big, 8192 - 32 + 1, MSG_DONTWAIT));
		CHECK(send(c, big, 8192 - 32, MSG_DONTWAIT));
		CHECK(recv(a, big, sizeof big, MSG_DONTWAIT));
	}

	SECTION("shutdown and EOF");
	CHECK(send(c, "tail", 4, 0));
	CHECK(shutdown(c, SHUT_WR));
	CHECK(send(c, "x", 1, MSG_NOSIGNAL));
	CHECK(recv(a, buf, sizeof buf, 0));
	CHECK(recv(a, buf, sizeof buf, 0));
	CHECK(recv(a, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(send(a, "ok", 2, 0));
	CHECK(recv(c, buf, sizeof buf, 0));
	CHECK(shutdown(a, SHUT_RD));
	CHECK(recv(a, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(close(c));
	CHECK(recv(a, buf, sizeof buf, 0));
	CHECK(send(a, "x", 1, MSG_NOSIGNAL));
	CHECK(close(a));

	SECTION("backlog 2 admits 3 pending connections");
	{
		int k, fds[5];
		for (k = 0; k < 5; k++) {
			fds[k] = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0);
			CHECK(connect(fds[k], (struct sockaddr *)&addr, alen));
		}
		a = CHECK(accept(l, NULL, NULL));
		CHECK(send(fds[0], "hi", 2, 0));
		CHECK(recv(a, buf, sizeof buf, 0));
		CHECK(close(a));
		for (k = 0; k < 5; k++)
			close(fds[k]);
	}
	CHECK(close(l));
	CHECK(close(u));
	return 0;
}
