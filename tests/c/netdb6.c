/* netdb6.c - IPv6 in the resolver and address conversions: getaddrinfo with
 * AF_UNSPEC / AF_INET6 / AF_INET, AI_PASSIVE, AI_NUMERICHOST, AI_V4MAPPED, AI_ALL,
 * AI_ADDRCONFIG on a machine whose only interface is lo; "localhost" and
 * "ip6-localhost" from a Debian /etc/hosts (glibc's order: ::1 first, RFC 6724);
 * getnameinfo of sockaddr_in6; inet_pton / inet_ntop in RFC 5952 text;
 * in6addr_any / in6addr_loopback and the IN6_IS_ADDR_* macros.
 * record: netns-lo debian-hosts (record.sh runs it in a network namespace with only
 * lo up and tests/c/hosts.debian as /etc/hosts: the machine int80 emulates). */
#include "common.h"
#include <netdb.h>

static void show(const char *what, int rc, struct addrinfo *res)
{
	if (rc) {
		printf("%s -> %s\n", what, gai_strerror(rc));
		return;
	}
	printf("%s ->\n", what);
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		char host[INET6_ADDRSTRLEN];
		int port;
		if (ai->ai_family == AF_INET6) {
			struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ai->ai_addr;
			inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof host);
			port = ntohs(s6->sin6_port);
		} else {
			struct sockaddr_in *sin = (struct sockaddr_in *)ai->ai_addr;
			inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
			port = ntohs(sin->sin_port);
		}
		printf("  %s %s/%d [%s]:%d len %u%s%s\n", ai->ai_family == AF_INET6 ? "AF_INET6" : ai->ai_family == AF_INET ? "AF_INET" : "other",
		       ai->ai_socktype == SOCK_STREAM ? "STREAM" : ai->ai_socktype == SOCK_DGRAM ? "DGRAM" : "RAW",
		       ai->ai_protocol, host, port, (unsigned)ai->ai_addrlen,
		       ai->ai_canonname ? " canon " : "", ai->ai_canonname ? ai->ai_canonname : "");
	}
	freeaddrinfo(res);
}

static void gai(const char *node, const char *serv, int family, int socktype, int flags, const char *label)
{
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = family;
	hints.ai_socktype = socktype;
	hints.ai_flags = flags;
	int rc = getaddrinfo(node, serv, &hints, &res);
	char what[160];
	snprintf(what, sizeof what, "getaddrinfo(%s%s%s, %s, %s, %s)", node ? "\"" : "", node ? node : "NULL", node ? "\"" : "",
	         serv ? serv : "NULL", family == AF_INET6 ? "AF_INET6" : family == AF_INET ? "AF_INET" : "AF_UNSPEC", label);
	show(what, rc, res);
}

static void pton_ntop(const char *text)
{
	unsigned char a[16];
	char out[INET6_ADDRSTRLEN];
	int r = inet_pton(AF_INET6, text, a);
	if (r != 1) {
		printf("inet_pton(\"%s\") -> %d\n", text, r);
		return;
	}
	inet_ntop(AF_INET6, a, out, sizeof out);
	printf("inet_pton(\"%s\") -> 1 -> \"%s\"\n", text, out);
}

static void ni(const char *ip, int port, int flags, const char *label)
{
	struct sockaddr_in6 s6;
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	memset(&s6, 0, sizeof s6);
	s6.sin6_family = AF_INET6;
	s6.sin6_port = htons(port);
	inet_pton(AF_INET6, ip, &s6.sin6_addr);
	int rc = getnameinfo((struct sockaddr *)&s6, sizeof s6, host, sizeof host, serv, sizeof serv, flags);
	if (rc) printf("getnameinfo([%s]:%d, %s) -> %s\n", ip, port, label, gai_strerror(rc));
	else printf("getnameinfo([%s]:%d, %s) -> %s %s\n", ip, port, label, host, serv);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);

	SECTION("getaddrinfo numeric");
	gai("::1", "80", AF_UNSPEC, SOCK_STREAM, 0, "0");
	gai("::1", "80", AF_INET6, 0, 0, "0");
	gai("::1", "80", AF_INET, SOCK_STREAM, 0, "0");
	gai("::ffff:127.0.0.1", "7", AF_UNSPEC, SOCK_DGRAM, AI_NUMERICHOST, "AI_NUMERICHOST");
	gai("127.0.0.1", "7", AF_INET6, SOCK_DGRAM, 0, "0");
	gai("127.0.0.1", "7", AF_INET6, SOCK_DGRAM, AI_V4MAPPED, "AI_V4MAPPED");
	gai("::1", "http", AF_INET6, SOCK_STREAM, AI_NUMERICHOST, "AI_NUMERICHOST");
	gai("localhost", "80", AF_INET6, SOCK_STREAM, AI_NUMERICHOST, "AI_NUMERICHOST");
	gai("fe80::1%1", "80", AF_INET6, SOCK_STREAM, AI_NUMERICHOST, "AI_NUMERICHOST");
	gai("1:2:3:4:5:6:7:8:9", "80", AF_UNSPEC, SOCK_STREAM, 0, "0");

	SECTION("getaddrinfo passive and NULL node");
	gai(NULL, "8080", AF_INET6, SOCK_STREAM, AI_PASSIVE, "AI_PASSIVE");
	gai(NULL, "8080", AF_INET6, SOCK_STREAM, 0, "0");
	gai(NULL, "8080", AF_UNSPEC, SOCK_STREAM, AI_PASSIVE, "AI_PASSIVE");
	gai(NULL, "8080", AF_UNSPEC, SOCK_DGRAM, 0, "0");

	SECTION("getaddrinfo names");
	gai("localhost", "80", AF_UNSPEC, SOCK_STREAM, 0, "0");
	gai("localhost", "80", AF_INET6, SOCK_STREAM, 0, "0");
	gai("localhost", "80", AF_INET, SOCK_STREAM, 0, "0");
	gai("localhost", NULL, AF_UNSPEC, 0, AI_CANONNAME, "AI_CANONNAME");
	gai("ip6-localhost", "22", AF_UNSPEC, SOCK_STREAM, 0, "0");
	gai("ip6-loopback", "22", AF_INET6, SOCK_STREAM, 0, "0");
	gai("ip6-localhost", "22", AF_INET, SOCK_STREAM, 0, "0");
	gai("localhost", "80", AF_INET6, SOCK_STREAM, AI_V4MAPPED, "AI_V4MAPPED");
	gai("localhost", "80", AF_INET6, SOCK_STREAM, AI_V4MAPPED | AI_ALL, "AI_V4MAPPED|AI_ALL");

	SECTION("AI_ADDRCONFIG on a loopback-only machine");
	gai("localhost", "80", AF_UNSPEC, SOCK_STREAM, AI_ADDRCONFIG, "AI_ADDRCONFIG");
	gai("localhost", "80", AF_INET6, SOCK_STREAM, AI_ADDRCONFIG, "AI_ADDRCONFIG");
	gai("localhost", "80", AF_INET, SOCK_STREAM, AI_ADDRCONFIG, "AI_ADDRCONFIG");
	gai("::1", "80", AF_INET6, SOCK_STREAM, AI_ADDRCONFIG, "AI_ADDRCONFIG");
	gai(NULL, "80", AF_UNSPEC, SOCK_STREAM, AI_PASSIVE | AI_ADDRCONFIG, "AI_PASSIVE|AI_ADDRCONFIG");

	SECTION("getnameinfo");
	ni("::1", 80, NI_NUMERICHOST | NI_NUMERICSERV, "NUMERICHOST|NUMERICSERV");
	ni("::1", 80, NI_NUMERICSERV, "NUMERICSERV");
	ni("::ffff:127.0.0.1", 7, NI_NUMERICHOST | NI_NUMERICSERV, "NUMERICHOST|NUMERICSERV");
	ni("2001:db8::5", 443, NI_NUMERICHOST, "NUMERICHOST");
	ni("::1", 22, NI_NUMERICHOST | NI_DGRAM, "NUMERICHOST|DGRAM");
	{
		struct sockaddr_in6 s6;
		char host[NI_MAXHOST];
		memset(&s6, 0, sizeof s6);
		s6.sin6_family = AF_INET6;
		printf("getnameinfo(short len) -> %d\n", getnameinfo((struct sockaddr *)&s6, 20, host, sizeof host, NULL, 0, NI_NUMERICHOST));
		printf("getnameinfo(tiny host buffer) -> %d\n", getnameinfo((struct sockaddr *)&s6, sizeof s6, host, 2, NULL, 0, NI_NUMERICHOST));
	}

	SECTION("inet_pton / inet_ntop (RFC 5952)");
	pton_ntop("::");
	pton_ntop("::1");
	pton_ntop("0:0:0:0:0:0:0:1");
	pton_ntop("2001:DB8:0:0:0:0:2:1");
	pton_ntop("2001:db8::0:1");
	pton_ntop("2001:db8:0:0:1:0:0:1");
	pton_ntop("2001:0:0:1:0:0:0:1");
	pton_ntop("2001:db8:0:1:1:1:1:1");
	pton_ntop("fe80::0202:b3ff:fe1e:8329");
	pton_ntop("::ffff:192.0.2.1");
	pton_ntop("::ffff:c000:0201");
	pton_ntop("ff02::1");
	pton_ntop("1:0:0:0:0:0:0:0");
	pton_ntop("1::");
	pton_ntop("::1:2:3:4:5:6:7");
	pton_ntop("1:2:3:4:5:6:7::");
	pton_ntop("1:2:3:4:5:6:7:8");
	pton_ntop(":::");
	pton_ntop("1:2:3:4:5:6:7:8:9");
	pton_ntop("12345::");
	pton_ntop("1::2::3");
	pton_ntop("::ffff:1.2.3");
	pton_ntop("::1.2.3.4");
	pton_ntop("g::1");
	pton_ntop("");
	{
		unsigned char a[16];
		char small[8];
		inet_pton(AF_INET6, "2001:db8::1", a);
		errno = 0;
		const char *r = inet_ntop(AF_INET6, a, small, sizeof small);
		int e = errno;
		printf("inet_ntop(small buffer) -> %s %s\n", r ? r : "NULL", errname(e));
		errno = 0;
		int r2 = inet_pton(AF_UNIX, "::1", a);
		printf("inet_pton(AF_UNIX) -> %d %s\n", r2, errname(errno));
	}

	SECTION("in6addr_* and IN6_IS_ADDR_*");
	{
		struct in6_addr any = IN6ADDR_ANY_INIT, lo = IN6ADDR_LOOPBACK_INIT, m, ll, mc;
		inet_pton(AF_INET6, "::ffff:127.0.0.1", &m);
		inet_pton(AF_INET6, "fe80::1", &ll);
		inet_pton(AF_INET6, "ff02::1", &mc);
		printf("in6addr_any %s in6addr_loopback %s\n", memcmp(&in6addr_any, &any, 16) ? "differs" : "ok",
		       memcmp(&in6addr_loopback, &lo, 16) ? "differs" : "ok");
		printf("UNSPECIFIED %d %d LOOPBACK %d %d V4MAPPED %d %d LINKLOCAL %d %d MULTICAST %d %d MC_LINKLOCAL %d V4COMPAT %d\n",
		       IN6_IS_ADDR_UNSPECIFIED(&any), IN6_IS_ADDR_UNSPECIFIED(&lo), IN6_IS_ADDR_LOOPBACK(&lo), IN6_IS_ADDR_LOOPBACK(&m),
		       IN6_IS_ADDR_V4MAPPED(&m), IN6_IS_ADDR_V4MAPPED(&lo), IN6_IS_ADDR_LINKLOCAL(&ll), IN6_IS_ADDR_LINKLOCAL(&lo),
		       IN6_IS_ADDR_MULTICAST(&mc), IN6_IS_ADDR_MULTICAST(&ll), IN6_IS_ADDR_MC_LINKLOCAL(&mc), IN6_IS_ADDR_V4COMPAT(&lo));
		printf("IN6_ARE_ADDR_EQUAL %d %d INET6_ADDRSTRLEN %d sizeof(sockaddr_in6) %u\n", IN6_ARE_ADDR_EQUAL(&lo, &in6addr_loopback),
		       IN6_ARE_ADDR_EQUAL(&lo, &any), INET6_ADDRSTRLEN, (unsigned)sizeof(struct sockaddr_in6));
	}
	return 0;
}
