/* raw_icmp.c - raw IPv4 sockets as root (net/ipv4/raw.c): socket(AF_INET, SOCK_RAW, 0)
 * is EPROTONOSUPPORT; an IPPROTO_ICMP socket sends an echo request to 127.0.0.1 (the
 * program computes the ICMP checksum, as ping does) and receives whole IPv4 packets:
 * first its own request (lo delivers it to every raw ICMP socket), then the kernel's echo
 * reply; ICMP_FILTER; names; connect/send; MSG_TRUNC; an ICMP port unreachable seen by
 * the raw socket; IPPROTO_RAW (IP_HDRINCL) sending a hand-made header. Recorded with the
 * x86_64 build: qemu-i386 answers SOL_RAW options itself (EOPNOTSUPP, EINVAL for a short
 * ICMP_FILTER), where the kernel copies min(optlen, 4) bytes (raw_seticmpfilter).
 * record: netns-lo debian-hosts (so that nothing else on the machine's lo is heard) */
#include "common.h"

#ifndef ICMP_FILTER
#define ICMP_FILTER 1
#endif

static unsigned short csum(const void *p, int n)
{
	const unsigned char *b = p;
	unsigned long s = 0;
	for (int i = 0; i + 1 < n; i += 2)
		s += (b[i] << 8) | b[i + 1];
	if (n & 1)
		s += b[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (unsigned short)~s;
}

static struct sockaddr_in sin4(const char *ip, int port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

/* an echo request of 8 + n bytes (type 8, id, seq, data), checksummed */
static int echo_req(unsigned char *p, int id, int seq, const char *data)
{
	int n = (int)strlen(data);
	p[0] = 8;
	p[1] = 0;
	p[2] = p[3] = 0;
	p[4] = id >> 8; p[5] = id & 0xff;
	p[6] = seq >> 8; p[7] = seq & 0xff;
	memcpy(p + 8, data, n);
	unsigned short c = csum(p, 8 + n);
	p[2] = c >> 8; p[3] = c & 0xff;
	return 8 + n;
}

/* one packet as a raw IPv4 socket gives it: the IPv4 header, then ICMP */
static void show_pkt(const char *what, const unsigned char *p, long n, const struct sockaddr_in *from, socklen_t flen)
{
	char src[16], dst[16], f[16];
	if (n < 0) {
		printf("%s -> -1 %s\n", what, errname(errno));
		return;
	}
	printf("%s -> %ld", what, n);
	if (from) {
		inet_ntop(AF_INET, &from->sin_addr, f, sizeof f);
		printf(" from len=%u family=%d port=%d addr=%s", (unsigned)flen, from->sin_family, ntohs(from->sin_port), f);
	}
	printf("\n");
	if (n < 20) return;
	int ihl = (p[0] & 15) * 4;
	inet_ntop(AF_INET, p + 12, src, sizeof src);
	inet_ntop(AF_INET, p + 16, dst, sizeof dst);
	printf("  ip: version=%d ihl=%d tos=0x%02x tot_len=%d frag=0x%04x ttl=%d proto=%d hdr_csum=%s %s -> %s\n",
	       p[0] >> 4, ihl, p[1], (p[2] << 8) | p[3], (p[6] << 8) | p[7], p[8], p[9],
	       csum(p, ihl) == 0 ? "ok" : "BAD", src, dst);
	if (n < ihl + 8) return;
	const unsigned char *ic = p + ihl;
	int len = (int)n - ihl;
	printf("  icmp: type=%d code=%d csum=%s", ic[0], ic[1], csum(ic, len) == 0 ? "ok" : "BAD");
	if (ic[0] == 0 || ic[0] == 8)
		printf(" id=0x%04x seq=%d data=\"%.*s\"\n", (ic[4] << 8) | ic[5], (ic[6] << 8) | ic[7], len - 8, (const char *)ic + 8);
	else if (len >= 8 + 20 + 8)
		printf(" quoted proto=%d dport=%d\n", ic[8 + 9], (ic[8 + 20 + 2] << 8) | ic[8 + 20 + 3]);
	else
		printf("\n");
}

static void recv_one(int fd, const char *what, int flags)
{
	unsigned char buf[2048];
	struct sockaddr_in from;
	socklen_t flen = sizeof from;
	memset(&from, 0xee, sizeof from);
	errno = 0;
	long n = recvfrom(fd, buf, sizeof buf, flags, (struct sockaddr *)&from, &flen);
	show_pkt(what, buf, n, n >= 0 ? &from : NULL, flen);
}

static unsigned char big[70000];

static int geti(int fd, int level, int opt)
{
	int v = -1;
	socklen_t len = sizeof v;
	if (getsockopt(fd, level, opt, &v, &len) < 0)
		return -errno;
	return v;
}

int main(void)
{
	unsigned char pkt[256];
	struct sockaddr_in lo = sin4("127.0.0.1", 0), a;
	socklen_t alen;
	int n;
	setvbuf(stdout, NULL, _IONBF, 0);

	SECTION("create");
	CHECK(socket(AF_INET, SOCK_RAW, 0));
	CHECK(socket(AF_INET, SOCK_RAW, -1));
	CHECK(socket(AF_INET, SOCK_RAW, 263));
	CHECK(socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP) >= 0 ? 0 : -1);
	int fd = CHECK(socket(AF_INET, SOCK_RAW, IPPROTO_ICMP));
	printf("SO_TYPE=%d SO_PROTOCOL=%d SO_DOMAIN=%d\n", geti(fd, SOL_SOCKET, SO_TYPE), geti(fd, SOL_SOCKET, SO_PROTOCOL),
	       geti(fd, SOL_SOCKET, SO_DOMAIN));
	printf("IP_HDRINCL=%d IP_TTL=%d\n", geti(fd, IPPROTO_IP, IP_HDRINCL), geti(fd, IPPROTO_IP, IP_TTL));
	alen = sizeof a;
	memset(&a, 0xee, sizeof a);
	CHECK(getsockname(fd, (struct sockaddr *)&a, &alen));
	printf("local: len=%u family=%d port=%d addr=%s\n", (unsigned)alen, a.sin_family, ntohs(a.sin_port), inet_ntoa(a.sin_addr));
	alen = sizeof a;
	CHECK(getpeername(fd, (struct sockaddr *)&a, &alen));
	{
		unsigned int filt = 0xdead;
		socklen_t fl = sizeof filt;
		CHECK(getsockopt(fd, SOL_RAW, ICMP_FILTER, &filt, &fl));
		printf("ICMP_FILTER=0x%x len=%u\n", filt, (unsigned)fl);
	}

	SECTION("echo request to 127.0.0.1, own request then the reply");
	n = echo_req(pkt, 0x1234, 1, "int80 ping");
	CHECK(sendto(fd, pkt, n, 0, (struct sockaddr *)&lo, sizeof lo));
	recv_one(fd, "recvfrom 1", 0);
	recv_one(fd, "recvfrom 2", 0);
	recv_one(fd, "recvfrom (nothing more)", MSG_DONTWAIT);

	SECTION("ICMP_FILTER blocks echo requests (type 8)");
	{
		unsigned int filt = 1u << 8;
		CHECK(setsockopt(fd, SOL_RAW, ICMP_FILTER, &filt, sizeof filt));
		CHECK(setsockopt(fd, SOL_RAW, ICMP_FILTER, &filt, 2));
		CHECK(setsockopt(fd, SOL_RAW, 2, &filt, sizeof filt));
		n = echo_req(pkt, 0x1234, 2, "filtered");
		CHECK(sendto(fd, pkt, n, 0, (struct sockaddr *)&lo, sizeof lo));
		recv_one(fd, "recvfrom", 0);
		recv_one(fd, "recvfrom (nothing more)", MSG_DONTWAIT);
	}

	SECTION("TOS and TTL of the request; the reply keeps the TOS");
	{
		int tos = 0x20, ttl = 7;
		unsigned int filt = 0;
		CHECK(setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos));
		CHECK(setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl));
		CHECK(setsockopt(fd, SOL_RAW, ICMP_FILTER, &filt, sizeof filt));
		n = echo_req(pkt, 0x4321, 3, "tos");
		CHECK(sendto(fd, pkt, n, 0, (struct sockaddr *)&lo, sizeof lo));
		recv_one(fd, "recvfrom 1", 0);
		recv_one(fd, "recvfrom 2", 0);
		tos = 0;
		ttl = 64;
		CHECK(setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos));
		CHECK(setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl));
	}

	SECTION("MSG_TRUNC, SIOCINQ");
	{
		unsigned char small[24];
		struct iovec iov = { small, sizeof small };
		struct msghdr m;
		int inq = -1;
		n = echo_req(pkt, 0x1234, 4, "truncated");
		CHECK(sendto(fd, pkt, n, 0, (struct sockaddr *)&lo, sizeof lo));
		CHECK(ioctl(fd, FIONREAD, &inq));
		printf("FIONREAD=%d\n", inq);
		memset(&m, 0, sizeof m);
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		CHECK(recvmsg(fd, &m, 0));
		show_msg_flags("recvmsg", m.msg_flags);
		CHECK(recv(fd, small, sizeof small, MSG_TRUNC));
	}

	SECTION("sendto errors");
	{
		struct sockaddr_in6 s6;
		memset(&s6, 0, sizeof s6);
		s6.sin6_family = AF_INET6;
		n = echo_req(pkt, 0x1234, 5, "x");
		CHECK(sendto(fd, pkt, n, 0, (struct sockaddr *)&lo, sizeof lo - 1));
		CHECK(sendto(fd, pkt, n, 0, (struct sockaddr *)&s6, sizeof s6));
		CHECK(send(fd, pkt, n, 0));
		CHECK(sendto(fd, big, sizeof big, 0, (struct sockaddr *)&lo, sizeof lo));
		a = sin4("10.1.2.3", 0);
		CHECK(sendto(fd, pkt, n, 0, (struct sockaddr *)&a, sizeof a));
		CHECK(sendto(fd, pkt, n, MSG_OOB, (struct sockaddr *)&lo, sizeof lo));
		recv_one(fd, "recvfrom (nothing sent)", MSG_DONTWAIT);
	}

	SECTION("bind, connect, send");
	{
		int b = CHECK(socket(AF_INET, SOCK_RAW, IPPROTO_ICMP));
		a = sin4("10.1.2.3", 0);
		CHECK(bind(b, (struct sockaddr *)&a, sizeof a));
		a = sin4("127.0.0.1", 99);
		CHECK(bind(b, (struct sockaddr *)&a, sizeof a - 1));
		CHECK(bind(b, (struct sockaddr *)&a, sizeof a));
		alen = sizeof a;
		CHECK(getsockname(b, (struct sockaddr *)&a, &alen));
		printf("local: port=%d addr=%s\n", ntohs(a.sin_port), inet_ntoa(a.sin_addr));
		a = sin4("127.0.0.1", 0);
		CHECK(connect(b, (struct sockaddr *)&a, sizeof a));
		alen = sizeof a;
		CHECK(getpeername(b, (struct sockaddr *)&a, &alen));
		n = echo_req(pkt, 0x5555, 6, "connected");
		CHECK(send(b, pkt, n, 0));
		recv_one(b, "recv on the connected socket 1", 0);
		recv_one(b, "recv on the connected socket 2", 0);
		/* the first socket hears them too */
		recv_one(fd, "recv on the first socket 1", 0);
		recv_one(fd, "recv on the first socket 2", 0);
		close(b);
	}

	SECTION("a UDP datagram to a closed port: the raw socket hears the ICMP error");
	{
		int u = CHECK(socket(AF_INET, SOCK_DGRAM, 0));
		a = sin4("127.0.0.1", 9);
		CHECK(sendto(u, "x", 1, 0, (struct sockaddr *)&a, sizeof a));
		recv_one(fd, "recvfrom", 0);
		close(u);
	}

	SECTION("IPPROTO_RAW: IP_HDRINCL, a hand-made header (the kernel fills tot_len, id, checksum, saddr)");
	{
		int r = CHECK(socket(AF_INET, SOCK_RAW, IPPROTO_RAW));
		int one = 1, udp = socket(AF_INET, SOCK_DGRAM, 0);
		printf("IP_HDRINCL=%d\n", geti(r, IPPROTO_IP, IP_HDRINCL));
		CHECK(setsockopt(udp, IPPROTO_IP, IP_HDRINCL, &one, sizeof one));
		close(udp);
		alen = sizeof a;
		CHECK(getsockname(r, (struct sockaddr *)&a, &alen));
		printf("local: port=%d\n", ntohs(a.sin_port));
		memset(pkt, 0, 20);
		pkt[0] = 0x45;
		pkt[8] = 33;
		pkt[9] = IPPROTO_ICMP;
		inet_pton(AF_INET, "127.0.0.1", pkt + 16);
		n = echo_req(pkt + 20, 0x7777, 7, "hdrincl");
		CHECK(sendto(r, pkt, 20 + n, 0, (struct sockaddr *)&lo, sizeof lo));
		CHECK(sendto(r, pkt, 10, 0, (struct sockaddr *)&lo, sizeof lo));
		recv_one(fd, "recvfrom 1", 0);
		recv_one(fd, "recvfrom 2", 0);
		recv_one(r, "recvfrom on IPPROTO_RAW", MSG_DONTWAIT);
		close(r);
	}
	close(fd);
	return 0;
}
