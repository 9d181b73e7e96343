/* inet6_dual.c - Linux's dual stack on loopback: a [::] listener accepts an
 * IPv4 client and sees it as ::ffff:127.0.0.1; IPV6_V6ONLY refuses it; an
 * AF_INET6 socket connecting to a v4-mapped address talks IPv4 (an AF_INET
 * peer sees 127.0.0.1); UDP between the families; which v4/v6 binds of one
 * port conflict (inet_bind_conflict with ipv6_only), with and without
 * IPV6_V6ONLY and SO_REUSEADDR. */
#include "common.h"
#include <netinet/tcp.h>

static struct sockaddr_in6 sin6(const char *ip, int port)
{
	struct sockaddr_in6 a;
	memset(&a, 0, sizeof a);
	a.sin6_family = AF_INET6;
	a.sin6_port = htons(port);
	inet_pton(AF_INET6, ip, &a.sin6_addr);
	return a;
}

static struct sockaddr_in sin4(const char *ip, int port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = inet_addr(ip);
	return a;
}

static void show(const char *what, const void *sa, socklen_t len)
{
	char ip[INET6_ADDRSTRLEN];
	int port;
	if (((const struct sockaddr *)sa)->sa_family == AF_INET6) {
		const struct sockaddr_in6 *a = sa;
		inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof ip);
		port = ntohs(a->sin6_port);
	} else {
		const struct sockaddr_in *a = sa;
		inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
		port = ntohs(a->sin_port);
	}
	printf("%s: len=%u family=%d addr=%s port=", what, (unsigned)len, ((const struct sockaddr *)sa)->sa_family, ip);
	if (port >= 32768 && port <= 60999) printf("ephemeral\n");
	else printf("%d\n", port);
}

static void names(const char *what, int fd)
{
	struct sockaddr_storage a;
	socklen_t len = sizeof a;
	char w[64];
	snprintf(w, sizeof w, "%s local", what);
	if (getsockname(fd, (struct sockaddr *)&a, &len) == 0) show(w, &a, len);
	else printf("%s: %s\n", w, errname(errno));
	len = sizeof a;
	snprintf(w, sizeof w, "%s peer", what);
	if (getpeername(fd, (struct sockaddr *)&a, &len) == 0) show(w, &a, len);
	else printf("%s: %s\n", w, errname(errno));
}

static int sock(int family, int type, int v6only, int reuse)
{
	int fd = socket(family, type, 0);
	if (v6only >= 0) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only);
	if (reuse) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
	return fd;
}

static int bind_to(int fd, const char *ip, int port)
{
	if (strchr(ip, ':')) {
		struct sockaddr_in6 a = sin6(ip, port);
		return bind(fd, (struct sockaddr *)&a, sizeof a);
	}
	struct sockaddr_in a = sin4(ip, port);
	return bind(fd, (struct sockaddr *)&a, sizeof a);
}

/* Bind a first socket, then a second to the same port; print whether the second may. */
static void pair(int type, const char *ip1, int v6only1, int reuse1, int listen1,
                 const char *ip2, int v6only2, int reuse2, int port)
{
	int f1 = sock(strchr(ip1, ':') ? AF_INET6 : AF_INET, type, v6only1, reuse1);
	int f2 = sock(strchr(ip2, ':') ? AF_INET6 : AF_INET, type, v6only2, reuse2);
	int r1 = bind_to(f1, ip1, port);
	if (listen1 && r1 == 0) listen(f1, 1);
	errno = 0;
	int r2 = bind_to(f2, ip2, port);
	printf("%s %s%s%s%s then %s%s%s -> %s%s\n", type == SOCK_STREAM ? "tcp" : "udp",
	       ip1, v6only1 > 0 ? " v6only" : "", reuse1 ? " reuse" : "", listen1 ? " listening" : "",
	       ip2, v6only2 > 0 ? " v6only" : "", reuse2 ? " reuse" : "",
	       r1 ? "first failed " : "", r2 ? errname(errno) : "ok");
	close(f1);
	close(f2);
}

#define P 7301
#define Q 7305

int main(void)
{
	struct sockaddr_storage from;
	struct sockaddr_in a4;
	struct sockaddr_in6 a6;
	socklen_t len;
	char buf[64];
	int l, c, s, u, v, n;

	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGPIPE, SIG_IGN);

	SECTION("[::] listener, IPv4 client");
	l = CHECK(socket(AF_INET6, SOCK_STREAM, 0));
	CHECK(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int)));
	a6 = sin6("::", P);
	CHECK(bind(l, (struct sockaddr *)&a6, sizeof a6));
	CHECK(listen(l, 5));
	c = CHECK(socket(AF_INET, SOCK_STREAM, 0));
	a4 = sin4("127.0.0.1", P);
	CHECK(connect(c, (struct sockaddr *)&a4, sizeof a4));
	len = sizeof from;
	s = CHECK(accept(l, (struct sockaddr *)&from, &len));
	show("accept from", &from, len);
	names("server", s);
	names("client", c);
	CHECK(send(c, "v4 in", 5, 0));
	n = CHECK(recv(s, buf, sizeof buf, 0));
	printf("got '%.*s'\n", n > 0 ? n : 0, buf);
	CHECK(close(s));
	CHECK(close(c));

	SECTION("[::] listener, IPv6 client to a v4-mapped address");
	c = CHECK(socket(AF_INET6, SOCK_STREAM, 0));
	a6 = sin6("::ffff:127.0.0.1", P);
	CHECK(connect(c, (struct sockaddr *)&a6, sizeof a6));
	len = sizeof from;
	s = CHECK(accept(l, (struct sockaddr *)&from, &len));
	show("accept from", &from, len);
	names("client", c);
	CHECK(close(s));
	CHECK(close(c));
	CHECK(close(l));

	SECTION("AF_INET listener, AF_INET6 client via ::ffff:127.0.0.1");
	l = CHECK(socket(AF_INET, SOCK_STREAM, 0));
	CHECK(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int)));
	a4 = sin4("127.0.0.1", P + 2);
	CHECK(bind(l, (struct sockaddr *)&a4, sizeof a4));
	CHECK(listen(l, 5));
	c = CHECK(socket(AF_INET6, SOCK_STREAM, 0));
	a6 = sin6("::1", P + 2);
	CHECK(connect(c, (struct sockaddr *)&a6, sizeof a6));
	CHECK(close(c));
	c = CHECK(socket(AF_INET6, SOCK_STREAM, 0));
	a6 = sin6("::ffff:127.0.0.1", P + 2);
	CHECK(connect(c, (struct sockaddr *)&a6, sizeof a6));
	len = sizeof from;
	s = CHECK(accept(l, (struct sockaddr *)&from, &len));
	show("accept from", &from, len);
	names("client", c);
	CHECK(send(s, "v4 out", 6, 0));
	n = CHECK(recv(c, buf, sizeof buf, 0));
	printf("got '%.*s'\n", n > 0 ? n : 0, buf);
	CHECK(close(s));
	CHECK(close(c));
	CHECK(close(l));

	SECTION("IPV6_V6ONLY listener refuses IPv4");
	l = sock(AF_INET6, SOCK_STREAM, 1, 1);
	a6 = sin6("::", P + 3);
	CHECK(bind(l, (struct sockaddr *)&a6, sizeof a6));
	CHECK(listen(l, 5));
	c = CHECK(socket(AF_INET, SOCK_STREAM, 0));
	a4 = sin4("127.0.0.1", P + 3);
	CHECK(connect(c, (struct sockaddr *)&a4, sizeof a4));
	CHECK(close(c));
	c = sock(AF_INET6, SOCK_STREAM, 1, 0);
	a6 = sin6("::ffff:127.0.0.1", P + 3);
	CHECK(connect(c, (struct sockaddr *)&a6, sizeof a6));
	CHECK(bind(c, (struct sockaddr *)&a6, sizeof a6));
	CHECK(close(c));
	CHECK(close(l));

	SECTION("udp across families");
	u = CHECK(socket(AF_INET6, SOCK_DGRAM, 0));
	a6 = sin6("::", Q);
	CHECK(bind(u, (struct sockaddr *)&a6, sizeof a6));
	v = CHECK(socket(AF_INET, SOCK_DGRAM, 0));
	a4 = sin4("127.0.0.1", Q);
	CHECK(sendto(v, "to v6", 5, 0, (struct sockaddr *)&a4, sizeof a4));
	len = sizeof from;
	n = CHECK(recvfrom(u, buf, sizeof buf, 0, (struct sockaddr *)&from, &len));
	printf("got '%.*s'\n", n > 0 ? n : 0, buf);
	show("from", &from, len);
	CHECK(sendto(u, "back", 4, 0, (struct sockaddr *)&from, len));
	len = sizeof from;
	n = CHECK(recvfrom(v, buf, sizeof buf, 0, (struct sockaddr *)&from, &len));
	printf("got '%.*s'\n", n > 0 ? n : 0, buf);
	show("from", &from, len);
	a6 = sin6("::1", Q);
	CHECK(sendto(v, "x", 1, 0, (struct sockaddr *)&a6, sizeof a6));
	CHECK(close(u));
	CHECK(close(v));

	SECTION("port conflicts");
	int p = 7310;
	for (int t = 0; t < 2; t++) {
		int type = t ? SOCK_DGRAM : SOCK_STREAM;
		pair(type, "0.0.0.0", -1, 0, 0, "::", -1, 0, p++);
		pair(type, "0.0.0.0", -1, 0, 0, "::", 1, 0, p++);
		pair(type, "127.0.0.1", -1, 0, 0, "::", -1, 0, p++);
		pair(type, "127.0.0.1", -1, 0, 0, "::", 1, 0, p++);
		pair(type, "127.0.0.1", -1, 0, 0, "::1", -1, 0, p++);
		pair(type, "127.0.0.1", -1, 0, 0, "::ffff:127.0.0.1", -1, 0, p++);
		pair(type, "::", -1, 0, 0, "0.0.0.0", -1, 0, p++);
		pair(type, "::", 1, 0, 0, "0.0.0.0", -1, 0, p++);
		pair(type, "::", -1, 0, 0, "127.0.0.1", -1, 0, p++);
		pair(type, "::", 1, 0, 0, "127.0.0.1", -1, 0, p++);
		pair(type, "::1", -1, 0, 0, "0.0.0.0", -1, 0, p++);
		pair(type, "::1", -1, 0, 0, "127.0.0.1", -1, 0, p++);
		pair(type, "::1", -1, 0, 0, "::", -1, 0, p++);
		pair(type, "::", -1, 0, 0, "::1", -1, 0, p++);
		pair(type, "::", 1, 0, 0, "::", 1, 0, p++);
		pair(type, "::ffff:127.0.0.1", -1, 0, 0, "127.0.0.1", -1, 0, p++);
		pair(type, "::ffff:127.0.0.1", -1, 0, 0, "::1", -1, 0, p++);
		pair(type, "::", -1, 1, 0, "0.0.0.0", -1, 1, p++);
		pair(type, "::", -1, 1, 0, "::", -1, 1, p++);
		pair(type, "0.0.0.0", -1, 1, 0, "::1", -1, 1, p++);
	}
	pair(SOCK_STREAM, "::", -1, 1, 1, "0.0.0.0", -1, 1, p++);
	pair(SOCK_STREAM, "::", -1, 1, 1, "::1", -1, 1, p++);
	pair(SOCK_STREAM, "::", 1, 1, 1, "0.0.0.0", -1, 1, p++);
	pair(SOCK_STREAM, "0.0.0.0", -1, 1, 1, "::", -1, 1, p++);
	pair(SOCK_STREAM, "0.0.0.0", -1, 1, 1, "::", 1, 1, p++);
	return 0;
}
