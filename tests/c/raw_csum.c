/* raw_csum.c - TCP and UDP checksums on lo, as raw sockets see them (root). lo offers
 * checksum offload (NETIF_F_HW_CSUM), so Linux leaves the segments of its own TCP and UDP
 * CHECKSUM_PARTIAL: the check field holds the folded pseudo-header sum only, nothing
 * completes it, and the receiver trusts it (skb_csum_unnecessary). A packet injected with
 * IP_HDRINCL is CHECKSUM_NONE and is verified: a SYN or a datagram with a wrong checksum
 * is dropped, the same with the right one is answered. IPv4's reset without a socket
 * (ip_send_unicast_reply) carries its whole checksum; ::1's TCP and UDP the pseudo sum.
 * record: netns-lo debian-hosts (so that nothing else on the machine's lo is heard) */
#include "common.h"
#include <poll.h>

/* unfolded one's complement sum of big-endian 16-bit words */
static unsigned long sum16(const unsigned char *b, int n, unsigned long s)
{
	for (int i = 0; i + 1 < n; i += 2)
		s += (b[i] << 8) | b[i + 1];
	if (n & 1)
		s += b[n - 1] << 8;
	return s;
}

static unsigned fold(unsigned long s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (unsigned)s;
}

/* the pseudo-header sum of an IPv4 packet's transport part, folded */
static unsigned pseudo4(const unsigned char *ip, int proto, int len)
{
	return fold(sum16(ip + 12, 8, 0) + proto + len);
}

static const char *kind(unsigned check, unsigned pseudo, unsigned long whole)
{
	if (fold(whole) == 0xffff)
		return "complete";
	if (check == pseudo)
		return "pseudo-header sum";
	return "other";
}

static unsigned short lport, cport;

static const char *who(unsigned short port)
{
	if (port == lport)
		return "listener";
	if (port == cport)
		return "client";
	if (port == 4444)
		return "injector";
	if (port == 5555)
		return "udp-rx";
	return "other";
}

/* every IPv4 packet queued on the raw socket: protocol, ports by role, flags, checksum kind */
static void drain(int raw, const char *what)
{
	unsigned char p[70000];
	printf("%s:\n", what);
	for (;;) {
		long n = recv(raw, p, sizeof p, MSG_DONTWAIT);
		if (n < 0) {
			printf("  (then %s)\n", errname(errno));
			return;
		}
		int ihl = (p[0] & 15) * 4, proto = p[9], len = (int)n - ihl;
		const unsigned char *t = p + ihl;
		unsigned sport = (t[0] << 8) | t[1], dport = (t[2] << 8) | t[3];
		int off = proto == IPPROTO_TCP ? 16 : 6;
		unsigned check = (t[off] << 8) | t[off + 1];
		unsigned pseudo = pseudo4(p, proto, len);
		unsigned long whole = sum16(t, len, sum16(p + 12, 8, 0) + proto + len);
		printf("  %s %s -> %s", proto == IPPROTO_TCP ? "tcp" : "udp", who(sport), who(dport));
		if (proto == IPPROTO_TCP)
			printf(" flags=%s%s%s%s%s len=%d", t[13] & 2 ? "S" : "", t[13] & 16 ? "A" : "", t[13] & 8 ? "P" : "",
			       t[13] & 1 ? "F" : "", t[13] & 4 ? "R" : "", len - (t[12] >> 4) * 4);
		else
			printf(" len=%d", len - 8);
		printf(" check: %s\n", kind(check, pseudo, whole));
	}
}

/* an IPv4 packet 127.0.0.1 -> 127.0.0.1 of protocol proto around the transport bytes t */
static int build(unsigned char *p, int proto, const unsigned char *t, int tlen, int good)
{
	memset(p, 0, 20);
	p[0] = 0x45;
	p[8] = 64;
	p[9] = proto;
	p[12] = 127; p[15] = 1;
	p[16] = 127; p[19] = 1;
	memcpy(p + 20, t, tlen);
	int off = proto == IPPROTO_TCP ? 16 : 6;
	p[20 + off] = p[21 + off] = 0;
	unsigned c = (~fold(sum16(p + 20, tlen, sum16(p + 12, 8, 0) + proto + tlen))) & 0xffff;
	if (!good)
		c ^= 0x0101;
	p[20 + off] = c >> 8;
	p[21 + off] = c & 0xff;
	return 20 + tlen;
}

int main(void)
{
	struct sockaddr_in a;
	socklen_t alen;
	unsigned char pkt[256];

	int rawtcp = CHECK(socket(AF_INET, SOCK_RAW, IPPROTO_TCP));
	int rawudp = CHECK(socket(AF_INET, SOCK_RAW, IPPROTO_UDP));
	int inj = CHECK(socket(AF_INET, SOCK_RAW, IPPROTO_RAW));

	SECTION("TCP over 127.0.0.1: handshake, data, close");
	int l = CHECK(socket(AF_INET, SOCK_STREAM, 0));
	a = lo4(0);
	CHECK(bind(l, (struct sockaddr *)&a, sizeof a));
	CHECK(listen(l, 4));
	alen = sizeof a;
	CHECK(getsockname(l, (struct sockaddr *)&a, &alen));
	lport = ntohs(a.sin_port);
	int c = CHECK(socket(AF_INET, SOCK_STREAM, 0));
	CHECK(connect(c, (struct sockaddr *)&a, sizeof a));
	alen = sizeof a;
	CHECK(getsockname(c, (struct sockaddr *)&a, &alen));
	cport = ntohs(a.sin_port);
	int s = CHECK(accept(l, NULL, NULL));
	CHECK(write(c, "hello", 5));
	char buf[16];
	printf("read -> %ld\n", (long)read(s, buf, sizeof buf));
	drain(rawtcp, "raw IPPROTO_TCP socket");

	SECTION("an injected SYN (IP_HDRINCL) with a wrong checksum is dropped, with the right one answered");
	unsigned char syn[20] = { 0x11, 0x5c /* 4444 */, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff };
	syn[2] = lport >> 8;
	syn[3] = lport & 0xff;
	a = lo4(0);
	int n = build(pkt, IPPROTO_TCP, syn, 20, 0);
	printf("sendto(bad checksum) -> %ld\n", (long)sendto(inj, pkt, n, 0, (struct sockaddr *)&a, sizeof a));
	drain(rawtcp, "after the bad SYN");
	n = build(pkt, IPPROTO_TCP, syn, 20, 1);
	printf("sendto(good checksum) -> %ld\n", (long)sendto(inj, pkt, n, 0, (struct sockaddr *)&a, sizeof a));
	drain(rawtcp, "after the good SYN (the SYN-ACK goes to no socket: a reset answers it)");

	SECTION("UDP over 127.0.0.1");
	int u = CHECK(socket(AF_INET, SOCK_DGRAM, 0));
	a = lo4(5555);
	CHECK(bind(u, (struct sockaddr *)&a, sizeof a));
	int u2 = CHECK(socket(AF_INET, SOCK_DGRAM, 0));
	struct sockaddr_in b = lo4(4444);
	CHECK(bind(u2, (struct sockaddr *)&b, sizeof b));
	printf("sendto -> %ld\n", (long)sendto(u2, "datagram", 8, 0, (struct sockaddr *)&a, sizeof a));
	printf("recv -> %ld\n", (long)recv(u, buf, sizeof buf, MSG_DONTWAIT));
	drain(rawudp, "raw IPPROTO_UDP socket");
	unsigned char dg[13] = { 0x11, 0x5c, 0x15, 0xb3 /* 4444 -> 5555 */, 0, 13, 0, 0, 'h', 'e', 'l', 'l', 'o' };
	n = build(pkt, IPPROTO_UDP, dg, 13, 0);
	printf("sendto(bad checksum) -> %ld\n", (long)sendto(inj, pkt, n, 0, (struct sockaddr *)&a, sizeof a));
	errno = 0;
	long r = recv(u, buf, sizeof buf, MSG_DONTWAIT);
	printf("recv -> %ld %s\n", r, errname(errno));
	n = build(pkt, IPPROTO_UDP, dg, 13, 1);
	printf("sendto(good checksum) -> %ld\n", (long)sendto(inj, pkt, n, 0, (struct sockaddr *)&a, sizeof a));
	printf("recv -> %ld\n", (long)recv(u, buf, sizeof buf, MSG_DONTWAIT));
	drain(rawudp, "raw IPPROTO_UDP socket");

	close(c);
	close(s);
	close(l);
	return 0;
}
