/* getaddrinfo/getnameinfo/gethostbyname for loopback names: what a client or server
 * does before socket(). Only names Linux resolves without a network (numeric addresses,
 * localhost from /etc/hosts).
 * record: netns-lo debian-hosts (see record.sh: the lo-only machine with Debian's /etc/hosts
 * that int80 emulates). */
#include "common.h"
#include <netdb.h>

static void show(const char *what, int rc, struct addrinfo *res)
{
	if (rc) {
		printf("%s -> %s\n", what, gai_strerror(rc));
		return;
	}
	printf("%s ->", what);
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		char host[64];
		struct sockaddr_in *sin = (struct sockaddr_in *)ai->ai_addr;
		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
		printf(" [%s %s/%d %s:%d len %u]", ai->ai_family == AF_INET ? "AF_INET" : "other",
		       ai->ai_socktype == SOCK_STREAM ? "STREAM" : ai->ai_socktype == SOCK_DGRAM ? "DGRAM" : "RAW",
		       ai->ai_protocol, host, ntohs(sin->sin_port), (unsigned)ai->ai_addrlen);
	}
	printf("\n");
	freeaddrinfo(res);
}

int main(void)
{
	struct addrinfo hints, *res;
	int rc;
	setvbuf(stdout, NULL, _IONBF, 0);
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo("127.0.0.1", "5000", &hints, &res); show("127.0.0.1:5000 stream", rc, res);
	rc = getaddrinfo("localhost", "http", &hints, &res); show("localhost:http stream", rc, res);
	hints.ai_flags = AI_PASSIVE;
	rc = getaddrinfo(NULL, "8080", &hints, &res); show("passive :8080", rc, res);
	hints.ai_flags = 0;
	rc = getaddrinfo(NULL, "8080", &hints, &res); show("NULL host :8080", rc, res);
	hints.ai_socktype = 0;
	rc = getaddrinfo("127.0.0.2", "53", &hints, &res); show("127.0.0.2:53 any type", rc, res);
	hints.ai_socktype = SOCK_DGRAM;
	rc = getaddrinfo("127.0.0.1", NULL, &hints, &res); show("127.0.0.1 dgram no service", rc, res);
	hints.ai_flags = AI_NUMERICHOST;
	rc = getaddrinfo("localhost", "5000", &hints, &res); show("AI_NUMERICHOST localhost", rc, res);
	hints.ai_flags = AI_NUMERICSERV;
	rc = getaddrinfo("127.0.0.1", "http", &hints, &res); show("AI_NUMERICSERV http", rc, res);
	hints.ai_flags = 0;
	rc = getaddrinfo("127.0.0.1", "no-such-service", &hints, &res); show("unknown service", rc, res);
	rc = getaddrinfo(NULL, NULL, &hints, &res); show("NULL, NULL", rc, res);
	hints.ai_flags = 0x10000;
	rc = getaddrinfo("127.0.0.1", "1", &hints, &res); show("bad flags", rc, res);
	hints.ai_flags = 0;
	hints.ai_family = 12345;
	rc = getaddrinfo("127.0.0.1", "1", &hints, &res); show("bad family", rc, res);
	hints.ai_family = AF_INET;
	hints.ai_socktype = 12345;
	rc = getaddrinfo("127.0.0.1", "1", &hints, &res); show("bad socktype", rc, res);

	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(4321) };
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	sin.sin_addr.s_addr = htonl(0x7f000005);
	rc = getnameinfo((struct sockaddr *)&sin, sizeof sin, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV);
	printf("getnameinfo numeric -> %d %s %s\n", rc, host, serv);

	struct hostent *he = gethostbyname("127.0.0.1");
	if (he) printf("gethostbyname(127.0.0.1) -> %s len %d AF_INET %d %s\n", he->h_name, he->h_length,
	               he->h_addrtype == AF_INET, inet_ntoa(*(struct in_addr *)he->h_addr_list[0]));
	return 0;
}
