/* getaddrinfo and gethostbyname through the stub resolver: /etc/resolv.conf
 * names 127.0.0.1 (the default), where dns_server.c answers. */
#include "multi.h"
#include <netdb.h>
#include <arpa/inet.h>

static void lookup(const char *name, int family)
{
	struct addrinfo h, *res, *ai;
	memset(&h, 0, sizeof h);
	h.ai_family = family;
	h.ai_socktype = SOCK_STREAM;
	int rc = getaddrinfo(name, "80", &h, &res);
	printf("%s %s: %s", name, family == AF_INET ? "AF_INET" : family == AF_INET6 ? "AF_INET6" : "AF_UNSPEC",
	       rc ? gai_strerror(rc) : "");
	if (!rc) {
		for (ai = res; ai; ai = ai->ai_next) {
			char buf[INET6_ADDRSTRLEN];
			void *p = ai->ai_family == AF_INET ? (void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr
							   : (void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
			printf(" %s", inet_ntop(ai->ai_family, p, buf, sizeof buf));
		}
		freeaddrinfo(res);
	}
	printf("\n");
}

int main(void)
{
	/* wait for the server: until then its port refuses (EAI_AGAIN) */
	struct addrinfo h, *res;
	memset(&h, 0, sizeof h);
	h.ai_family = AF_INET;
	int rc, tries = 0;
	while ((rc = getaddrinfo("ready.lan", NULL, &h, &res)) == EAI_AGAIN && tries++ < 500) usleep(10000);
	printf("ready.lan: %s\n", rc ? gai_strerror(rc) : "found");
	if (!rc) freeaddrinfo(res);

	lookup("printer.lan", AF_INET);
	lookup("printer.lan", AF_INET6);
	lookup("v4only.lan", AF_INET6);
	lookup("nosuch.lan", AF_INET);
	lookup("broken.lan", AF_INET);
	lookup("localhost", AF_INET); /* /etc/hosts: DNS is not asked */
	struct hostent *he = gethostbyname("v4only.lan");
	printf("gethostbyname v4only.lan: %s\n", he ? inet_ntoa(*(struct in_addr *)he->h_addr_list[0]) : hstrerror(h_errno));
	he = gethostbyname("nosuch.lan");
	printf("gethostbyname nosuch.lan: %s\n", he ? "found" : hstrerror(h_errno));
	lookup("quit.lan", AF_INET);
	return 0;
}
