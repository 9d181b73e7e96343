/* socketcall_raw.c - the multiplexer itself: syscall(SYS_socketcall = 102,
 * call, args) for all twenty calls, SYS_SOCKET (1) .. SYS_SENDMMSG (20), with
 * the same results as the libc wrappers; bad call numbers (EINVAL, checked
 * before the argument block is read) and a bad argument block (EFAULT). */
#include <stdarg.h>
#include "common.h"

/* socketcall(call, {a0, a1, ...}) with n arguments in the block. */
static long sc(int call, int n, ...)
{
	unsigned long args[6] = { 0 };
	va_list ap;
	int i;
	va_start(ap, n);
	for (i = 0; i < n; i++)
		args[i] = va_arg(ap, unsigned long);
	va_end(ap);
	return syscall(NR_socketcall, call, args);
}
#define UL(x) ((unsigned long)(x))

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
	unsigned long args[6] = { 0 };

	setvbuf(stdout, NULL, _IONBF, 0);
	alen = un_abstract(&addr, "int80-socketcall");

	SECTION("bad call numbers and argument blocks");
	CHECK(syscall(NR_socketcall, 0, args));
	CHECK(syscall(NR_socketcall, 21, args));
	CHECK(syscall(NR_socketcall, -1, args));
	CHECK(syscall(NR_socketcall, 1000, args));
	CHECK(syscall(NR_socketcall, 0, BADPTR1));
	CHECK(syscall(NR_socketcall, 21, NULL));
	CHECK(syscall(NR_socketcall, SC_SOCKET, NULL));
	CHECK(syscall(NR_socketcall, SC_SOCKET, BADPTR1));
	CHECK(syscall(NR_socketcall, SC_SOCKET, BADPTR2));
	CHECK(syscall(NR_socketcall, SC_SENDMMSG, BADPTR2));
	CHECK(syscall(NR_socketcall, SC_LISTEN, (char *)BADPTR2 - 4));  /* needs 8 bytes */

	SECTION("all twenty calls");
	l = CHECK(sc(SC_SOCKET, 3, UL(AF_UNIX), UL(SOCK_STREAM), UL(0)));
	CHECK(sc(SC_BIND, 3, UL(l), UL(&addr), UL(alen)));
	CHECK(sc(SC_LISTEN, 2, UL(l), UL(4)));
	c = CHECK(sc(SC_SOCKET, 3, UL(AF_UNIX), UL(SOCK_STREAM), UL(0)));
	CHECK(sc(SC_CONNECT, 3, UL(c), UL(&addr), UL(alen)));
	len = sizeof peer;
	a = CHECK(sc(SC_ACCEPT, 3, UL(l), UL(&peer), UL(&len)));
	show_un("accept peer", &peer, len);
	len = sizeof peer;
	CHECK(sc(SC_GETSOCKNAME, 3, UL(a), UL(&peer), UL(&len)));
	show_un("getsockname", &peer, len);
	len = sizeof peer;
	CHECK(sc(SC_GETPEERNAME, 3, UL(c), UL(&peer), UL(&len)));
	show_un("getpeername", &peer, len);
	CHECK(sc(SC_SOCKETPAIR, 4, UL(AF_UNIX), UL(SOCK_DGRAM), UL(0), UL(sv)));
	printf("sv = {%d, %d}\n", sv[0], sv[1]);
	CHECK(sc(SC_SEND, 4, UL(c), UL("send"), UL(4), UL(0)));
	CHECK(sc(SC_RECV, 4, UL(a), UL(buf), UL(sizeof buf), UL(0)));
	CHECK(sc(SC_SENDTO, 6, UL(sv[0]), UL("sendto"), UL(6), UL(0), UL(0), UL(0)));
	len = sizeof peer;
	CHECK(sc(SC_RECVFROM, 6, UL(sv[1]), UL(buf), UL(sizeof buf), UL(0), UL(&peer), UL(&len)));
	printf("fromlen %u\n", (unsigned)len);
	v = 1;
	CHECK(sc(SC_SETSOCKOPT, 5, UL(c), UL(SOL_SOCKET), UL(SO_KEEPALIVE), UL(&v), UL(sizeof v)));
	v = 0; len = sizeof v;
	CHECK(sc(SC_GETSOCKOPT, 5, UL(c), UL(SOL_SOCKET), UL(SO_KEEPALIVE), UL(&v), UL(&len)));
	printf("SO_KEEPALIVE %d len %u\n", v, (unsigned)len);
	memset(&mh, 0, sizeof mh);
	iov.iov_base = "sendmsg"; iov.iov_len = 7;
	mh.msg_iov = &iov; mh.msg_iovlen = 1;
	CHECK(sc(SC_SENDMSG, 3, UL(c), UL(&mh), UL(0)));
	iov.iov_base = buf; iov.iov_len = sizeof buf;
	CHECK(sc(SC_RECVMSG, 3, UL(a), UL(&mh), UL(0)));
	show_buf("recvmsg", buf, 7);
	CHECK(sc(SC_SHUTDOWN, 2, UL(c), UL(SHUT_WR)));
	CHECK(sc(SC_RECV, 4, UL(a), UL(buf), UL(sizeof buf), UL(0)));
	v = CHECK(sc(SC_SOCKET, 3, UL(AF_UNIX), UL(SOCK_STREAM | SOCK_NONBLOCK), UL(0)));
	CHECK(sc(SC_CONNECT, 3, UL(v), UL(&addr), UL(alen)));
	v = CHECK(sc(SC_ACCEPT4, 4, UL(l), UL(0), UL(0), UL(SOCK_NONBLOCK | SOCK_CLOEXEC)));
	show_flags("accept4", v);
	memset(mm, 0, sizeof mm);
	iov.iov_base = "mmsg"; iov.iov_len = 4;
	mm[0].msg_hdr.msg_iov = &iov; mm[0].msg_hdr.msg_iovlen = 1;
	mm[1].msg_hdr.msg_iov = &iov; mm[1].msg_hdr.msg_iovlen = 1;
	CHECK(sc(SC_SENDMMSG, 4, UL(sv[0]), UL(mm), UL(2), UL(0)));
	iov.iov_base = buf; iov.iov_len = sizeof buf;
	CHECK(sc(SC_RECVMMSG, 5, UL(sv[1]), UL(mm), UL(2), UL(MSG_DONTWAIT), UL(0)));
	printf("msg_len %u %u\n", mm[0].msg_len, mm[1].msg_len);
	CHECK(sc(SC_SENDMMSG, 4, UL(sv[0]), UL(mm), UL(1), UL(0)));
	CHECK(sc(SC_RECVMMSG, 5, UL(sv[1]), UL(mm), UL(2), UL(MSG_DONTWAIT), UL(&ts32)));
	CHECK(sc(SC_RECVMMSG, 5, UL(sv[1]), UL(mm), UL(2), UL(MSG_DONTWAIT), UL(BADPTR1)));
	ts32.nsec = 1000000000;
	CHECK(sc(SC_RECVMMSG, 5, UL(sv[1]), UL(mm), UL(2), UL(MSG_DONTWAIT), UL(&ts32)));

	SECTION("errors come through unchanged");
	CHECK(sc(SC_SOCKET, 3, UL(AF_UNIX), UL(SOCK_STREAM | 0x100), UL(0)));
	CHECK(sc(SC_SOCKET, 3, UL(12345), UL(SOCK_STREAM), UL(0)));
	CHECK(sc(SC_BIND, 3, UL(-1), UL(&addr), UL(alen)));
	CHECK(sc(SC_LISTEN, 2, UL(1), UL(1)));
	CHECK(sc(SC_ACCEPT, 3, UL(c), UL(0), UL(0)));
	CHECK(sc(SC_ACCEPT4, 4, UL(l), UL(0), UL(0), UL(0x100)));
	CHECK(sc(SC_SEND, 4, UL(c), UL("x"), UL(1), UL(MSG_NOSIGNAL)));
	CHECK(sc(SC_RECV, 4, UL(sv[1]), UL(buf), UL(1), UL(MSG_DONTWAIT)));
	CHECK(sc(SC_SHUTDOWN, 2, UL(c), UL(3)));
	CHECK(sc(SC_GETSOCKOPT, 5, UL(c), UL(SOL_SOCKET), UL(9999), UL(&v), UL(&len)));
	CHECK(sc(SC_SOCKETPAIR, 4, UL(AF_INET), UL(SOCK_STREAM), UL(0), UL(sv)));
	return 0;
}
