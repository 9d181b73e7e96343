/* getaddrinfo and friends for a machine whose only network is the loopback device
 * (see include/netdb.h). glibc's result order and messages. */
#include <netdb.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int h_errno;

/* host order address, or 0 with *ok = 0 */
static int lookup_host(const char *node, int numeric_only, struct in_addr *out)
{
	if (inet_aton(node, out) && inet_pton(AF_INET, node, out) == 1)
		return 1;
	if (numeric_only)
		return 0;
	if (strcmp(node, "localhost") == 0 || strcmp(node, "localhost.localdomain") == 0) {
		out->s_addr = htonl(INADDR_LOOPBACK);
		return 1;
	}
	return 0;
}

/* port in host order, -1 when unknown: a number, or a name in /etc/services for
 * the socket type's protocol (tcp for SOCK_STREAM, udp for SOCK_DGRAM, either
 * when no type is asked for, as glibc's gaih_inet_serv tries each) */
static int lookup_service(const char *service, int numeric_only, int socktype)
{
	char *end;
	long p = strtol(service, &end, 10);
	if (*service && !*end)
		return p >= 0 && p <= 65535 ? (int)p : -1;
	if (numeric_only)
		return -1;
	struct servent *se = NULL;
	if (socktype != SOCK_DGRAM) se = getservbyname(service, "tcp");
	if (!se && socktype != SOCK_STREAM) se = getservbyname(service, "udp");
	return se ? ntohs((unsigned short)se->s_port) : -1;
}

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints, struct addrinfo **res)
{
	int flags = hints ? hints->ai_flags : 0;
	int family = hints ? hints->ai_family : AF_UNSPEC;
	int socktype = hints ? hints->ai_socktype : 0;
	int protocol = hints ? hints->ai_protocol : 0;
	struct in_addr addr;
	int port = 0;

	if (flags & ~(AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_V4MAPPED | AI_ALL | AI_ADDRCONFIG | AI_NUMERICSERV))
		return EAI_BADFLAGS;
	if (!node && !service)
		return EAI_NONAME;
	if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6)
		return EAI_FAMILY;
	if (socktype != 0 && socktype != SOCK_STREAM && socktype != SOCK_DGRAM && socktype != SOCK_RAW)
		return EAI_SOCKTYPE;
	if (service) {
		port = lookup_service(service, flags & AI_NUMERICSERV, socktype);
		if (port < 0)
			return (flags & AI_NUMERICSERV) ? EAI_NONAME : EAI_SERVICE;
	}
	if (node) {
		if (!lookup_host(node, flags & AI_NUMERICHOST, &addr))
			return EAI_NONAME;
	} else {
		addr.s_addr = htonl((flags & AI_PASSIVE) ? INADDR_ANY : INADDR_LOOPBACK);
	}
	if (family == AF_INET6)
		return EAI_NONAME; /* no IPv6 here: nothing of that family */

	/* like glibc: one entry per socket type (stream, dgram, raw) unless one is asked for */
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_RAW };
	static const int protos[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_IP };
	struct addrinfo *head = NULL, **tail = &head;
	for (int i = 0; i < 3; i++) {
		if (socktype && socktype != types[i])
			continue;
		if (protocol && protocol != protos[i] && types[i] != SOCK_RAW)
			continue;
		struct addrinfo *ai = calloc(1, sizeof *ai + sizeof(struct sockaddr_in));
		if (!ai) {
			freeaddrinfo(head);
			return EAI_MEMORY;
		}
		struct sockaddr_in *sin = (struct sockaddr_in *)(ai + 1);
		sin->sin_family = AF_INET;
		sin->sin_port = htons((unsigned short)port);
		sin->sin_addr = addr;
		ai->ai_family = AF_INET;
		ai->ai_socktype = types[i];
		ai->ai_protocol = protocol ? protocol : protos[i];
		ai->ai_addrlen = sizeof *sin;
		ai->ai_addr = (struct sockaddr *)sin;
		if ((flags & AI_CANONNAME) && !head)
			ai->ai_canonname = strdup(node ? node : "localhost");
		*tail = ai;
		tail = &ai->ai_next;
	}
	if (!head)
		return EAI_SOCKTYPE;
	*res = head;
	return 0;
}

void freeaddrinfo(struct addrinfo *res)
{
	while (res) {
		struct addrinfo *next = res->ai_next;
		free(res->ai_canonname);
		free(res);
		res = next;
	}
}

/* glibc's texts (sysdeps/posix/gai_strerror-strs.h); glibc has none for
 * EAI_OVERFLOW, so it is "Unknown error" there too. */
const char *gai_strerror(int errcode)
{
	switch (errcode) {
	case EAI_ADDRFAMILY: return "Address family for hostname not supported";
	case EAI_AGAIN: return "Temporary failure in name resolution";
	case EAI_BADFLAGS: return "Bad value for ai_flags";
	case EAI_FAIL: return "Non-recoverable failure in name resolution";
	case EAI_FAMILY: return "ai_family not supported";
	case EAI_MEMORY: return "Memory allocation failure";
	case EAI_NODATA: return "No address associated with hostname";
	case EAI_NONAME: return "Name or service not known";
	case EAI_SERVICE: return "Servname not supported for ai_socktype";
	case EAI_SOCKTYPE: return "ai_socktype not supported";
	case EAI_SYSTEM: return "System error";
	case EAI_INPROGRESS: return "Processing request in progress";
	case EAI_CANCELED: return "Request canceled";
	case EAI_NOTCANCELED: return "Request not canceled";
	case EAI_ALLDONE: return "All requests done";
	case EAI_INTR: return "Interrupted by a signal";
	case EAI_IDN_ENCODE: return "Parameter string not correctly encoded";
	default: return "Unknown error";
	}
}

int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host, socklen_t hostlen,
                char *serv, socklen_t servlen, int flags)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
	if (!sa || salen < sizeof *sin || sa->sa_family != AF_INET)
		return EAI_FAMILY;
	if (host && hostlen) {
		if (!(flags & NI_NUMERICHOST) && sin->sin_addr.s_addr == htonl(INADDR_LOOPBACK)) {
			if (hostlen < sizeof "localhost") return EAI_OVERFLOW;
			strcpy(host, "localhost");
		} else if (flags & NI_NAMEREQD && !(flags & NI_NUMERICHOST)) {
			return EAI_NONAME;
		} else if (!inet_ntop(AF_INET, &sin->sin_addr, host, hostlen)) {
			return EAI_OVERFLOW;
		}
	}
	if (serv && servlen) {
		/* the name from /etc/services for tcp (udp with NI_DGRAM), else the number */
		struct servent *se = (flags & NI_NUMERICSERV) ? NULL
			: getservbyport(sin->sin_port, (flags & NI_DGRAM) ? "udp" : "tcp");
		int n = se ? snprintf(serv, servlen, "%s", se->s_name)
			   : snprintf(serv, servlen, "%u", ntohs(sin->sin_port));
		if (n >= (int)servlen)
			return EAI_OVERFLOW;
	}
	return 0;
}

struct hostent *gethostbyname(const char *name)
{
	static struct in_addr addr;
	static char *addrs[2];
	static char *aliases[1];
	static char namebuf[256];
	static struct hostent he;
	if (!name || !lookup_host(name, 0, &addr)) {
		h_errno = HOST_NOT_FOUND;
		return NULL;
	}
	snprintf(namebuf, sizeof namebuf, "%s", name);
	addrs[0] = (char *)&addr;
	addrs[1] = NULL;
	aliases[0] = NULL;
	he.h_name = namebuf;
	he.h_aliases = aliases;
	he.h_addrtype = AF_INET;
	he.h_length = sizeof addr;
	he.h_addr_list = addrs;
	return &he;
}
