/* socketcall(2) by hand: on i386, the C library's socket(), bind(), ... are one system
 * call, socketcall (102), whose first argument says which call and whose second points
 * to the arguments in memory. sys_socketcall (net/socket.c) copies nargs[call] words
 * from there and dispatches to __sys_socket, __sys_bind, ... This program makes all
 * twenty calls, SYS_SOCKET (1) to SYS_SENDMMSG (20), through syscall(SYS_socketcall). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <linux/net.h>

static long sc(int call, unsigned long a0, unsigned long a1, unsigned long a2,
               unsigned long a3, unsigned long a4, unsigned long a5) {
	unsigned long args[6] = { a0, a1, a2, a3, a4, a5 };
	return syscall(SYS_socketcall, call, args);
}
#define U(x) ((unsigned long)(x))
#define SHOW(name, expr) printf("%-12s = %ld\n", name, (long)(expr))

int main(void) {
	struct sockaddr_un addr = { .sun_family = AF_UNIX }, peer;
	socklen_t alen = sizeof addr.sun_family + 1 + 8, len;
	memcpy(addr.sun_path, "\0socketcl", 9); /* an abstract name: no file */
	char buf[32];
	int sv[2], v = 1;
	struct iovec iov = { buf, sizeof buf };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct mmsghdr mm[1] = { { .msg_hdr = mh } };

	int l = sc(SYS_SOCKET, AF_UNIX, SOCK_STREAM, 0, 0, 0, 0);      SHOW("socket", l);
	SHOW("bind", sc(SYS_BIND, l, U(&addr), alen, 0, 0, 0));
	SHOW("listen", sc(SYS_LISTEN, l, 4, 0, 0, 0, 0));
	int c = sc(SYS_SOCKET, AF_UNIX, SOCK_STREAM, 0, 0, 0, 0);
	SHOW("connect", sc(SYS_CONNECT, c, U(&addr), alen, 0, 0, 0));
	int a = sc(SYS_ACCEPT, l, 0, 0, 0, 0, 0);                      SHOW("accept", a);
	len = sizeof peer;
	SHOW("getsockname", sc(SYS_GETSOCKNAME, l, U(&peer), U(&len), 0, 0, 0));
	len = sizeof peer;
	SHOW("getpeername", sc(SYS_GETPEERNAME, c, U(&peer), U(&len), 0, 0, 0));
	SHOW("socketpair", sc(SYS_SOCKETPAIR, AF_UNIX, SOCK_DGRAM, 0, U(sv), 0, 0));
	SHOW("send", sc(SYS_SEND, c, U("one"), 3, 0, 0, 0));
	SHOW("recv", sc(SYS_RECV, a, U(buf), sizeof buf, 0, 0, 0));
	SHOW("sendto", sc(SYS_SENDTO, sv[0], U("two"), 3, 0, 0, 0));
	SHOW("recvfrom", sc(SYS_RECVFROM, sv[1], U(buf), sizeof buf, 0, 0, 0));
	SHOW("setsockopt", sc(SYS_SETSOCKOPT, c, SOL_SOCKET, SO_KEEPALIVE, U(&v), sizeof v, 0));
	len = sizeof v;
	SHOW("getsockopt", sc(SYS_GETSOCKOPT, c, SOL_SOCKET, SO_TYPE, U(&v), U(&len), 0));
	printf("  SO_TYPE    = %d (SOCK_STREAM)\n", v);
	iov.iov_base = "three"; iov.iov_len = 5;
	SHOW("sendmsg", sc(SYS_SENDMSG, sv[0], U(&mh), 0, 0, 0, 0));
	iov.iov_base = buf; iov.iov_len = sizeof buf;
	SHOW("recvmsg", sc(SYS_RECVMSG, sv[1], U(&mh), 0, 0, 0, 0));
	mm[0].msg_hdr = mh;
	iov.iov_base = "four"; iov.iov_len = 4;
	SHOW("sendmmsg", sc(SYS_SENDMMSG, sv[0], U(mm), 1, 0, 0, 0));
	iov.iov_base = buf; iov.iov_len = sizeof buf;
	SHOW("recvmmsg", sc(SYS_RECVMMSG, sv[1], U(mm), 1, 0, 0, 0));
	SHOW("shutdown", sc(SYS_SHUTDOWN, c, SHUT_WR, 0, 0, 0, 0));
	int c2 = sc(SYS_SOCKET, AF_UNIX, SOCK_STREAM, 0, 0, 0, 0);
	sc(SYS_CONNECT, c2, U(&addr), alen, 0, 0, 0);
	SHOW("accept4", sc(SYS_ACCEPT4, l, 0, 0, SOCK_CLOEXEC, 0, 0));
	return 0;
}
