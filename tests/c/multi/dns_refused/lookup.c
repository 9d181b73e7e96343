/* Host names on a machine without a name server, as a Debian box without a
 * network answers them: /etc/hosts names resolve; other names are asked of
 * 127.0.0.1:53 (resolv.conf names no server), which refuses: "Temporary
 * failure in name resolution". Names that are not host names are not asked. */
#include "multi.h"
#include <netdb.h>
#include <arpa/inet.h>

static void gai(const char *name, int family, int flags)
{
	struct addrinfo h, *res;
	memset(&h, 0, sizeof h);
	h.ai_family = family;
	h.ai_socktype = SOCK_STREAM;
	h.ai_flags = flags;
	int rc = getaddrinfo(name, "80", &h, &res);
	printf("getaddrinfo(%s, %s, flags %d): %d %s\n", name, family == AF_INET ? "AF_INET" : family == AF_INET6 ? "AF_INET6" : "AF_UNSPEC",
	       flags, rc, rc ? gai_strerror(rc) : "ok");
	if (!rc) freeaddrinfo(res);
}

int main(void)
{
	gai("nosuchhost.example", AF_INET, 0);
	gai("nosuchhost.example", AF_UNSPEC, 0);
	gai("nosuchhost.example", AF_INET6, 0);
	gai("nosuchhost.example", AF_INET, AI_NUMERICHOST);
	gai("bad name!", AF_INET, 0);
	gai("-leadinghyphen", AF_INET, 0);
	gai("ip6-localhost", AF_INET6, 0);
	gai("localhost", AF_UNSPEC, 0);
	struct hostent *he = gethostbyname("nosuchhost.example");
	printf("gethostbyname nosuchhost.example: %s h_errno %d %s\n", he ? "found" : "NULL", h_errno, hstrerror(h_errno));
	he = gethostbyname("localhost");
	printf("gethostbyname localhost: %s %s\n", he ? he->h_name : "NULL", he ? inet_ntoa(*(struct in_addr *)he->h_addr) : "");
	he = gethostbyname2("localhost", AF_INET6);
	char buf[64];
	printf("gethostbyname2 localhost AF_INET6: %s %s\n", he ? he->h_name : "NULL", he ? inet_ntop(AF_INET6, he->h_addr, buf, sizeof buf) : "");
	struct in_addr lo = { htonl(INADDR_LOOPBACK) };
	he = gethostbyaddr(&lo, sizeof lo, AF_INET);
	printf("gethostbyaddr 127.0.0.1: %s\n", he ? he->h_name : hstrerror(h_errno));
	he = gethostbyname("127.0.0.5");
	printf("gethostbyname 127.0.0.5: %s %s\n", he ? he->h_name : "NULL", he ? inet_ntoa(*(struct in_addr *)he->h_addr) : "");
	return 0;
}
