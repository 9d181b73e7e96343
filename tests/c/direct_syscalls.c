/* direct_syscalls.c - the i386 direct socket syscalls (359..373, plus
 * recvmmsg 337 with a 32-bit timespec, recvmmsg_time64 417 and sendmmsg 345)
 * reach the same code as socketcall: each is called through syscall() with a
 * success case and an error case.  i386 has no direct accept/send/recv:
 * those exist only as socketcall calls (libc uses accept4/sendto/recvfrom). */
#include "common.h"

#define NR_recvmmsg_time64 417

int main(void)
{
	int l, c, a, sv[2], v;
	struct sockaddr_un addr, peer;
	socklen_t alen, len;
	char buf[32];
	struct msghdr mh;
	struct iovec iov;
	struct mmsghdr mm[2];
	struct { int32_t sec, nsec; } ts32 = { 0, 0 };
	struct { int64_t sec, nsec; } ts64 = { 0, 0 };

	setvbuf(stdout, NULL, _IONBF, 0);
	alen = un_abstract(&addr, "int80-direct");

	SECTION("socket 359 / bind 361 / listen 363 / connect 362 / accept4 364");
	l = CHECK(syscall(NR_socket, AF_UNIX, SOCK_STREAM, 0));
	CHECK(syscall(NR_socket, AF_UNIX, 99, 0));
	CHECK(syscall(NR_bind, l, &addr, alen));
	CHECK(syscall(NR_bind, l, &addr, alen));
	CHECK(syscall(NR_listen, l, 2));
	CHECK(syscall(NR_listen, -1, 2));
	c = CHECK(syscall(NR_socket, AF_UNIX, SOCK_STREAM, 0));
	CHECK(syscall(NR_connect, c, &addr, alen));
	CHECK(syscall(NR_connect, c, &addr, alen));
	len = sizeof peer;
	a = CHECK(syscall(NR_accept4, l, &peer, &len, 0));
	show_un("accept4 peer", &peer, len);
	CHECK(syscall(NR_accept4, l, NULL, NULL, SOCK_NONBLOCK | 0x100));
	CHECK(syscall(NR_accept4, c, NULL, NULL, 0));

	SECTION("getsockname 367 / getpeername 368 / socketpair 360");
	len = sizeof peer;
	CHECK(syscall(NR_getsockname, l, &peer, &len));
	show_un("getsockname", &peer, len);
	len = sizeof peer;
	CHECK(syscall(NR_getpeername, c, &peer, &len));
	show_un("getpeername", &peer, len);
	CHECK(syscall(NR_getpeername, l, &peer, &len));
	CHECK(syscall(NR_socketpair, AF_UNIX, SOCK_DGRAM, 0, sv));
	printf("sv = {%d, %d}\n", sv[0], sv[1]);
	CHECK(syscall(NR_socketpair, AF_UNIX, SOCK_DGRAM, 0, BADPTR1));

	SECTION("sendto 369 / recvfrom 371");
	CHECK(syscall(NR_sendto, c, "direct", 6, 0, NULL, 0));
	len = sizeof peer;
	CHECK(syscall(NR_recvfrom, a, buf, sizeof buf, 0, &peer, &len));
	printf("fromlen %u\n", (unsigned)len);
	CHECK(syscall(NR_sendto, c, "x", 1, 0, &addr, alen));
	CHECK(syscall(NR_recvfrom, a, buf, sizeof buf, MSG_DONTWAIT, NULL, NULL));

	SECTION("setsockopt 366 / getsockopt 365");
	v = 4096;
	CHECK(syscall(NR_setsockopt, c, SOL_SOCKET, SO_RCVBUF, &v, sizeof v));
	len = sizeof v;
	CHECK(syscall(NR_getsockopt, c, SOL_SOCKET, SO_RCVBUF, &v, &len));
	printf("SO_RCVBUF %d\n", v);
	CHECK(syscall(NR_setsockopt, c, SOL_SOCKET, SO_RCVBUF, &v, 2));
	CHECK(syscall(NR_getsockopt, c, SOL_SOCKET, 12345, &v, &len));

	SECTION("sendmsg 370 / recvmsg 372");
	memset(&mh, 0, sizeof mh);
	iov.iov_base = "msg"; iov.iov_len = 3;
	mh.msg_iov = &iov; mh.msg_iovlen = 1;
	CHECK(syscall(NR_sendmsg, c, &mh, 0));
	iov.iov_base = buf; iov.iov_len = sizeof buf;
	CHECK(syscall(NR_recvmsg, a, &mh, 0));
	CHECK(syscall(NR_recvmsg, a, &mh, MSG_DONTWAIT));
	CHECK(syscall(NR_sendmsg, c, BADPTR1, 0));

	SECTION("sendmmsg 345 / recvmmsg 337 (timespec32) / recvmmsg_time64 417");
	memset(mm, 0, sizeof mm);
	iov.iov_base = "mm"; iov.iov_len = 2;
	mm[0].msg_hdr.msg_iov = &iov; mm[0].msg_hdr.msg_iovlen = 1;
	mm[1].msg_hdr.msg_iov = &iov; mm[1].msg_hdr.msg_iovlen = 1;
	CHECK(syscall(NR_sendmmsg, sv[0], mm, 2, 0));
	CHECK(syscall(NR_sendmmsg, sv[0], mm, 2, 0));
	iov.iov_base = buf; iov.iov_len = sizeof buf;
	CHECK(syscall(NR_recvmmsg, sv[1], mm, 2, MSG_DONTWAIT, NULL));
	CHECK(syscall(NR_recvmmsg_time64, sv[1], mm, 1, MSG_DONTWAIT, &ts64));
	CHECK(syscall(NR_recvmmsg, sv[1], mm, 1, MSG_DONTWAIT, &ts32));
	CHECK(syscall(NR_recvmmsg_time64, sv[1], mm, 1, MSG_DONTWAIT, NULL));
	ts64.nsec = -1;
	CHECK(syscall(NR_recvmmsg_time64, sv[1], mm, 1, MSG_DONTWAIT, &ts64));
	ts32.sec = -1;
	CHECK(syscall(NR_recvmmsg, sv[1], mm, 1, MSG_DONTWAIT, &ts32));
	CHECK(syscall(NR_sendmmsg, -1, mm, 1, 0));

	SECTION("shutdown 373");
	CHECK(syscall(NR_shutdown, c, SHUT_RDWR));
	CHECK(syscall(NR_shutdown, c, -1));
	CHECK(syscall(NR_shutdown, c, 3));
	CHECK(syscall(NR_recvfrom, a, buf, sizeof buf, 0, NULL, NULL));
	CHECK(syscall(NR_sendto, a, "x", 1, MSG_NOSIGNAL, NULL, 0));

	SECTION("nothing pending on a nonblocking listener");
	CHECK(fcntl(l, F_SETFL, O_NONBLOCK));
	CHECK(syscall(NR_accept4, l, NULL, NULL, 0));
	CHECK(accept(l, NULL, NULL));
	CHECK(close(a)); CHECK(close(c)); CHECK(close(l));
	CHECK(close(sv[0])); CHECK(close(sv[1]));
	return 0;
}
