/* getaddrinfo and friends for a machine whose only network is the loopback device
 * (see include/netdb.h). glibc's result order and messages. */
#include <netdb.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

int h_errno;

/* The protocols a named service exists for in /etc/services. */
#define SV_TCP 1
#define SV_UDP 2

/* Debian's /etc/hosts, which a fresh system has:
 *   127.0.0.1 localhost
 *   ::1       localhost ip6-localhost ip6-loopback
 *   ff02::1   ip6-allnodes
 *   ff02::2   ip6-allrouters
 * (plus "localhost.localdomain", which int80 has always resolved to 127.0.0.1). */
static const struct { const char *addr; const char *names[4]; } hosts[] = {
	{ "127.0.0.1", { "localhost", "localhost.localdomain", 0 } },
	{ "::1", { "localhost", "ip6-localhost", "ip6-loopback", 0 } },
	{ "ff02::1", { "ip6-allnodes", 0 } },
	{ "ff02::2", { "ip6-allrouters", 0 } },
};
#define NHOSTS (int)(sizeof hosts / sizeof hosts[0])

static int host_has_name(int i, const char *name)
{
	for (int j = 0; hosts[i].names[j]; j++)
		if (strcmp(hosts[i].names[j], name) == 0)
			return 1;
	return 0;
}

/* IPv4 host lookup (gethostbyname): the first /etc/hosts line. */
static int lookup_host(const char *node, int numeric_only, struct in_addr *out)
{
	if (inet_aton(node, out) && inet_pton(AF_INET, node, out) == 1)
		return 1;
	if (numeric_only)
		return 0;
	for (int i = 0; i < NHOSTS; i++)
		if (strchr(hosts[i].addr, '.') && host_has_name(i, node))
			return inet_pton(AF_INET, hosts[i].addr, out) == 1;
	return 0;
}

/* port in host order, -1 when unknown: a number, or a name in /etc/services for the
 * socket type's protocol (tcp for SOCK_STREAM, udp for SOCK_DGRAM, either when no type
 * is asked for, as glibc's gaih_inet_serv tries each); *protos: the protocols the name
 * is listed for (both for a number) */
static int lookup_service(const char *service, int numeric_only, int socktype, int *protos)
{
	char *end;
	long p = strtol(service, &end, 10);
	*protos = SV_TCP | SV_UDP;
	if (*service && !*end)
		return p >= 0 && p <= 65535 ? (int)p : -1;
	if (numeric_only)
		return -1;
	struct servent *tcp = socktype != SOCK_DGRAM ? getservbyname(service, "tcp") : NULL;
	int port = tcp ? ntohs((unsigned short)tcp->s_port) : -1;
	struct servent *udp = socktype != SOCK_STREAM ? getservbyname(service, "udp") : NULL;
	if (port < 0 && udp)
		port = ntohs((unsigned short)udp->s_port);
	*protos = (tcp ? SV_TCP : 0) | (udp ? SV_UDP : 0);
	return port;
}

/* One resolved address: family and 16 bytes (IPv4 in the first 4). */
struct gai_addr { int family; unsigned char a[16]; uint32_t scope; };
#define MAXADDR 8

static void add_v4(struct gai_addr *out, int *n, int mapped, const unsigned char *v4)
{
	if (*n >= MAXADDR) return;
	struct gai_addr *g = &out[(*n)++];
	memset(g, 0, sizeof *g);
	if (mapped) {
		g->family = AF_INET6;
		g->a[10] = g->a[11] = 0xff;
		memcpy(g->a + 12, v4, 4);
	} else {
		g->family = AF_INET;
		memcpy(g->a, v4, 4);
	}
}

static void add_v6(struct gai_addr *out, int *n, const unsigned char *v6)
{
	if (*n >= MAXADDR) return;
	struct gai_addr *g = &out[(*n)++];
	memset(g, 0, sizeof *g);
	g->family = AF_INET6;
	memcpy(g->a, v6, 16);
}

/* nss_files gethostbyname3_r(name, af): the lines naming `name`, in file order. As glibc's
 * files backend does, an AF_INET lookup turns the IPv6 loopback ::1 into 127.0.0.1. */
static void files_lookup(const char *name, int af, int mapped, struct gai_addr *out, int *n)
{
	for (int i = 0; i < NHOSTS; i++) {
		if (!host_has_name(i, name)) continue;
		unsigned char a[16];
		int v6 = strchr(hosts[i].addr, ':') != NULL;
		inet_pton(v6 ? AF_INET6 : AF_INET, hosts[i].addr, a);
		if (af == AF_INET) {
			if (v6) {
				if (!IN6_IS_ADDR_LOOPBACK((struct in6_addr *)a)) continue;
				a[0] = 127; a[1] = 0; a[2] = 0; a[3] = 1;
			}
			add_v4(out, n, mapped, a);
		} else if (af == AF_INET6) {
			if (v6) add_v6(out, n, a);
		} else if (v6) {
			add_v6(out, n, a);
		} else {
			add_v4(out, n, 0, a);
		}
	}
}

/* RFC 6724 destination ordering (glibc's rfc3484_sort with the default policy table) for
 * the addresses a loopback-only machine can produce: the precedence of each. */
static int precedence(const struct gai_addr *g)
{
	if (g->family == AF_INET) return 35;                     /* ::ffff:0:0/96 */
	const unsigned char *a = g->a;
	static const unsigned char zero[12];
	if (!memcmp(a, zero, 12)) {
		if (!memcmp(a + 12, "\0\0\0\1", 4)) return 50;    /* ::1/128 */
		return 1;                                         /* ::/96 (and ::) */
	}
	if (IN6_IS_ADDR_V4MAPPED((const struct in6_addr *)a)) return 35;
	return 40;                                                /* ::/0 */
}

static void sort_addrs(struct gai_addr *g, int n)
{
	for (int i = 1; i < n; i++) {             /* stable insertion sort, highest first */
		struct gai_addr t = g[i];
		int p = precedence(&t), j = i;
		while (j > 0 && precedence(&g[j - 1]) < p) { g[j] = g[j - 1]; j--; }
		g[j] = t;
	}
}

/* Numeric IPv6 with an optional "%scope" (a number or "lo"). */
static int parse_v6(const char *node, unsigned char *a, uint32_t *scope)
{
	char buf[64];
	const char *pct = strchr(node, '%');
	*scope = 0;
	if (!pct) return inet_pton(AF_INET6, node, a) == 1;
	if ((size_t)(pct - node) >= sizeof buf) return 0;
	memcpy(buf, node, pct - node);
	buf[pct - node] = 0;
	if (inet_pton(AF_INET6, buf, a) != 1) return 0;
	char *end;
	unsigned long v = strtoul(pct + 1, &end, 10);
	if (pct[1] && !*end) *scope = (uint32_t)v;
	else if (strcmp(pct + 1, "lo") == 0) *scope = 1;
	else return 0;
	return 1;
}

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints, struct addrinfo **res)
{
	int flags = hints ? hints->ai_flags : 0;
	int family = hints ? hints->ai_family : AF_UNSPEC;
	int socktype = hints ? hints->ai_socktype : 0;
	int protocol = hints ? hints->ai_protocol : 0;
	int port = 0, sprotos = SV_TCP | SV_UDP, named_service = 0;
	struct gai_addr addrs[MAXADDR];
	int n = 0;

	if (flags & ~(AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_V4MAPPED | AI_ALL | AI_ADDRCONFIG | AI_NUMERICSERV))
		return EAI_BADFLAGS;
	if ((flags & AI_CANONNAME) && !node)
		return EAI_BADFLAGS;
	if (!node && !service)
		return EAI_NONAME;
	if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6)
		return EAI_FAMILY;
	if (socktype != 0 && socktype != SOCK_STREAM && socktype != SOCK_DGRAM && socktype != SOCK_RAW)
		return EAI_SOCKTYPE;
	if (service) {
		port = lookup_service(service, flags & AI_NUMERICSERV, socktype, &sprotos);
		if (port < 0)
			return (flags & AI_NUMERICSERV) ? EAI_NONAME : EAI_SERVICE;
		char *end;
		strtol(service, &end, 10);
		named_service = *end != 0;
	}
	/* AI_ADDRCONFIG: glibc's __check_pf counts addresses other than 127.0.0.1 and ::1; lo
	 * has none, so a lookup restricted to one family cannot be answered */
	if ((flags & AI_ADDRCONFIG) && family != AF_UNSPEC)
		return EAI_NONAME;
	if (node) {
		unsigned char a[16];
		uint32_t scope;
		struct in_addr v4;
		if (inet_aton(node, &v4)) {
			if (family == AF_INET6 && !(flags & AI_V4MAPPED))
				return EAI_ADDRFAMILY;
			add_v4(addrs, &n, family == AF_INET6, (unsigned char *)&v4);
		} else if (parse_v6(node, a, &scope)) {
			if (family == AF_INET)
				return EAI_ADDRFAMILY;
			add_v6(addrs, &n, a);
			addrs[0].scope = scope;
		} else if (flags & AI_NUMERICHOST) {
			return EAI_NONAME;
		} else {
			if (family == AF_INET6) {
				files_lookup(node, AF_INET6, 0, addrs, &n);
				if ((flags & AI_V4MAPPED) && (n == 0 || (flags & AI_ALL)))
					files_lookup(node, AF_INET, 1, addrs, &n);
			} else {
				files_lookup(node, family, 0, addrs, &n);
			}
			if (n == 0)
				return EAI_NONAME;
		}
	} else {
		/* no node: the wildcard (AI_PASSIVE) or loopback of each family asked for, IPv6 first */
		static const unsigned char v4any[4], v4lo[4] = { 127, 0, 0, 1 };
		if (family != AF_INET)
			add_v6(addrs, &n, (flags & AI_PASSIVE) ? in6addr_any.s6_addr : in6addr_loopback.s6_addr);
		if (family != AF_INET6)
			add_v4(addrs, &n, 0, (flags & AI_PASSIVE) ? v4any : v4lo);
	}
	sort_addrs(addrs, n);

	/* like glibc: per address, one entry per socket type (stream, dgram, raw) unless one is
	 * asked for; a named service only for the protocols /etc/services lists, and no raw */
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_RAW };
	static const int protos[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_IP };
	static const int svmask[] = { SV_TCP, SV_UDP, 0 };
	struct addrinfo *head = NULL, **tail = &head;
	int typed = 0;
	for (int k = 0; k < n; k++) {
		const struct gai_addr *g = &addrs[k];
		for (int i = 0; i < 3; i++) {
			if (socktype && socktype != types[i])
				continue;
			if (protocol && protocol != protos[i] && types[i] != SOCK_RAW)
				continue;
			typed = 1;
			if (named_service && !(sprotos & svmask[i]))
				continue;
			size_t alen = g->family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
			struct addrinfo *ai = calloc(1, sizeof *ai + alen);
			if (!ai) {
				freeaddrinfo(head);
				return EAI_MEMORY;
			}
			if (g->family == AF_INET6) {
				struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(ai + 1);
				s6->sin6_family = AF_INET6;
				s6->sin6_port = htons((unsigned short)port);
				memcpy(&s6->sin6_addr, g->a, 16);
				s6->sin6_scope_id = g->scope;
			} else {
				struct sockaddr_in *sin = (struct sockaddr_in *)(ai + 1);
				sin->sin_family = AF_INET;
				sin->sin_port = htons((unsigned short)port);
				memcpy(&sin->sin_addr, g->a, 4);
			}
			ai->ai_family = g->family;
			ai->ai_socktype = types[i];
			ai->ai_protocol = protocol ? protocol : protos[i];
			ai->ai_addrlen = alen;
			ai->ai_addr = (struct sockaddr *)(ai + 1);
			if ((flags & AI_CANONNAME) && !head)
				ai->ai_canonname = strdup(node);
			*tail = ai;
			tail = &ai->ai_next;
		}
	}
	if (!head)
		return typed ? EAI_SERVICE : EAI_SOCKTYPE;
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

/* The first /etc/hosts name of an address, or NULL. */
static const char *files_addr_name(int af, const void *addr)
{
	for (int i = 0; i < NHOSTS; i++) {
		unsigned char a[16];
		int v6 = strchr(hosts[i].addr, ':') != NULL;
		if (v6 != (af == AF_INET6)) continue;
		inet_pton(af, hosts[i].addr, a);
		if (!memcmp(a, addr, af == AF_INET6 ? 16 : 4))
			return hosts[i].names[0];
	}
	return NULL;
}

int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host, socklen_t hostlen,
                char *serv, socklen_t servlen, int flags)
{
	const void *addr;
	int port;
	uint32_t scope = 0;
	if (!sa || salen < sizeof(sa_family_t))
		return EAI_FAMILY;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
		if (salen < sizeof *sin) return EAI_FAMILY;
		addr = &sin->sin_addr;
		port = ntohs(sin->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		if (salen < sizeof *s6) return EAI_FAMILY;
		addr = &s6->sin6_addr;
		port = ntohs(s6->sin6_port);
		scope = s6->sin6_scope_id;
	} else {
		return EAI_FAMILY;
	}
	if (host && hostlen) {
		const char *name = (flags & NI_NUMERICHOST) ? NULL : files_addr_name(sa->sa_family, addr);
		if (name) {
			if (strlen(name) >= hostlen) return EAI_OVERFLOW;
			strcpy(host, name);
		} else if (flags & NI_NAMEREQD && !(flags & NI_NUMERICHOST)) {
			/* unlike glibc, which would ask DNS (EAI_AGAIN without a network), no resolver */
			return EAI_NONAME;
		} else {
			char buf[INET6_ADDRSTRLEN + 12];
			if (!inet_ntop(sa->sa_family, addr, buf, sizeof buf)) return EAI_OVERFLOW;
			if (scope) snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%%%u", (unsigned)scope);
			if (strlen(buf) >= hostlen) return EAI_OVERFLOW;
			strcpy(host, buf);
		}
	}
	if (serv && servlen) {
		/* the name from /etc/services for tcp (udp with NI_DGRAM), else the number */
		struct servent *se = (flags & NI_NUMERICSERV) ? NULL
			: getservbyport(htons((unsigned short)port), (flags & NI_DGRAM) ? "udp" : "tcp");
		int w = se ? snprintf(serv, servlen, "%s", se->s_name) : snprintf(serv, servlen, "%u", (unsigned)port);
		if (w >= (int)servlen)
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
