/* The hosts database the way glibc's nss "files" and "dns" services read it:
 * /etc/hosts line by line, and a stub resolver (resolv.conf(5)) that asks the
 * name servers of /etc/resolv.conf over UDP port 53 -- through the kernel's
 * sockets, so --strace and --pcap show the queries. As glibc:
 * - no `nameserver` line means the local one, 127.0.0.1;
 * - `options attempts:N timeout:S` (defaults 2 and 5 s); each attempt tries every
 *   server in turn; a server that refuses (ICMP port unreachable: nothing listens
 *   on port 53, the normal case on a machine without a network) is skipped;
 * - NXDOMAIN is "no such name" (EAI_NONAME), a name without addresses of the
 *   family asked for is EAI_NODATA, and no answer at all -- every server refused
 *   or timed out, or SERVFAIL -- is EAI_AGAIN, "Temporary failure in name
 *   resolution";
 * - DNS is asked only when /etc/nsswitch.conf's `hosts:` line names `dns`.
 * Unlike glibc: no search domains, no TCP fallback for truncated answers (the
 * addresses in a truncated answer are used), A and AAAA are asked one after
 * the other rather than in parallel. */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "etc.h"
#include "resolv.h"

/* ---- /etc/hosts ---- */

int __int80_hosts_open(struct etc_file *f)
{
	return __int80_etc_open(f, "/etc/hosts", 1);
}

int __int80_hosts_next(struct etc_file *f, struct hosts_entry *e)
{
	while (__int80_etc_line(f, e->line, sizeof e->line) >= 0) {
		char *fields[HOSTS_MAXNAMES + 2];
		int n = __int80_etc_fields(e->line, 0, fields, HOSTS_MAXNAMES + 1);
		if (n < 2) continue;
		if (inet_pton(AF_INET, fields[0], e->addr) == 1) e->family = AF_INET;
		else if (inet_pton(AF_INET6, fields[0], e->addr) == 1) e->family = AF_INET6;
		else continue;
		e->nnames = n - 1;
		for (int i = 1; i < n; i++) e->names[i - 1] = fields[i];
		e->names[n - 1] = NULL;
		return 0;
	}
	return -1;
}

int __int80_hosts_has_name(const struct hosts_entry *e, const char *name)
{
	for (int i = 0; i < e->nnames; i++)
		if (strcasecmp(e->names[i], name) == 0) return 1;
	return 0;
}

/* ---- nsswitch.conf and resolv.conf ---- */

int __int80_hosts_use_dns(void)
{
	struct etc_file f;
	char line[256];
	int dns = 1; /* glibc's default without the file: "dns [!UNAVAIL=return] files" */
	if (__int80_etc_open(&f, "/etc/nsswitch.conf", 1) < 0) return dns;
	while (__int80_etc_line(&f, line, sizeof line) >= 0) {
		char *fields[16];
		int n = __int80_etc_fields(line, 0, fields, 16);
		if (n < 1 || strcmp(fields[0], "hosts:") != 0) continue;
		dns = 0;
		for (int i = 1; i < n; i++)
			if (strcmp(fields[i], "dns") == 0) dns = 1;
		break;
	}
	__int80_etc_close(&f);
	return dns;
}

#define MAXNS 3

struct resconf {
	struct sockaddr_storage ns[MAXNS];
	socklen_t nslen[MAXNS];
	int nns;
	int attempts, timeout;
};

static void add_ns(struct resconf *rc, const char *addr)
{
	if (rc->nns == MAXNS) return;
	struct sockaddr_in *sin = (struct sockaddr_in *)&rc->ns[rc->nns];
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&rc->ns[rc->nns];
	memset(&rc->ns[rc->nns], 0, sizeof rc->ns[0]);
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(53);
		rc->nslen[rc->nns++] = sizeof *sin;
	} else if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(53);
		rc->nslen[rc->nns++] = sizeof *sin6;
	}
}

static void read_resolv_conf(struct resconf *rc)
{
	struct etc_file f;
	char line[256];
	rc->nns = 0;
	rc->attempts = 2;
	rc->timeout = 5;
	if (__int80_etc_open(&f, "/etc/resolv.conf", 1) == 0) {
		while (__int80_etc_line(&f, line, sizeof line) >= 0) {
			char *fields[8];
			int n = __int80_etc_fields(line, 0, fields, 8);
			if (n >= 2 && strcmp(fields[0], "nameserver") == 0) add_ns(rc, fields[1]);
			if (n >= 2 && strcmp(fields[0], "options") == 0) {
				for (int i = 1; i < n; i++) {
					if (strncmp(fields[i], "attempts:", 9) == 0) rc->attempts = atoi(fields[i] + 9);
					if (strncmp(fields[i], "timeout:", 8) == 0) rc->timeout = atoi(fields[i] + 8);
				}
			}
		}
		__int80_etc_close(&f);
	}
	if (rc->attempts < 1) rc->attempts = 1;
	if (rc->attempts > 5) rc->attempts = 5; /* RES_MAXRETRY */
	if (rc->timeout < 1) rc->timeout = 1;
	if (rc->timeout > 30) rc->timeout = 30; /* RES_MAXRETRANS */
	if (!rc->nns) add_ns(rc, "127.0.0.1");
}

/* ---- the DNS message (RFC 1035 4.1) ---- */

static int build_query(unsigned char *q, int size, const char *name, int qtype, unsigned id)
{
	int n = 12;
	memset(q, 0, 12);
	q[0] = id >> 8;
	q[1] = id;
	q[2] = 0x01; /* RD */
	q[5] = 1; /* QDCOUNT */
	const char *p = name;
	while (*p) {
		const char *dot = strchr(p, '.');
		int len = dot ? (int)(dot - p) : (int)strlen(p);
		if (len == 0 || len > 63 || n + len + 1 >= size - 5) return -1;
		q[n++] = (unsigned char)len;
		memcpy(q + n, p, len);
		n += len;
		p += len;
		if (*p == '.') p++;
	}
	q[n++] = 0;
	q[n++] = qtype >> 8;
	q[n++] = qtype;
	q[n++] = 0;
	q[n++] = 1; /* IN */
	return n;
}

/* the offset after the (possibly compressed) name at off, or -1 */
static int skip_name(const unsigned char *m, int len, int off)
{
	while (off < len) {
		int l = m[off];
		if (l == 0) return off + 1;
		if ((l & 0xc0) == 0xc0) return off + 2 <= len ? off + 2 : -1;
		off += l + 1;
	}
	return -1;
}

/* the addresses of type qtype in the answer section; count, or -EAI_* */
static int parse_answer(const unsigned char *m, int len, unsigned id, int qtype, unsigned char *out, int max)
{
	if (len < 12 || ((m[0] << 8) | m[1]) != (int)id || !(m[2] & 0x80)) return EAI_AGAIN;
	int rcode = m[3] & 0x0f;
	if (rcode == 3) return EAI_NONAME; /* NXDOMAIN */
	if (rcode != 0) return EAI_AGAIN; /* SERVFAIL, REFUSED...: try another server */
	int qd = (m[4] << 8) | m[5], an = (m[6] << 8) | m[7];
	int off = 12;
	for (int i = 0; i < qd; i++) {
		off = skip_name(m, len, off);
		if (off < 0 || off + 4 > len) return EAI_AGAIN;
		off += 4;
	}
	int n = 0;
	int size = qtype == 28 ? 16 : 4;
	for (int i = 0; i < an && n < max; i++) {
		off = skip_name(m, len, off);
		if (off < 0 || off + 10 > len) break;
		int type = (m[off] << 8) | m[off + 1];
		int rdlen = (m[off + 8] << 8) | m[off + 9];
		off += 10;
		if (off + rdlen > len) break;
		if (type == qtype && rdlen == size) {
			memset(out + 16 * n, 0, 16);
			memcpy(out + 16 * n, m + off, size);
			n++;
		}
		off += rdlen;
	}
	return n;
}

static unsigned next_id(void)
{
	static unsigned seed;
	if (!seed) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		seed = (unsigned)(ts.tv_nsec ^ (getpid() << 16)) | 1;
	}
	seed = seed * 1103515245u + 12345u;
	return (seed >> 8) & 0xffff;
}

/* one query to one server: count, EAI_NONAME (NXDOMAIN), or EAI_AGAIN */
static int ask(const struct resconf *rc, int s, const unsigned char *q, int qlen, unsigned id, int qtype,
	       unsigned char *out, int max)
{
	if (send(s, q, qlen, MSG_NOSIGNAL) < 0) return EAI_AGAIN;
	unsigned char ans[1232];
	for (;;) {
		struct pollfd pfd = { .fd = s, .events = POLLIN };
		int r = poll(&pfd, 1, rc->timeout * 1000);
		if (r <= 0 || (pfd.revents & (POLLERR | POLLHUP)) || !(pfd.revents & POLLIN)) return EAI_AGAIN;
		int n = recv(s, ans, sizeof ans, 0);
		if (n < 0) return EAI_AGAIN; /* ECONNREFUSED: nothing listens there */
		if (n < 2 || ((ans[0] << 8) | ans[1]) != (int)id) continue; /* not our answer */
		return parse_answer(ans, n, id, qtype, out, max);
	}
}

/* res_hnok(): a host name's labels are letters, digits, '-' and '_', not starting with
 * '-'; glibc sends no query for anything else (the name is not found) */
static int res_hnok(const char *name)
{
	int start = 1;
	if (!*name) return 0;
	for (const char *p = name; *p; p++) {
		char c = *p;
		if (c == '.') {
			if (start) return 0; /* an empty label */
			start = 1;
			continue;
		}
		int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (!alnum && !(!start && (c == '-' || c == '_')) && !(start && c == '_')) return 0;
		start = 0;
	}
	return 1;
}

int __int80_res_query(const char *name, int qtype, unsigned char *out, int max)
{
	struct resconf rc;
	unsigned char q[300];
	if (!res_hnok(name)) return EAI_NONAME;
	read_resolv_conf(&rc);
	int saved = errno;
	int result = EAI_AGAIN;
	for (int attempt = 0; attempt < rc.attempts && result == EAI_AGAIN; attempt++) {
		for (int i = 0; i < rc.nns && result == EAI_AGAIN; i++) {
			unsigned id = next_id();
			int qlen = build_query(q, sizeof q, name, qtype, id);
			if (qlen < 0) { result = EAI_NONAME; break; }
			int s = socket(rc.ns[i].ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
			if (s < 0) continue;
			if (connect(s, (struct sockaddr *)&rc.ns[i], rc.nslen[i]) == 0)
				result = ask(&rc, s, q, qlen, id, qtype, out, max);
			close(s);
		}
	}
	errno = saved;
	return result;
}
