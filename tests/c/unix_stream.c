/* unix_stream.c - AF_UNIX SOCK_STREAM: listen/connect/accept, data transfer
 * with send/recv/read/write/readv/writev, byte-stream coalescing, MSG_PEEK,
 * MSG_WAITALL (data already queued), MSG_DONTWAIT, MSG_OOB, half-close,
 * EOF after close, ECONNRESET when closing with unread data, state errors. */
#include "common.h"

static const char *NAME = "int80-unix-stream";

int main(void)
{
	struct sockaddr_un addr, peer;
	socklen_t alen, plen;
	char buf[64];
	struct iovec iov[3];
	int l, c, a, c2, a2;

	setvbuf(stdout, NULL, _IONBF, 0);

	SECTION("setup");
	alen = un_abstract(&addr, NAME);
	l = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(bind(l, (struct sockaddr *)&addr, alen));
	CHECK(listen(l, 5));
	c = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(connect(c, (struct sockaddr *)&addr, alen));
	plen = sizeof peer;
	memset(&peer, 0x55, sizeof peer);
	a = CHECK(accept(l, (struct sockaddr *)&peer, &plen));
	show_un("accept peer (unbound client)", &peer, plen);
	plen = sizeof peer;
	CHECK(getpeername(c, (struct sockaddr *)&peer, &plen));
	show_un("getpeername(c)", &peer, plen);
	plen = sizeof peer;
	CHECK(getsockname(a, (struct sockaddr *)&peer, &plen));
	show_un("getsockname(a) (inherits listener name)", &peer, plen);

	SECTION("send/recv");
	CHECK(send(c, "hello", 5, 0));
	memset(buf, 0, sizeof buf);
	CHECK(recv(a, buf, sizeof buf, 0));
	show_buf("a got", buf, 5);
	CHECK(write(a, "world!", 6));
	CHECK(read(c, buf, sizeof buf));
	show_buf("c got", buf, 6);

	SECTION("stream coalesces writes");
	CHECK(send(c, "abc", 3, 0));
	CHECK(send(c, "def", 3, 0));
	CHECK(send(c, "gh", 2, 0));
	CHECK(recv(a, buf, sizeof buf, 0));
	show_buf("a got", buf, 8);

	SECTION("short reads leave the rest queued");
	CHECK(send(c, "0123456789", 10, 0));
	CHECK(recv(a, buf, 4, 0));
	show_buf("a got", buf, 4);
	CHECK(ioctl(a, FIONREAD, &plen));
	printf("FIONREAD: %u\n", (unsigned)plen);
	CHECK(recv(a, buf, sizeof buf, 0));
	show_buf("a got", buf, 6);

	SECTION("MSG_PEEK");
	CHECK(send(c, "peekaboo", 8, 0));
	CHECK(recv(a, buf, 4, MSG_PEEK));
	show_buf("peek", buf, 4);
	CHECK(recv(a, buf, sizeof buf, MSG_PEEK));
	show_buf("peek", buf, 8);
	CHECK(recv(a, buf, sizeof buf, 0));
	show_buf("a got", buf, 8);

	SECTION("MSG_WAITALL with data already queued");
	CHECK(send(c, "0123456789", 10, 0));
	CHECK(recv(a, buf, 10, MSG_WAITALL));
	show_buf("a got", buf, 10);

	SECTION("MSG_TRUNC on a stream is ignored");
	CHECK(send(c, "xyz", 3, 0));
	CHECK(recv(a, buf, 2, MSG_TRUNC));
	CHECK(recv(a, buf, sizeof buf, 0));
	show_buf("a got", buf, 1);

	SECTION("empty socket, nonblocking");
	CHECK(recv(a, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(recv(a, buf, 0, MSG_DONTWAIT));
	CHECK(send(c, buf, 0, 0));
	CHECK(recv(a, buf, sizeof buf, MSG_DONTWAIT));

	SECTION("readv/writev");
	iov[0].iov_base = "one-"; iov[0].iov_len = 4;
	iov[1].iov_base = "";     iov[1].iov_len = 0;
	iov[2].iov_base = "two";  iov[2].iov_len = 3;
	CHECK(writev(c, iov, 3));
	memset(buf, 0, sizeof buf);
	iov[0].iov_base = buf;      iov[0].iov_len = 2;
	iov[1].iov_base = buf + 10; iov[1].iov_len = 3;
	iov[2].iov_base = buf + 20; iov[2].iov_len = 10;
	CHECK(readv(a, iov, 3));
	show_buf("iov0", buf, 2);
	show_buf("iov1", buf + 10, 3);
	show_buf("iov2", buf + 20, 2);

	SECTION("MSG_OOB (supported on AF_UNIX stream since Linux 5.15)");
	CHECK(send(c, "A", 1, 0));
	CHECK(send(c, "!", 1, MSG_OOB));
	CHECK(recv(a, buf, 1, MSG_OOB | MSG_DONTWAIT));
	show_buf("oob", buf, 1);
	CHECK(recv(a, buf, sizeof buf, MSG_DONTWAIT));
	show_buf("inline", buf, 1);

	SECTION("state errors");
	CHECK(connect(c, (struct sockaddr *)&addr, alen));
	CHECK(listen(c, 5));
	CHECK(listen(a, 5));
	CHECK(connect(l, (struct sockaddr *)&addr, alen));
	CHECK(sendto(c, "x", 1, 0, (struct sockaddr *)&addr, alen));
	CHECK(send(l, "x", 1, MSG_NOSIGNAL));
	CHECK(recv(l, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(accept(c, NULL, NULL));
	CHECK(listen(l, 1));            /* re-listen just changes the backlog */
	c2 = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(send(c2, "x", 1, MSG_NOSIGNAL));
	CHECK(recv(c2, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(sendto(c2, "x", 1, MSG_NOSIGNAL, (struct sockaddr *)&addr, alen));
	CHECK(accept(c2, NULL, NULL));
	CHECK(shutdown(c2, SHUT_RDWR));
	CHECK(getpeername(c2, (struct sockaddr *)&peer, &plen));
	CHECK(close(c2));

	SECTION("half-close: shutdown(SHUT_WR)");
	CHECK(send(c, "last", 4, 0));
	CHECK(shutdown(c, SHUT_WR));
	CHECK(recv(a, buf, sizeof buf, 0));
	CHECK(recv(a, buf, sizeof buf, 0));
	CHECK(recv(a, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(send(c, "more", 4, MSG_NOSIGNAL));
	CHECK(send(a, "reply", 5, 0));
	CHECK(recv(c, buf, sizeof buf, 0));
	show_buf("c got", buf, 5);
	CHECK(shutdown(c, SHUT_WR));    /* again: no error */

	SECTION("shutdown(SHUT_RD)");
	CHECK(shutdown(c, SHUT_RD));
	CHECK(recv(c, buf, sizeof buf, 0));
	CHECK(recv(c, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(send(a, "dropped?", 8, MSG_NOSIGNAL));
	CHECK(recv(c, buf, sizeof buf, MSG_DONTWAIT));

	SECTION("EOF after peer close");
	CHECK(close(c));
	CHECK(recv(a, buf, sizeof buf, 0));
	CHECK(read(a, buf, sizeof buf));
	CHECK(send(a, "x", 1, MSG_NOSIGNAL));
	CHECK(send(a, "x", 0, MSG_NOSIGNAL));
	CHECK(recv(a, buf, 0, 0));
	CHECK(close(a));

	SECTION("queued data is still read before EOF");
	c = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(connect(c, (struct sockaddr *)&addr, alen));
	a = CHECK(accept(l, NULL, NULL));
	CHECK(send(c, "bye", 3, 0));
	CHECK(close(c));
	CHECK(recv(a, buf, sizeof buf, 0));
	show_buf("a got", buf, 3);
	CHECK(recv(a, buf, sizeof buf, 0));
	CHECK(close(a));

	SECTION("closing with unread data resets the peer");
	c2 = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(connect(c2, (struct sockaddr *)&addr, alen));
	a2 = CHECK(accept(l, NULL, NULL));
	CHECK(send(c2, "unread", 6, 0));
	CHECK(close(a2));
	CHECK(recv(c2, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(recv(c2, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(send(c2, "x", 1, MSG_NOSIGNAL));
	CHECK(close(c2));

	SECTION("accept after the client closed");
	c2 = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(connect(c2, (struct sockaddr *)&addr, alen));
	CHECK(send(c2, "ghost", 5, 0));
	CHECK(close(c2));
	a2 = CHECK(accept(l, NULL, NULL));
	CHECK(recv(a2, buf, sizeof buf, 0));
	CHECK(recv(a2, buf, sizeof buf, 0));
	CHECK(close(a2));

	SECTION("closing the listener with a pending connection");
	c2 = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(connect(c2, (struct sockaddr *)&addr, alen));
	CHECK(close(l));
	CHECK(recv(c2, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(recv(c2, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(send(c2, "x", 1, MSG_NOSIGNAL));
	c = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(connect(c, (struct sockaddr *)&addr, alen));
	CHECK(close(c2));
	CHECK(close(c));
	CHECK(close(c));
	return 0;
}
