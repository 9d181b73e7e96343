/* getaddrinfo and friends as glibc answers them (see include/netdb.h): names from
 * /etc/hosts, then -- when /etc/nsswitch.conf says "hosts: files dns" -- from the
 * name servers of /etc/resolv.conf (resolv.c); glibc's result order and messages. */
#include <netdb.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "resolv.h"

int h_errno;

/* The protocols a named service exists for in /etc/services. */
#define SV_TCP 1
#define SV_UDP 2

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

/* nss_files gethostbyname3_r(name, af): the /etc/hosts lines naming `name`, in file order.
 * As glibc's files backend does, an AF_INET lookup turns the IPv6 loopback ::1 into
 * 127.0.0.1. */
static void files_lookup(const char *name, int af, int mapped, struct gai_addr *out, int *n)
{
	struct etc_file f;
	struct hosts_entry e;
	if (__int80_hosts_open(&f) < 0) return;
	while (__int80_hosts_next(&f, &e) == 0) {
		if (!__int80_hosts_has_name(&e, name)) continue;
		unsigned char *a = e.addr;
		int v6 = e.family == AF_INET6;
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
	__int80_etc_close(&f);
}

/* nss_dns: the addresses of type A (IPv4, mapped when asked) or AAAA; 0 when some were
 * found or the name exists without them, else EAI_NONAME or EAI_AGAIN */
static int dns_lookup(const char *name, int qtype, int mapped, struct gai_addr *out, int *n, int *nodata)
{
	unsigned char a[MAXADDR * 16];
	int r = __int80_res_query(name, qtype, a, MAXADDR);
	if (r < 0) return r; /* EAI_NONAME or EAI_AGAIN (glibc's EAI_* are negative) */
	if (r == 0) *nodata = 1;
	for (int i = 0; i < r; i++) {
		if (qtype == 28) add_v6(out, n, a + 16 * i);
		else add_v4(out, n, mapped, a + 16 * i);
	}
	return 0;
}

/* The hosts database for getaddrinfo: files, then dns. 0 with *n addresses, or EAI_*. */
static int hosts_lookup(const char *node, int family, int flags, struct gai_addr *out, int *n)
{
	if (family == AF_INET6) {
		files_lookup(node, AF_INET6, 0, out, n);
		if ((flags & AI_V4MAPPED) && (*n == 0 || (flags & AI_ALL)))
			files_lookup(node, AF_INET, 1, out, n);
	} else {
		files_lookup(node, family, 0, out, n);
	}
	if (*n) return 0;
	if (!__int80_hosts_use_dns()) return EAI_NONAME;
	/* glibc asks A and AAAA for AF_UNSPEC; the worst answer wins only when none found */
	int nodata = 0, err = 0, e;
	if (family != AF_INET6) {
		e = dns_lookup(node, 1, 0, out, n, &nodata);
		if (e) err = e;
	}
	if (family != AF_INET && (err != EAI_NONAME)) {
		e = dns_lookup(node, 28, 0, out, n, &nodata);
		if (e && (!err || e == EAI_AGAIN)) err = e;
		if (family == AF_INET6 && (flags & AI_V4MAPPED) && (*n == 0 || (flags & AI_ALL))) {
			e = dns_lookup(node, 1, 1, out, n, &nodata);
			if (e && !*n) err = e;
		}
	}
	if (*n) return 0;
	if (nodata && err != EAI_AGAIN) return EAI_NODATA;
	return err ? err : EAI_NONAME;
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
			int err = hosts_lookup(node, family, flags, addrs, &n);
			if (err)
				return err;
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

/* The first /etc/hosts line with this address: its entry (names[0] is the canonical one). */
static int files_by_addr(int af, const void *addr, struct hosts_entry *e)
{
	struct etc_file f;
	int found = 0;
	if (__int80_hosts_open(&f) < 0) return 0;
	while (!found && __int80_hosts_next(&f, e) == 0)
		found = e->family == af && !memcmp(e->addr, addr, af == AF_INET6 ? 16 : 4);
	__int80_etc_close(&f);
	return found;
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
		struct hosts_entry e;
		const char *name = !(flags & NI_NUMERICHOST) && files_by_addr(sa->sa_family, addr, &e) ? e.names[0] : NULL;
		if (name) {
			if (strlen(name) >= hostlen) return EAI_OVERFLOW;
			strcpy(host, name);
		} else if (flags & NI_NAMEREQD && !(flags & NI_NUMERICHOST)) {
			/* Unlike glibc, no PTR queries: a name only from /etc/hosts */
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

/* gethostbyname/gethostbyname2/gethostbyaddr: one static result, as glibc's */
static struct hostent he;
static struct hosts_entry he_entry;
static char he_name[256];
static char *he_aliases[HOSTS_MAXNAMES + 1];
static unsigned char he_addrs[MAXADDR][16];
static char *he_addr_list[MAXADDR + 1];

static struct hostent *fill_hostent(const char *name, char **aliases, int af, const struct gai_addr *g, int n)
{
	snprintf(he_name, sizeof he_name, "%s", name);
	int k = 0;
	for (; aliases && aliases[k] && k < HOSTS_MAXNAMES; k++) he_aliases[k] = aliases[k];
	he_aliases[k] = NULL;
	for (int i = 0; i < n; i++) {
		memcpy(he_addrs[i], g[i].a, 16);
		he_addr_list[i] = (char *)he_addrs[i];
	}
	he_addr_list[n] = NULL;
	he.h_name = he_name;
	he.h_aliases = he_aliases;
	he.h_addrtype = af;
	he.h_length = af == AF_INET6 ? 16 : 4;
	he.h_addr_list = he_addr_list;
	return &he;
}

struct hostent *gethostbyname2(const char *name, int af)
{
	struct gai_addr g[MAXADDR];
	int n = 0;
	if (af != AF_INET && af != AF_INET6) {
		errno = EAFNOSUPPORT;
		h_errno = NETDB_INTERNAL;
		return NULL;
	}
	if (!name) {
		h_errno = HOST_NOT_FOUND;
		return NULL;
	}
	/* a numeric address is its own answer */
	if (inet_pton(af, name, g[0].a) == 1) return fill_hostent(name, NULL, af, g, 1);
	/* files: the first line naming it, with its canonical name and aliases */
	struct etc_file f;
	if (__int80_hosts_open(&f) == 0) {
		while (__int80_hosts_next(&f, &he_entry) == 0) {
			if (!__int80_hosts_has_name(&he_entry, name)) continue;
			unsigned char *a = he_entry.addr;
			if (he_entry.family != af) {
				/* the files backend answers AF_INET for ::1 with 127.0.0.1 */
				if (!(af == AF_INET && IN6_IS_ADDR_LOOPBACK((struct in6_addr *)a))) continue;
				a[0] = 127; a[1] = 0; a[2] = 0; a[3] = 1;
			}
			memcpy(g[0].a, a, 16);
			__int80_etc_close(&f);
			return fill_hostent(he_entry.names[0], he_entry.names + 1, af, g, 1);
		}
		__int80_etc_close(&f);
	}
	if (!__int80_hosts_use_dns()) {
		h_errno = HOST_NOT_FOUND;
		return NULL;
	}
	int nodata = 0;
	int err = dns_lookup(name, af == AF_INET6 ? 28 : 1, 0, g, &n, &nodata);
	if (n) return fill_hostent(name, NULL, af, g, n);
	h_errno = err == EAI_AGAIN ? TRY_AGAIN : nodata ? NO_DATA : HOST_NOT_FOUND;
	return NULL;
}

struct hostent *gethostbyname(const char *name)
{
	return gethostbyname2(name, AF_INET);
}

struct hostent *gethostbyaddr(const void *addr, socklen_t len, int af)
{
	struct gai_addr g[1];
	if ((af == AF_INET && len != 4) || (af == AF_INET6 && len != 16) || (af != AF_INET && af != AF_INET6)) {
		errno = af == AF_INET || af == AF_INET6 ? EINVAL : EAFNOSUPPORT;
		h_errno = NETDB_INTERNAL;
		return NULL;
	}
	if (!files_by_addr(af, addr, &he_entry)) {
		/* Unlike glibc, no PTR queries: only /etc/hosts knows addresses' names */
		h_errno = HOST_NOT_FOUND;
		return NULL;
	}
	memset(g, 0, sizeof g);
	memcpy(g[0].a, addr, len);
	return fill_hostent(he_entry.names[0], he_entry.names + 1, af, g, 1);
}

/* glibc's texts (resolv/herror.c) */
const char *hstrerror(int err)
{
	switch (err) {
	case 0: return "Resolver Error 0 (no error)";
	case HOST_NOT_FOUND: return "Unknown host";
	case TRY_AGAIN: return "Host name lookup failure";
	case NO_RECOVERY: return "Unknown server error";
	case NO_DATA: return "No address associated with name";
	default: return err < 0 ? "Resolver internal error" : "Unknown resolver error";
	}
}

void herror(const char *s)
{
	if (s && *s) fprintf(stderr, "%s: ", s);
	fprintf(stderr, "%s\n", hstrerror(h_errno));
}
