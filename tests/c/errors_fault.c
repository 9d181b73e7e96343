/* errors_fault.c - EFAULT from every call that dereferences a user pointer,
 * with an address in the first page (1) and one past user memory
 * (0xfffff000), on live AF_UNIX sockets.  Also what happens to the data or
 * the connection when the copy-out fails after the work was done (recv on a
 * stream keeps the bytes, recv on a datagram socket loses the datagram,
 * accept loses the connection), and which calls never touch the pointer
 * (zero lengths, EAGAIN before the copy). */
#include "common.h"

static void *bad[2];

int main(void)
{
	struct sockaddr_un addr, a;
	socklen_t alen, len;
	int l, c, acc, sv[2], dv[2], i, v;
	char buf[32];
	struct msghdr mh;
	struct iovec iov;
	struct mmsghdr mm[2];

	setvbuf(stdout, NULL, _IONBF, 0);
	bad[0] = BADPTR1;
	bad[1] = BADPTR2;
	alen = un_abstract(&addr, "int80-fault");
	l = CHECK(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0));
	CHECK(bind(l, (struct sockaddr *)&addr, alen));
	CHECK(listen(l, 8));
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, dv));
	c = CHECK(socket(AF_UNIX, SOCK_DGRAM, 0));

	for (i = 0; i < 2; i++) {
		void *p = bad[i];
		printf("== bad pointer #%d\n", i + 1);
		CHECK(bind(c, p, alen));
		CHECK(connect(c, p, alen));
		CHECK(accept(l, p, p));                 /* nothing pending: EAGAIN first */
		len = sizeof a;
		CHECK(getsockname(sv[0], p, &len));
		len = sizeof a;
		CHECK(getsockname(sv[0], (struct sockaddr *)&a, p));
		len = sizeof a;
		CHECK(getpeername(sv[0], p, &len));
		len = sizeof a;
		CHECK(getpeername(sv[0], (struct sockaddr *)&a, p));
		CHECK(send(sv[0], p, 5, 0));
		CHECK(write(sv[0], p, 5));
		CHECK(sendto(dv[0], p, 5, 0, NULL, 0));
		CHECK(sendto(c, "x", 1, 0, p, alen));
		CHECK(recv(sv[1], p, 5, MSG_DONTWAIT));     /* empty: EAGAIN first */
		CHECK(setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, p, sizeof(int)));
		len = sizeof v;
		CHECK(getsockopt(c, SOL_SOCKET, SO_TYPE, p, &len));
		CHECK(getsockopt(c, SOL_SOCKET, SO_TYPE, &v, p));
		CHECK(sendmsg(sv[0], p, 0));
		CHECK(recvmsg(sv[1], p, MSG_DONTWAIT));
		CHECK(sendmmsg(dv[0], p, 1, 0));
		CHECK(recvmmsg(dv[1], p, 1, MSG_DONTWAIT, NULL));
		CHECK(writev(sv[0], p, 1));
		CHECK(readv(sv[1], p, 1));
		CHECK(ioctl(sv[1], FIONREAD, p));
		CHECK(ioctl(sv[1], FIONBIO, p));

		memset(&mh, 0, sizeof mh);
		mh.msg_iov = p; mh.msg_iovlen = 1;
		CHECK(sendmsg(sv[0], &mh, 0));
		CHECK(recvmsg(sv[1], &mh, MSG_DONTWAIT));
		iov.iov_base = p; iov.iov_len = 4;
		mh.msg_iov = &iov;
		CHECK(sendmsg(sv[0], &mh, 0));
		CHECK(sendmsg(dv[0], &mh, 0));
		iov.iov_base = buf;
		mh.msg_name = p; mh.msg_namelen = alen;
		CHECK(sendmsg(c, &mh, 0));
		mh.msg_name = NULL; mh.msg_namelen = 0;
		mh.msg_control = p; mh.msg_controllen = 16;
		CHECK(sendmsg(sv[0], &mh, 0));
		mh.msg_control = NULL; mh.msg_controllen = 0;
		/* raw syscall: glibc converts the timeout in user space first */
		CHECK(syscall(NR_recvmmsg, dv[1], mm, 1, MSG_DONTWAIT, p));
	}

	SECTION("zero lengths never touch the pointer");
	CHECK(send(sv[0], BADPTR1, 0, 0));
	CHECK(write(sv[0], BADPTR1, 0));
	CHECK(sendto(dv[0], BADPTR1, 0, 0, NULL, 0));
	CHECK(recv(dv[1], BADPTR1, 0, MSG_DONTWAIT));
	CHECK(bind(c, BADPTR1, 0));
	CHECK(connect(c, BADPTR1, 0));
	CHECK(setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, BADPTR1, 0));
	CHECK(sendmmsg(dv[0], BADPTR1, 0, 0));
	CHECK(writev(sv[0], BADPTR1, 0));

	SECTION("stream: a failed copy-out leaves the bytes queued");
	CHECK(send(sv[0], "keep", 4, 0));
	CHECK(recv(sv[1], BADPTR1, 4, 0));
	CHECK(read(sv[1], BADPTR2, 4));
	CHECK(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
	show_buf("got", buf, 4);

	SECTION("dgram: a failed copy-out drops the datagram");
	CHECK(send(dv[0], "lost", 4, 0));
	CHECK(send(dv[0], "next", 4, 0));
	CHECK(recv(dv[1], BADPTR1, 4, 0));
	CHECK(recv(dv[1], buf, sizeof buf, MSG_DONTWAIT));
	show_buf("got", buf, 4);
	CHECK(send(dv[0], "peek", 4, 0));
	CHECK(recv(dv[1], BADPTR1, 4, MSG_PEEK));
	CHECK(recv(dv[1], buf, sizeof buf, MSG_DONTWAIT));
	CHECK(sendto(c, "addr", 4, 0, (struct sockaddr *)&addr, alen));  /* l is a stream */

	SECTION("recvfrom: bad address buffer after the data was taken");
	CHECK(send(dv[0], "from", 4, 0));
	CHECK(recvfrom(dv[1], buf, sizeof buf, 0, BADPTR1, &len));
	CHECK(recv(dv[1], buf, sizeof buf, MSG_DONTWAIT));
	CHECK(send(dv[0], "from", 4, 0));
	CHECK(recvfrom(dv[1], buf, sizeof buf, 0, (struct sockaddr *)&a, BADPTR1));
	CHECK(recv(dv[1], buf, sizeof buf, MSG_DONTWAIT));

	CHECK(bind(c, (struct sockaddr *)&a, un_abstract(&a, "int80-fault-c")));
	i = CHECK(socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK(bind(i, (struct sockaddr *)&a, un_abstract(&a, "int80-fault-r")));
	CHECK(sendto(c, "named", 5, 0, (struct sockaddr *)&a, un_abstract(&a, "int80-fault-r")));
	len = sizeof a;
	CHECK(recvfrom(i, buf, sizeof buf, 0, BADPTR1, &len));
	CHECK(recv(i, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(close(i));

	SECTION("sendmmsg: a bad second entry after a good first");
	memset(mm, 0, sizeof mm);
	iov.iov_base = "good"; iov.iov_len = 4;
	mm[0].msg_hdr.msg_iov = &iov; mm[0].msg_hdr.msg_iovlen = 1;
	mm[1].msg_hdr.msg_iov = BADPTR1; mm[1].msg_hdr.msg_iovlen = 1;
	CHECK(sendmmsg(dv[0], mm, 2, 0));
	printf("msg_len[0] = %u\n", mm[0].msg_len);
	CHECK(sendmmsg(dv[0], mm + 1, 1, 0));
	CHECK(recv(dv[1], buf, sizeof buf, MSG_DONTWAIT));
	CHECK(recv(dv[1], buf, sizeof buf, MSG_DONTWAIT));

	SECTION("accept: a bad address buffer loses the connection");
	i = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(connect(i, (struct sockaddr *)&addr, alen));
	CHECK(send(i, "hello", 5, 0));
	len = sizeof a;
	CHECK(accept(l, BADPTR1, &len));
	CHECK(accept(l, NULL, NULL));
	CHECK(recv(i, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(send(i, "x", 1, MSG_NOSIGNAL));
	CHECK(close(i));
	i = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(connect(i, (struct sockaddr *)&addr, alen));
	CHECK(accept(l, (struct sockaddr *)&a, BADPTR1));
	CHECK(accept(l, NULL, NULL));
	CHECK(close(i));
	i = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(connect(i, (struct sockaddr *)&addr, alen));
	acc = CHECK(accept(l, NULL, BADPTR1));      /* NULL address: length unused */
	CHECK(close(acc));
	CHECK(close(i));

	SECTION("fd numbers were not leaked");
	i = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(close(i));
	return 0;
}
