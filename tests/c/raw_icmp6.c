/* raw_icmp6.c - raw ICMPv6 sockets as root (net/ipv6/raw.c): socket(AF_INET6, SOCK_RAW,
 * 0) is EPROTONOSUPPORT; an IPPROTO_ICMPV6 socket sends an echo request to ::1 (the
 * kernel computes the checksum: IPV6_CHECKSUM is 2 for ICMPv6, RFC 3542 3.1) and receives
 * ICMPv6 messages without the IPv6 header: its own request, then the kernel's echo
 * reply; ICMP6_FILTER; IPV6_CHECKSUM's rules; names; connect/send; an ICMPv6 port
 * unreachable seen by the raw socket. Recorded with the x86_64 build (the kernel's own
 * answers; qemu-i386 answers some raw-socket options itself).
 * record: netns-lo debian-hosts (so that nothing else on the machine's lo is heard) */
#include "common.h"

#ifndef IPPROTO_ICMPV6
#define IPPROTO_ICMPV6 58
#endif
#ifndef ICMP6_FILTER
#define ICMP6_FILTER 1
#endif
#ifndef IPV6_CHECKSUM
#define IPV6_CHECKSUM 7
#endif

static struct sockaddr_in6 sin6(const char *ip, int port)
{
	struct sockaddr_in6 a;
	memset(&a, 0, sizeof a);
	a.sin6_family = AF_INET6;
	a.sin6_port = htons(port);
	inet_pton(AF_INET6, ip, &a.sin6_addr);
	return a;
}

/* the ICMPv6 checksum of a message from ::1 to ::1 (RFC 4443 2.3: with the pseudo-header) */
static int csum6_ok(const unsigned char *p, int n)
{
	unsigned long s = 1 + 1 + n + IPPROTO_ICMPV6; /* ::1 twice, length, next header */
	for (int i = 0; i + 1 < n; i += 2)
		s += (p[i] << 8) | p[i + 1];
	if (n & 1)
		s += p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s == 0xffff;
}

static int echo_req(unsigned char *p, int id, int seq, const char *data)
{
	int n = (int)strlen(data);
	p[0] = 128;
	p[1] = 0;
	p[2] = 0xde; p[3] = 0xad; /* the kernel writes the checksum over this */
	p[4] = id >> 8; p[5] = id & 0xff;
	p[6] = seq >> 8; p[7] = seq & 0xff;
	memcpy(p + 8, data, n);
	return 8 + n;
}

static void recv_one(int fd, const char *what, int flags)
{
	unsigned char p[2048];
	struct sockaddr_in6 from;
	socklen_t flen = sizeof from;
	char ip[INET6_ADDRSTRLEN];
	memset(&from, 0xee, sizeof from);
	errno = 0;
	long n = recvfrom(fd, p, sizeof p, flags, (struct sockaddr *)&from, &flen);
	if (n < 0) {
		printf("%s -> -1 %s\n", what, errname(errno));
		return;
	}
	inet_ntop(AF_INET6, &from.sin6_addr, ip, sizeof ip);
	printf("%s -> %ld from len=%u family=%d port=%d flowinfo=%u addr=%s scope=%u\n", what, n, (unsigned)flen,
	       from.sin6_family, ntohs(from.sin6_port), (unsigned)ntohl(from.sin6_flowinfo), ip, (unsigned)from.sin6_scope_id);
	if (n < 8) return;
	printf("  icmp6: type=%d code=%d csum=%s", p[0], p[1], csum6_ok(p, (int)n) ? "ok" : "BAD");
	if (p[0] == 128 || p[0] == 129)
		printf(" id=0x%04x seq=%d data=\"%.*s\"\n", (p[4] << 8) | p[5], (p[6] << 8) | p[7], (int)n - 8, (const char *)p + 8);
	else if (n >= 8 + 40 + 8)
		printf(" quoted nexthdr=%d dport=%d\n", p[8 + 6], (p[8 + 40 + 2] << 8) | p[8 + 40 + 3]);
	else
		printf("\n");
}

static int geti(int fd, int level, int opt)
{
	int v = -1;
	socklen_t len = sizeof v;
	if (getsockopt(fd, level, opt, &v, &len) < 0)
		return -errno;
	return v;
}

static int seti(int fd, int level, int opt, int v)
{
	return setsockopt(fd, level, opt, &v, sizeof v);
}

int main(void)
{
	unsigned char pkt[256];
	struct sockaddr_in6 lo = sin6("::1", 0), a;
	socklen_t alen;
	char ip[INET6_ADDRSTRLEN];
	int n;
	setvbuf(stdout, NULL, _IONBF, 0);

	SECTION("create");
	CHECK(socket(AF_INET6, SOCK_RAW, 0));
	CHECK(socket(AF_INET6, SOCK_RAW, -1));
	CHECK(socket(AF_INET6, SOCK_DGRAM, IPPROTO_ICMPV6) >= 0 ? 0 : -1);
	int fd = CHECK(socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6));
	printf("SO_TYPE=%d SO_PROTOCOL=%d SO_DOMAIN=%d\n", geti(fd, SOL_SOCKET, SO_TYPE), geti(fd, SOL_SOCKET, SO_PROTOCOL),
	       geti(fd, SOL_SOCKET, SO_DOMAIN));
	printf("IPV6_CHECKSUM: IPPROTO_IPV6=%d SOL_RAW=%d IPV6_V6ONLY=%d IPV6_UNICAST_HOPS=%d\n",
	       geti(fd, IPPROTO_IPV6, IPV6_CHECKSUM), geti(fd, SOL_RAW, IPV6_CHECKSUM),
	       geti(fd, IPPROTO_IPV6, IPV6_V6ONLY), geti(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS));
	alen = sizeof a;
	memset(&a, 0xee, sizeof a);
	CHECK(getsockname(fd, (struct sockaddr *)&a, &alen));
	inet_ntop(AF_INET6, &a.sin6_addr, ip, sizeof ip);
	printf("local: len=%u family=%d port=%d addr=%s\n", (unsigned)alen, a.sin6_family, ntohs(a.sin6_port), ip);
	alen = sizeof a;
	CHECK(getpeername(fd, (struct sockaddr *)&a, &alen));

	SECTION("echo request to ::1, own request then the reply");
	n = echo_req(pkt, 0x1234, 1, "int80 ping6");
	CHECK(sendto(fd, pkt, n, 0, (struct sockaddr *)&lo, sizeof lo));
	recv_one(fd, "recvfrom 1", 0);
	recv_one(fd, "recvfrom 2", 0);
	recv_one(fd, "recvfrom (nothing more)", MSG_DONTWAIT);

	SECTION("ICMP6_FILTER blocks echo requests (type 128)");
	{
		unsigned int filt[8], back[8];
		socklen_t bl = sizeof back;
		memset(filt, 0, sizeof filt);
		filt[128 >> 5] |= 1u << (128 & 31); /* ICMP6_FILTER_SETBLOCK */
		CHECK(setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, filt, sizeof filt));
		CHECK(getsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, back, &bl));
		printf("filter len=%u word4=0x%x\n", (unsigned)bl, back[4]);
		CHECK(setsockopt(fd, IPPROTO_ICMPV6, 2, filt, sizeof filt));
		n = echo_req(pkt, 0x1234, 2, "filtered");
		CHECK(sendto(fd, pkt, n, 0, (struct sockaddr *)&lo, sizeof lo));
		recv_one(fd, "recvfrom", 0);
		recv_one(fd, "recvfrom (nothing more)", MSG_DONTWAIT);
		memset(filt, 0, sizeof filt);
		CHECK(setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, filt, sizeof filt));
	}

	SECTION("IPV6_CHECKSUM");
	CHECK(seti(fd, IPPROTO_IPV6, IPV6_CHECKSUM, 2));
	CHECK(seti(fd, SOL_RAW, IPV6_CHECKSUM, 3));
	CHECK(seti(fd, SOL_RAW, IPV6_CHECKSUM, -1));
	printf("IPV6_CHECKSUM=%d\n", geti(fd, SOL_RAW, IPV6_CHECKSUM));
	CHECK(seti(fd, SOL_RAW, IPV6_CHECKSUM, 4));
	printf("IPV6_CHECKSUM=%d\n", geti(fd, IPPROTO_IPV6, IPV6_CHECKSUM));
	CHECK(seti(fd, SOL_RAW, IPV6_CHECKSUM, 2));
	{
		short s = 2;
		CHECK(setsockopt(fd, SOL_RAW, IPV6_CHECKSUM, &s, sizeof s));
	}
	CHECK(sendto(fd, pkt, 3, 0, (struct sockaddr *)&lo, sizeof lo));
	{
		int u = CHECK(socket(AF_INET6, SOCK_DGRAM, 0));
		CHECK(seti(u, SOL_RAW, IPV6_CHECKSUM, 2));
		CHECK(seti(u, IPPROTO_IPV6, IPV6_CHECKSUM, 2));
		close(u);
	}

	SECTION("hop limit and traffic class are accepted");
	CHECK(seti(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 9));
	CHECK(seti(fd, IPPROTO_IPV6, IPV6_TCLASS, 0x20));
	n = echo_req(pkt, 0x4321, 3, "hops");
	CHECK(sendto(fd, pkt, n, 0, (struct sockaddr *)&lo, sizeof lo));
	recv_one(fd, "recvfrom 1", 0);
	recv_one(fd, "recvfrom 2", 0);

	SECTION("MSG_TRUNC, FIONREAD");
	{
		unsigned char small[10];
		int inq = -1;
		n = echo_req(pkt, 0x1234, 4, "truncated");
		CHECK(sendto(fd, pkt, n, 0, (struct sockaddr *)&lo, sizeof lo));
		CHECK(ioctl(fd, FIONREAD, &inq));
		printf("FIONREAD=%d\n", inq);
		CHECK(recv(fd, small, sizeof small, 0));
		CHECK(recv(fd, small, sizeof small, MSG_TRUNC));
	}

	SECTION("sendto errors");
	{
		struct sockaddr_in s4;
		memset(&s4, 0, sizeof s4);
		s4.sin_family = AF_INET;
		n = echo_req(pkt, 0x1234, 5, "x");
		CHECK(sendto(fd, pkt, n, 0, (struct sockaddr *)&lo, 23));
		CHECK(sendto(fd, pkt, n, 0, (struct sockaddr *)&s4, sizeof s4));
		CHECK(send(fd, pkt, n, 0));
		a = sin6("::1", 17);
		CHECK(sendto(fd, pkt, n, 0, (struct sockaddr *)&a, sizeof a));
		a = sin6("::1", 58);
		CHECK(sendto(fd, pkt, n, 0, (struct sockaddr *)&a, sizeof a));
		recv_one(fd, "recvfrom 1", 0);
		recv_one(fd, "recvfrom 2", 0);
		a = sin6("2001:db8::1", 0);
		CHECK(sendto(fd, pkt, n, 0, (struct sockaddr *)&a, sizeof a));
		CHECK(sendto(fd, pkt, n, MSG_OOB, (struct sockaddr *)&lo, sizeof lo));
		recv_one(fd, "recvfrom (nothing sent)", MSG_DONTWAIT);
	}

	SECTION("bind, connect, send");
	{
		int b = CHECK(socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6));
		struct sockaddr_in s4;
		memset(&s4, 0, sizeof s4);
		s4.sin_family = AF_INET;
		CHECK(bind(b, (struct sockaddr *)&s4, sizeof s4));
		a = sin6("2001:db8::1", 0);
		CHECK(bind(b, (struct sockaddr *)&a, sizeof a));
		a = sin6("::ffff:127.0.0.1", 0);
		CHECK(bind(b, (struct sockaddr *)&a, sizeof a));
		a = sin6("::1", 0);
		CHECK(bind(b, (struct sockaddr *)&a, 20));
		CHECK(bind(b, (struct sockaddr *)&a, sizeof a));
		alen = sizeof a;
		CHECK(getsockname(b, (struct sockaddr *)&a, &alen));
		inet_ntop(AF_INET6, &a.sin6_addr, ip, sizeof ip);
		printf("local: port=%d addr=%s\n", ntohs(a.sin6_port), ip);
		a = sin6("::1", 0);
		CHECK(connect(b, (struct sockaddr *)&a, sizeof a));
		alen = sizeof a;
		CHECK(getpeername(b, (struct sockaddr *)&a, &alen));
		n = echo_req(pkt, 0x5555, 6, "connected");
		CHECK(send(b, pkt, n, 0));
		recv_one(b, "recv on the connected socket 1", 0);
		recv_one(b, "recv on the connected socket 2", 0);
		recv_one(fd, "recv on the first socket 1", 0);
		recv_one(fd, "recv on the first socket 2", 0);
		close(b);
	}

	SECTION("a UDP datagram to a closed port: the raw socket hears the ICMPv6 error");
	{
		int u = CHECK(socket(AF_INET6, SOCK_DGRAM, 0));
		a = sin6("::1", 9);
		CHECK(sendto(u, "x", 1, 0, (struct sockaddr *)&a, sizeof a));
		recv_one(fd, "recvfrom", 0);
		close(u);
	}
	close(fd);
	return 0;
}
