/* inet6.c - AF_INET6 over ::1 in one process: socket/bind/connect/listen/accept
 * with sockaddr_in6 (length and family checks, EADDRNOTAVAIL), names, TCP data
 * both ways, RST for a closed port (ECONNREFUSED), UDP datagrams with sender
 * addresses, ICMPv6 port unreachable -> ECONNREFUSED on a connected socket,
 * IPv6 options (IPV6_V6ONLY, IPV6_UNICAST_HOPS, IPV6_TCLASS, IPV6_MULTICAST_*,
 * IPV6_RECVPKTINFO with IPV6_PKTINFO ancillary data). */
#include "common.h"
#include <netinet/tcp.h>
#include <poll.h>

static struct sockaddr_in6 sin6(const char *ip, int port)
{
	struct sockaddr_in6 a;
	memset(&a, 0, sizeof a);
	a.sin6_family = AF_INET6;
	a.sin6_port = htons(port);
	inet_pton(AF_INET6, ip, &a.sin6_addr);
	return a;
}

static void show6(const char *what, const struct sockaddr_in6 *a, socklen_t len)
{
	char ip[INET6_ADDRSTRLEN];
	int port = ntohs(a->sin6_port);
	inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof ip);
	printf("%s: len=%u family=%d addr=%s flowinfo=%u scope=%u port=", what, (unsigned)len, a->sin6_family, ip,
	       (unsigned)ntohl(a->sin6_flowinfo), (unsigned)a->sin6_scope_id);
	if (port >= 32768 && port <= 60999) printf("ephemeral\n");
	else printf("%d\n", port);
}

static int geti(int fd, int level, int opt)
{
	int v = -1;
	socklen_t len = sizeof v;
	if (getsockopt(fd, level, opt, &v, &len) < 0)
		return -errno;
	return v;
}

static void names(const char *what, int fd)
{
	struct sockaddr_in6 a;
	socklen_t len = sizeof a;
	char w[64];
	memset(&a, 0xee, sizeof a);
	snprintf(w, sizeof w, "%s local", what);
	if (getsockname(fd, (struct sockaddr *)&a, &len) == 0) show6(w, &a, len);
	else printf("%s: %s\n", w, errname(errno));
	len = sizeof a;
	memset(&a, 0xee, sizeof a);
	snprintf(w, sizeof w, "%s peer", what);
	if (getpeername(fd, (struct sockaddr *)&a, &len) == 0) show6(w, &a, len);
	else printf("%s: %s\n", w, errname(errno));
}

#define P 7201
#define Q 7202
#define R 7203

int main(void)
{
	struct sockaddr_in6 a, b, from;
	struct sockaddr_in a4;
	socklen_t len;
	char buf[256];
	int l, c, s, u, v, val, n;

	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGPIPE, SIG_IGN);

	SECTION("socket");
	CHECK(socket(AF_INET6, SOCK_DGRAM, IPPROTO_TCP));
	CHECK(socket(AF_INET6, SOCK_STREAM, IPPROTO_UDP));
	CHECK(socket(AF_INET6, SOCK_SEQPACKET, 0));
	l = CHECK(socket(AF_INET6, SOCK_STREAM, 0));
	printf("IPV6_V6ONLY %d IPV6_UNICAST_HOPS %d IPV6_TCLASS %d IPV6_MULTICAST_HOPS %d IPV6_MULTICAST_LOOP %d TCP_MAXSEG %d SO_RCVBUF %d\n",
	       geti(l, IPPROTO_IPV6, IPV6_V6ONLY), geti(l, IPPROTO_IPV6, IPV6_UNICAST_HOPS), geti(l, IPPROTO_IPV6, IPV6_TCLASS),
	       geti(l, IPPROTO_IPV6, IPV6_MULTICAST_HOPS), geti(l, IPPROTO_IPV6, IPV6_MULTICAST_LOOP),
	       geti(l, IPPROTO_TCP, TCP_MAXSEG), geti(l, SOL_SOCKET, SO_RCVBUF));
	names("fresh", l);

	SECTION("bind checks");
	a = sin6("::1", P);
	CHECK(bind(l, (struct sockaddr *)&a, 23));
	CHECK(bind(l, (struct sockaddr *)&a, 24));
	CHECK(close(l));
	l = CHECK(socket(AF_INET6, SOCK_STREAM, 0));
	CHECK(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int)));
	a4.sin_family = AF_INET; a4.sin_port = htons(P); a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	memset(a4.sin_zero, 0, 8);
	CHECK(bind(l, (struct sockaddr *)&a4, sizeof a4));
	b = a; b.sin6_family = AF_INET;
	CHECK(bind(l, (struct sockaddr *)&b, sizeof b));
	b = sin6("2001:db8::1", P);
	CHECK(bind(l, (struct sockaddr *)&b, sizeof b));
	b = sin6("::ffff:10.1.2.3", P);
	CHECK(bind(l, (struct sockaddr *)&b, sizeof b));
	CHECK(bind(l, (struct sockaddr *)&a, sizeof a));
	CHECK(bind(l, (struct sockaddr *)&a, sizeof a));
	names("bound", l);
	CHECK(setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &(int){1}, sizeof(int)));

	SECTION("tcp");
	CHECK(listen(l, 5));
	c = CHECK(socket(AF_INET6, SOCK_STREAM, 0));
	CHECK(connect(c, (struct sockaddr *)&a, 23));
	a4.sin_port = htons(P);
	CHECK(connect(c, (struct sockaddr *)&a4, sizeof a4));
	CHECK(connect(c, (struct sockaddr *)&a, sizeof a));
	CHECK(connect(c, (struct sockaddr *)&a, sizeof a));
	len = sizeof from;
	memset(&from, 0xee, sizeof from);
	s = CHECK(accept(l, (struct sockaddr *)&from, &len));
	show6("accept from", &from, len);
	names("client", c);
	names("server", s);
	CHECK(send(c, "hello over ::1", 14, 0));
	n = CHECK(recv(s, buf, sizeof buf, 0));
	printf("got '%.*s'\n", n > 0 ? n : 0, buf);
	CHECK(send(s, "reply", 5, 0));
	n = CHECK(recv(c, buf, sizeof buf, 0));
	printf("got '%.*s'\n", n > 0 ? n : 0, buf);
	CHECK(shutdown(c, SHUT_WR));
	CHECK(recv(s, buf, sizeof buf, 0));
	CHECK(close(s));
	CHECK(recv(c, buf, sizeof buf, 0));
	CHECK(close(c));
	CHECK(close(l));

	SECTION("closed port: RST");
	c = CHECK(socket(AF_INET6, SOCK_STREAM, 0));
	b = sin6("::1", R);
	CHECK(connect(c, (struct sockaddr *)&b, sizeof b));
	CHECK(close(c));

	SECTION("udp");
	u = CHECK(socket(AF_INET6, SOCK_DGRAM, 0));
	v = CHECK(socket(AF_INET6, SOCK_DGRAM, 0));
	a = sin6("::1", Q);
	CHECK(bind(u, (struct sockaddr *)&a, sizeof a));
	CHECK(sendto(v, "d1", 2, 0, (struct sockaddr *)&a, 23));
	CHECK(sendto(v, "d1", 2, 0, (struct sockaddr *)&a, sizeof a));
	names("sender", v);
	len = sizeof from;
	memset(&from, 0xee, sizeof from);
	n = CHECK(recvfrom(u, buf, sizeof buf, 0, (struct sockaddr *)&from, &len));
	printf("got '%.*s'\n", n > 0 ? n : 0, buf);
	show6("from", &from, len);
	len = 16;
	CHECK(sendto(v, "d2", 2, 0, (struct sockaddr *)&a, sizeof a));
	n = CHECK(recvfrom(u, buf, sizeof buf, 0, (struct sockaddr *)&from, &len));
	printf("namelen after short buffer: %u\n", (unsigned)len);

	SECTION("udp pktinfo");
	CHECK(setsockopt(u, IPPROTO_IPV6, IPV6_RECVPKTINFO, &(int){1}, sizeof(int)));
	printf("IPV6_RECVPKTINFO %d\n", geti(u, IPPROTO_IPV6, IPV6_RECVPKTINFO));
	CHECK(sendto(v, "d3", 2, 0, (struct sockaddr *)&a, sizeof a));
	{
		char cbuf[256];
		struct iovec iov = { buf, sizeof buf };
		struct msghdr m;
		memset(&m, 0, sizeof m);
		m.msg_iov = &iov; m.msg_iovlen = 1;
		m.msg_control = cbuf; m.msg_controllen = sizeof cbuf;
		n = CHECK(recvmsg(u, &m, 0));
		for (struct cmsghdr *cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm)) {
			printf("cmsg level=%d type=%d len=%u", cm->cmsg_level, cm->cmsg_type, (unsigned)cm->cmsg_len);
			if (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_PKTINFO) {
				struct in6_pktinfo pi;
				char ip[INET6_ADDRSTRLEN];
				memcpy(&pi, CMSG_DATA(cm), sizeof pi);
				inet_ntop(AF_INET6, &pi.ipi6_addr, ip, sizeof ip);
				printf(" addr=%s ifindex=%d", ip, pi.ipi6_ifindex);
			}
			printf("\n");
		}
		printf("controllen=%u flags=%#x\n", (unsigned)m.msg_controllen, m.msg_flags);
	}

	SECTION("udp connected, ICMPv6 port unreachable");
	b = sin6("::1", R);
	CHECK(connect(v, (struct sockaddr *)&b, sizeof b));
	names("connected", v);
	CHECK(send(v, "x", 1, 0));
	CHECK(send(v, "x", 1, 0));
	CHECK(recv(v, buf, sizeof buf, MSG_DONTWAIT));
	b.sin6_family = AF_UNSPEC;
	CHECK(connect(v, (struct sockaddr *)&b, sizeof b));
	names("disconnected", v);
	CHECK(close(u));
	CHECK(close(v));

	SECTION("options");
	u = CHECK(socket(AF_INET6, SOCK_DGRAM, 0));
	CHECK(setsockopt(u, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &(int){300}, sizeof(int)));
	CHECK(setsockopt(u, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &(int){-2}, sizeof(int)));
	CHECK(setsockopt(u, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &(int){7}, sizeof(int)));
	printf("IPV6_UNICAST_HOPS %d\n", geti(u, IPPROTO_IPV6, IPV6_UNICAST_HOPS));
	CHECK(setsockopt(u, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &(int){-1}, sizeof(int)));
	printf("IPV6_UNICAST_HOPS %d\n", geti(u, IPPROTO_IPV6, IPV6_UNICAST_HOPS));
	CHECK(setsockopt(u, IPPROTO_IPV6, IPV6_TCLASS, &(int){0x1ff}, sizeof(int)));
	CHECK(setsockopt(u, IPPROTO_IPV6, IPV6_TCLASS, &(int){0xb8}, sizeof(int)));
	printf("IPV6_TCLASS %d\n", geti(u, IPPROTO_IPV6, IPV6_TCLASS));
	CHECK(setsockopt(u, IPPROTO_IPV6, IPV6_TCLASS, &(int){-1}, sizeof(int)));
	printf("IPV6_TCLASS %d\n", geti(u, IPPROTO_IPV6, IPV6_TCLASS));
	CHECK(setsockopt(u, IPPROTO_IPV6, IPV6_V6ONLY, &(int){1}, 2));
	CHECK(setsockopt(u, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &(int){256}, sizeof(int)));
	CHECK(setsockopt(u, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &(int){5}, sizeof(int)));
	CHECK(setsockopt(u, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &(int){2}, sizeof(int)));
	CHECK(setsockopt(u, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &(int){0}, sizeof(int)));
	CHECK(setsockopt(u, IPPROTO_IPV6, IPV6_MULTICAST_IF, &(int){1}, sizeof(int)));
	CHECK(setsockopt(u, IPPROTO_IPV6, IPV6_MULTICAST_IF, &(int){99}, sizeof(int)));
	printf("IPV6_MULTICAST_HOPS %d IPV6_MULTICAST_LOOP %d IPV6_MULTICAST_IF %d\n", geti(u, IPPROTO_IPV6, IPV6_MULTICAST_HOPS),
	       geti(u, IPPROTO_IPV6, IPV6_MULTICAST_LOOP), geti(u, IPPROTO_IPV6, IPV6_MULTICAST_IF));
	CHECK(setsockopt(u, IPPROTO_IPV6, 9999, &(int){1}, sizeof(int)));
	CHECK(setsockopt(u, IPPROTO_IP, IP_TTL, &(int){9}, sizeof(int)));
	printf("IP_TTL %d\n", geti(u, IPPROTO_IP, IP_TTL));
	CHECK(setsockopt(u, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int)));
	printf("SO_REUSEADDR %d SO_TYPE %d SO_DOMAIN %d SO_PROTOCOL %d\n", geti(u, SOL_SOCKET, SO_REUSEADDR), geti(u, SOL_SOCKET, SO_TYPE),
	       geti(u, SOL_SOCKET, SO_DOMAIN), geti(u, SOL_SOCKET, SO_PROTOCOL));
	a = sin6("::", 0);
	CHECK(bind(u, (struct sockaddr *)&a, sizeof a));
	CHECK(setsockopt(u, IPPROTO_IPV6, IPV6_V6ONLY, &(int){1}, sizeof(int)));
	CHECK(close(u));
	c = CHECK(socket(AF_INET6, SOCK_STREAM, 0));
	CHECK(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int)));
	printf("TCP_NODELAY %d\n", geti(c, IPPROTO_TCP, TCP_NODELAY));
	CHECK(setsockopt(c, IPPROTO_IPV6, IPV6_RECVPKTINFO, &(int){1}, sizeof(int)));
	CHECK(close(c));
	(void)val;
	return 0;
}
