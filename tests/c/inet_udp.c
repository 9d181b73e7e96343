/* inet_udp.c - AF_INET SOCK_DGRAM over loopback in one process: bind rules
 * (INADDR_ANY, EADDRNOTAVAIL, EADDRINUSE, SO_REUSEADDR, ephemeral ports),
 * sendto/recvfrom with addresses, MSG_TRUNC, MSG_PEEK, zero-length datagrams,
 * EMSGSIZE, connected sockets, ICMP port unreachable -> ECONNREFUSED once,
 * getsockname/getpeername, options, shutdown, socket() errors. */
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

/* Show an address; an ephemeral port is shown as "ephemeral". */
static void show_in(const char *what, const struct sockaddr_in *a, socklen_t len)
{
	int port = ntohs(a->sin_port);
	char ip[16];
	unsigned v = ntohl(a->sin_addr.s_addr);
	snprintf(ip, sizeof ip, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
	if (port >= 32768 && port <= 60999)
		printf("%s: len=%u family=%d addr=%s port=ephemeral\n", what, (unsigned)len, a->sin_family, ip);
	else
		printf("%s: len=%u family=%d addr=%s port=%d\n", what, (unsigned)len, a->sin_family, ip, port);
}

#define P 7001
#define Q 7002

int main(void)
{
	struct sockaddr_in a, b, from;
	socklen_t len;
	char buf[256];
	static char big[70000];
	int s, t, u, v, val;

	setvbuf(stdout, NULL, _IONBF, 0);

	SECTION("socket");
	CHECK(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP));
	CHECK(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP));
	CHECK(socket(AF_INET, SOCK_SEQPACKET, 0));
	CHECK(socket(AF_INET, SOCK_DGRAM, -1));
	int sv[2];
	CHECK(socketpair(AF_INET, SOCK_DGRAM, 0, sv));
	CHECK(socketpair(AF_INET, SOCK_STREAM, 0, sv));
	s = CHECK(socket(AF_INET, SOCK_DGRAM, 0));
	t = CHECK(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP));

	SECTION("bind");
	a = sin4("10.1.2.3", P);
	CHECK(bind(s, (struct sockaddr *)&a, sizeof a));
	a = sin4("127.0.0.1", P);
	CHECK(bind(s, (struct sockaddr *)&a, sizeof a - 1));
	a.sin_family = AF_UNIX;
	CHECK(bind(s, (struct sockaddr *)&a, sizeof a));
	a = sin4("127.0.0.1", P);
	CHECK(bind(s, (struct sockaddr *)&a, sizeof a));
	CHECK(bind(s, (struct sockaddr *)&a, sizeof a));
	len = sizeof from;
	CHECK(getsockname(s, (struct sockaddr *)&from, &len));
	show_in("getsockname(s)", &from, len);
	CHECK(bind(t, (struct sockaddr *)&a, sizeof a));
	b = sin4("0.0.0.0", P);
	CHECK(bind(t, (struct sockaddr *)&b, sizeof b));
	b = sin4("127.0.0.2", P);
	CHECK(bind(t, (struct sockaddr *)&b, sizeof b));
	len = sizeof from;
	CHECK(getsockname(t, (struct sockaddr *)&from, &len));
	show_in("getsockname(t)", &from, len);
	u = CHECK(socket(AF_INET, SOCK_DGRAM, 0));
	val = 1;
	CHECK(setsockopt(u, SOL_SOCKET, SO_REUSEADDR, &val, sizeof val));
	CHECK(bind(u, (struct sockaddr *)&a, sizeof a));
	CHECK(close(u));
	u = CHECK(socket(AF_INET, SOCK_DGRAM, 0));
	len = sizeof from;
	CHECK(getsockname(u, (struct sockaddr *)&from, &len));
	show_in("getsockname(unbound)", &from, len);
	b = sin4("0.0.0.0", 0);
	CHECK(bind(u, (struct sockaddr *)&b, sizeof b));
	len = sizeof from;
	CHECK(getsockname(u, (struct sockaddr *)&from, &len));
	show_in("getsockname(port 0)", &from, len);
	len = sizeof from;
	CHECK(getpeername(u, (struct sockaddr *)&from, &len));

	SECTION("sendto/recvfrom");
	CHECK(sendto(u, "hello", 5, 0, (struct sockaddr *)&a, sizeof a));
	CHECK(sendto(u, "", 0, 0, (struct sockaddr *)&a, sizeof a));
	CHECK(sendto(u, "world!", 6, 0, (struct sockaddr *)&a, sizeof a));
	CHECK(ioctl(s, FIONREAD, &val));
	printf("FIONREAD: %d\n", val);
	len = sizeof from;
	memset(&from, 0x55, sizeof from);
	CHECK(recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &len));
	show_buf("s got", buf, 5);
	show_in("from", &from, len);
	CHECK(recvfrom(s, buf, sizeof buf, 0, NULL, NULL));
	CHECK(recv(s, buf, 3, MSG_PEEK));
	show_buf("peek", buf, 3);
	CHECK(recv(s, buf, 3, MSG_TRUNC));
	show_buf("s got", buf, 3);
	CHECK(recv(s, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(sendto(u, "abcdef", 6, 0, (struct sockaddr *)&a, sizeof a));
	struct iovec iov = { buf, 4 };
	struct msghdr mh;
	memset(&mh, 0, sizeof mh);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_name = &from;
	mh.msg_namelen = sizeof from;
	CHECK(recvmsg(s, &mh, 0));
	show_msg_flags("msg_flags", mh.msg_flags);
	printf("msg_namelen: %u\n", (unsigned)mh.msg_namelen);

	SECTION("sizes");
	CHECK(sendto(u, big, 65507, 0, (struct sockaddr *)&a, sizeof a));
	CHECK(sendto(u, big, 65508, 0, (struct sockaddr *)&a, sizeof a));
	CHECK(sendto(u, big, 70000, 0, (struct sockaddr *)&a, sizeof a));
	CHECK(recv(s, big, sizeof big, 0));
	CHECK(recv(s, big, sizeof big, MSG_DONTWAIT));

	SECTION("address errors");
	b = sin4("127.0.0.1", 0);
	CHECK(sendto(u, "x", 1, 0, (struct sockaddr *)&b, sizeof b));
	CHECK(sendto(u, "x", 1, 0, (struct sockaddr *)&a, sizeof a - 1));
	CHECK(send(u, "x", 1, 0));
	b = a;
	b.sin_family = AF_UNIX;
	CHECK(sendto(u, "x", 1, 0, (struct sockaddr *)&b, sizeof b));

	SECTION("ICMP port unreachable");
	b = sin4("127.0.0.1", Q);
	CHECK(sendto(u, "lost", 4, 0, (struct sockaddr *)&b, sizeof b));
	CHECK(recv(u, buf, sizeof buf, MSG_DONTWAIT));
	len = sizeof val;
	CHECK(getsockopt(u, SOL_SOCKET, SO_ERROR, &val, &len));
	printf("SO_ERROR: %s\n", errname(val));
	v = CHECK(socket(AF_INET, SOCK_DGRAM, 0));
	CHECK(connect(v, (struct sockaddr *)&b, sizeof b));
	CHECK(send(v, "lost", 4, 0));
	CHECK(send(v, "lost", 4, 0));
	CHECK(send(v, "lost", 4, 0));
	CHECK(recv(v, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(recv(v, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(send(v, "lost", 4, 0));
	len = sizeof val;
	CHECK(getsockopt(v, SOL_SOCKET, SO_ERROR, &val, &len));
	printf("SO_ERROR: %s\n", errname(val));
	CHECK(send(v, "lost", 4, 0));
	struct pollfd pfd = { v, POLLIN | POLLOUT, 0 };
	CHECK(poll(&pfd, 1, 0));
	printf("revents: %s%s%s\n", pfd.revents & POLLIN ? "IN " : "", pfd.revents & POLLOUT ? "OUT " : "", pfd.revents & POLLERR ? "ERR" : "");
	CHECK(recv(v, buf, sizeof buf, MSG_DONTWAIT));

	SECTION("connected");
	CHECK(connect(v, (struct sockaddr *)&a, sizeof a));
	len = sizeof from;
	CHECK(getpeername(v, (struct sockaddr *)&from, &len));
	show_in("getpeername(v)", &from, len);
	len = sizeof from;
	CHECK(getsockname(v, (struct sockaddr *)&from, &len));
	show_in("getsockname(v)", &from, len);
	CHECK(send(v, "via connect", 11, 0));
	CHECK(write(v, "via write", 9));
	CHECK(recv(s, buf, sizeof buf, 0));
	show_buf("s got", buf, 11);
	len = sizeof from;
	CHECK(recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &len));
	show_buf("s got", buf, 9);
	/* a connected socket only hears its peer */
	len = sizeof from;
	CHECK(getsockname(v, (struct sockaddr *)&from, &len));
	CHECK(sendto(u, "not from peer", 13, 0, (struct sockaddr *)&from, sizeof from));
	CHECK(recv(v, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(sendto(s, "from peer", 9, 0, (struct sockaddr *)&from, sizeof from));
	CHECK(read(v, buf, sizeof buf));
	show_buf("v got", buf, 9);
	/* disconnect with AF_UNSPEC */
	b.sin_family = AF_UNSPEC;
	CHECK(connect(v, (struct sockaddr *)&b, sizeof b));
	len = sizeof from;
	CHECK(getpeername(v, (struct sockaddr *)&from, &len));
	CHECK(send(v, "x", 1, 0));

	SECTION("0.0.0.0 destination means this host");
	b = sin4("0.0.0.0", P);
	CHECK(sendto(u, "any", 3, 0, (struct sockaddr *)&b, sizeof b));
	CHECK(recv(s, buf, sizeof buf, 0));
	show_buf("s got", buf, 3);

	SECTION("options");
	len = sizeof val;
	CHECK(getsockopt(s, IPPROTO_IP, IP_TTL, &val, &len));
	printf("IP_TTL: %d len %u\n", val, (unsigned)len);
	val = 5;
	CHECK(setsockopt(s, IPPROTO_IP, IP_TTL, &val, sizeof val));
	len = sizeof val;
	CHECK(getsockopt(s, IPPROTO_IP, IP_TTL, &val, &len));
	printf("IP_TTL: %d\n", val);
	val = 256;
	CHECK(setsockopt(s, IPPROTO_IP, IP_TTL, &val, sizeof val));
	val = -1;
	CHECK(setsockopt(s, IPPROTO_IP, IP_TTL, &val, sizeof val));
	len = sizeof val;
	CHECK(getsockopt(s, IPPROTO_IP, IP_TTL, &val, &len));
	printf("IP_TTL: %d\n", val);
	len = sizeof val;
	CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &val, &len));
	printf("SO_TYPE: %d\n", val);
	len = sizeof val;
	CHECK(getsockopt(s, SOL_SOCKET, SO_PROTOCOL, &val, &len));
	printf("SO_PROTOCOL: %d\n", val);
	len = sizeof val;
	CHECK(getsockopt(s, SOL_SOCKET, SO_DOMAIN, &val, &len));
	printf("SO_DOMAIN: %d\n", val);
	len = sizeof val;
	CHECK(getsockopt(s, SOL_SOCKET, SO_RCVBUF, &val, &len));
	printf("SO_RCVBUF: %d\n", val);
	len = sizeof val;
	CHECK(getsockopt(s, SOL_SOCKET, SO_SNDBUF, &val, &len));
	printf("SO_SNDBUF: %d\n", val);
	len = sizeof val;
	CHECK(getsockopt(s, IPPROTO_TCP, TCP_NODELAY, &val, &len));
	CHECK(getsockopt(s, IPPROTO_IP, 9999, &val, &len));

	SECTION("shutdown");
	CHECK(shutdown(u, SHUT_RDWR));
	CHECK(shutdown(s, SHUT_WR));
	CHECK(sendto(s, "x", 1, 0, (struct sockaddr *)&a, sizeof a));
	CHECK(recv(s, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(shutdown(s, 7));

	CHECK(close(s));
	CHECK(close(t));
	CHECK(close(u));
	CHECK(close(v));
	return 0;
}
