/* int80: inet_* address conversions (after musl), built against the Linux
 * AF_INET/AF_INET6 values; wasi-libc's copies were compiled with WASI's. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <ctype.h>
#include <stdlib.h>

int inet_aton(const char *s0, struct in_addr *dest)
{
	const char *s = s0;
	unsigned char *d = (void *)dest;
	unsigned long a[4] = { 0 };
	char *z;
	int i;

	for (i = 0; i < 4; i++) {
		a[i] = strtoul(s, &z, 0);
		if (z == s || (*z && *z != '.') || !isdigit((unsigned char)*s))
			return 0;
		if (!*z) break;
		s = z + 1;
	}
	if (i == 4) return 0;
	switch (i) {
	case 0:
		a[1] = a[0] & 0xffffff;
		a[0] >>= 24;
		/* fallthrough */
	case 1:
		a[2] = a[1] & 0xffff;
		a[1] >>= 16;
		/* fallthrough */
	case 2:
		a[3] = a[2] & 0xff;
		a[2] >>= 8;
	}
	for (i = 0; i < 4; i++) {
		if (a[i] > 255) return 0;
		d[i] = a[i];
	}
	return 1;
}

in_addr_t inet_addr(const char *p)
{
	struct in_addr a;
	if (!inet_aton(p, &a)) return -1;
	return a.s_addr;
}

char *inet_ntoa(struct in_addr in)
{
	static char buf[16];
	unsigned char *a = (void *)&in;
	snprintf(buf, sizeof buf, "%d.%d.%d.%d", a[0], a[1], a[2], a[3]);
	return buf;
}

in_addr_t inet_network(const char *p)
{
	return ntohl(inet_addr(p));
}

const char *inet_ntop(int af, const void *__restrict a0, char *__restrict s, socklen_t l)
{
	const unsigned char *a = a0;
	int i, j, max, best;
	char buf[100];

	switch (af) {
	case AF_INET:
		if (snprintf(s, l, "%d.%d.%d.%d", a[0], a[1], a[2], a[3]) < (int)l)
			return s;
		break;
	case AF_INET6:
		/* glibc (RFC 4291 2.5.5.1): an IPv4-compatible address ::a.b.c.d, i.e. twelve zero
		 * bytes then a nonzero seventh word, keeps its dotted tail too */
		if (!memcmp(a, "\0\0\0\0\0\0\0\0\0\0\0\0", 12) && (a[12] | a[13])) {
			if (snprintf(s, l, "::%d.%d.%d.%d", a[12], a[13], a[14], a[15]) < (int)l)
				return s;
			break;
		}
		if (memcmp(a, "\0\0\0\0\0\0\0\0\0\0\377\377", 12))
			snprintf(buf, sizeof buf,
				"%x:%x:%x:%x:%x:%x:%x:%x",
				256*a[0]+a[1], 256*a[2]+a[3],
				256*a[4]+a[5], 256*a[6]+a[7],
				256*a[8]+a[9], 256*a[10]+a[11],
				256*a[12]+a[13], 256*a[14]+a[15]);
		else
			snprintf(buf, sizeof buf,
				"%x:%x:%x:%x:%x:%x:%d.%d.%d.%d",
				256*a[0]+a[1], 256*a[2]+a[3],
				256*a[4]+a[5], 256*a[6]+a[7],
				256*a[8]+a[9], 256*a[10]+a[11],
				a[12], a[13], a[14], a[15]);
		/* Replace longest /(^0|:)[:0]{2,}/ with "::" */
		for (i = best = 0, max = 2; buf[i]; i++) {
			if (i && buf[i] != ':') continue;
			j = strspn(buf + i, ":0");
			if (j > max) best = i, max = j;
		}
		if (max > 3) {
			buf[best] = buf[best + 1] = ':';
			memmove(buf + best + 2, buf + best + max, i - best - max + 1);
		}
		if (strlen(buf) < l) {
			strcpy(s, buf);
			return s;
		}
		break;
	default:
		errno = EAFNOSUPPORT;
		return 0;
	}
	errno = ENOSPC;
	return 0;
}

static int hexval(unsigned c)
{
	if (c - '0' < 10) return c - '0';
	c |= 32;
	if (c - 'a' < 6) return c - 'a' + 10;
	return -1;
}

int inet_pton(int af, const char *__restrict s, void *__restrict a0)
{
	uint16_t ip[8];
	unsigned char *a = a0;
	int i, j, v, d, brk = -1, need_v4 = 0;

	if (af == AF_INET) {
		for (i = 0; i < 4; i++) {
			for (v = j = 0; j < 3 && isdigit((unsigned char)s[j]); j++)
				v = 10 * v + s[j] - '0';
			if (j == 0 || (j > 1 && s[0] == '0') || v > 255) return 0;
			a[i] = v;
			if (s[j] == 0 && i == 3) return 1;
			if (s[j] != '.') return 0;
			s += j + 1;
		}
		return 0;
	} else if (af != AF_INET6) {
		errno = EAFNOSUPPORT;
		return -1;
	}

	if (*s == ':' && *++s != ':') return 0;

	for (i = 0; ; i++) {
		if (s[0] == ':' && brk < 0) {
			brk = i;
			ip[i & 7] = 0;
			if (!*++s) break;
			if (i == 7) return 0;
			continue;
		}
		for (v = j = 0; j < 4 && (d = hexval(s[j])) >= 0; j++)
			v = 16 * v + d;
		if (j == 0) return 0;
		ip[i & 7] = v;
		if (!s[j] && (brk >= 0 || i == 7)) break;
		if (i == 7) return 0;
		if (s[j] != ':') {
			if (s[j] != '.' || (i < 6 && brk < 0)) return 0;
			need_v4 = 1;
			i++;
			ip[i & 7] = 0;
			break;
		}
		s += j + 1;
	}
	if (brk >= 0) {
		memmove(ip + brk + 7 - i, ip + brk, 2 * (i + 1 - brk));
		for (j = 0; j < 7 - i; j++) ip[brk + j] = 0;
	}
	for (j = 0; j < 8; j++) {
		*a++ = ip[j] >> 8;
		*a++ = ip[j];
	}
	if (need_v4 && inet_pton(AF_INET, (void *)s, a - 4) <= 0) return 0;
	return 1;
}

int __inet_aton(const char *s, struct in_addr *dest) { return inet_aton(s, dest); }

/* Classful legacy helpers, glibc semantics (host-order arguments and results). */
struct in_addr inet_makeaddr(in_addr_t net, in_addr_t host)
{
	struct in_addr a;
	if (net < 128)
		a.s_addr = (net << 24) | (host & 0xffffff);
	else if (net < 65536)
		a.s_addr = (net << 16) | (host & 0xffff);
	else if (net < 16777216)
		a.s_addr = (net << 8) | (host & 0xff);
	else
		a.s_addr = net | host;
	a.s_addr = htonl(a.s_addr);
	return a;
}

in_addr_t inet_lnaof(struct in_addr in)
{
	uint32_t h = ntohl(in.s_addr);
	if ((h & 0x80000000u) == 0) return h & 0xffffff;
	if ((h & 0xc0000000u) == 0x80000000u) return h & 0xffff;
	return h & 0xff;
}

in_addr_t inet_netof(struct in_addr in)
{
	uint32_t h = ntohl(in.s_addr);
	if ((h & 0x80000000u) == 0) return h >> 24;
	if ((h & 0xc0000000u) == 0x80000000u) return h >> 16;
	return h >> 8;
}

/* in6addr_any, in6addr_loopback (RFC 3493 3.8) */
const struct in6_addr in6addr_any = IN6ADDR_ANY_INIT;
const struct in6_addr in6addr_loopback = IN6ADDR_LOOPBACK_INIT;
