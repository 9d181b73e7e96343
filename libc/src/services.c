/* getservbyname/getservbyport/getservent and getprotobyname/getprotobynumber/
 * getprotoent from /etc/services and /etc/protocols (services(5),
 * protocols(5)), as glibc's nss "files" service reads them: the first entry
 * whose name or alias matches (and protocol, when one is given) wins. Results
 * live in static storage, overwritten by the next call (as glibc's). */
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include "etc.h"

#define MAXALIASES 35

static struct etc_file serv_file = { .fd = -1 };
static int serv_stayopen;
static char serv_line[1024];
static char *serv_aliases[MAXALIASES + 1];
static struct servent serv;

/* "name port/proto aliases...": 1 and fills serv, or 0 for a line that is not an entry */
static int parse_servent(char *line)
{
	char *f[MAXALIASES + 2];
	int n = __int80_etc_fields(line, 0, f, MAXALIASES + 2);
	if (n < 2) return 0;
	char *slash = strchr(f[1], '/');
	if (!slash || slash == f[1] || !slash[1]) return 0;
	*slash = 0;
	char *end;
	long port = strtol(f[1], &end, 10);
	if (*end || port < 0 || port > 65535) return 0;
	serv.s_name = f[0];
	serv.s_port = htons((unsigned short)port);
	serv.s_proto = slash + 1;
	int k = 0;
	for (int i = 2; i < n && k < MAXALIASES; i++) serv_aliases[k++] = f[i];
	serv_aliases[k] = NULL;
	serv.s_aliases = serv_aliases;
	return 1;
}

void setservent(int stayopen)
{
	__int80_etc_close(&serv_file);
	__int80_etc_open(&serv_file, "/etc/services", 1);
	serv_stayopen = stayopen;
}

void endservent(void)
{
	__int80_etc_close(&serv_file);
	serv_stayopen = 0;
}

struct servent *getservent(void)
{
	if (serv_file.fd < 0 && __int80_etc_open(&serv_file, "/etc/services", 1) < 0) return NULL;
	while (__int80_etc_line(&serv_file, serv_line, sizeof serv_line) >= 0)
		if (parse_servent(serv_line)) return &serv;
	return NULL;
}

static struct servent *find_serv(const char *name, int port, const char *proto)
{
	struct etc_file f;
	if (__int80_etc_open(&f, "/etc/services", 1) < 0) return NULL;
	struct servent *found = NULL;
	while (!found && __int80_etc_line(&f, serv_line, sizeof serv_line) >= 0) {
		if (!parse_servent(serv_line)) continue;
		if (proto && strcmp(proto, serv.s_proto) != 0) continue;
		if (name) {
			int match = strcmp(name, serv.s_name) == 0;
			for (char **a = serv.s_aliases; !match && *a; a++) match = strcmp(name, *a) == 0;
			if (match) found = &serv;
		} else if (serv.s_port == port) {
			found = &serv;
		}
	}
	__int80_etc_close(&f);
	return found;
}

struct servent *getservbyname(const char *name, const char *proto)
{
	return find_serv(name, 0, proto);
}

/* port in network byte order, as getservbyport(3) takes it */
struct servent *getservbyport(int port, const char *proto)
{
	return find_serv(NULL, port, proto);
}

static struct etc_file proto_file = { .fd = -1 };
static char proto_line[1024];
static char *proto_aliases[MAXALIASES + 1];
static struct protoent proto;

/* "name number aliases..." */
static int parse_protoent(char *line)
{
	char *f[MAXALIASES + 2];
	int n = __int80_etc_fields(line, 0, f, MAXALIASES + 2);
	if (n < 2) return 0;
	char *end;
	long num = strtol(f[1], &end, 10);
	if (*end || num < 0) return 0;
	proto.p_name = f[0];
	proto.p_proto = (int)num;
	int k = 0;
	for (int i = 2; i < n && k < MAXALIASES; i++) proto_aliases[k++] = f[i];
	proto_aliases[k] = NULL;
	proto.p_aliases = proto_aliases;
	return 1;
}

void setprotoent(int stayopen)
{
	(void)stayopen;
	__int80_etc_close(&proto_file);
	__int80_etc_open(&proto_file, "/etc/protocols", 1);
}

void endprotoent(void)
{
	__int80_etc_close(&proto_file);
}

struct protoent *getprotoent(void)
{
	if (proto_file.fd < 0 && __int80_etc_open(&proto_file, "/etc/protocols", 1) < 0) return NULL;
	while (__int80_etc_line(&proto_file, proto_line, sizeof proto_line) >= 0)
		if (parse_protoent(proto_line)) return &proto;
	return NULL;
}

static struct protoent *find_proto(const char *name, int num)
{
	struct etc_file f;
	if (__int80_etc_open(&f, "/etc/protocols", 1) < 0) return NULL;
	struct protoent *found = NULL;
	while (!found && __int80_etc_line(&f, proto_line, sizeof proto_line) >= 0) {
		if (!parse_protoent(proto_line)) continue;
		if (name) {
			int match = strcmp(name, proto.p_name) == 0;
			for (char **a = proto.p_aliases; !match && *a; a++) match = strcmp(name, *a) == 0;
			if (match) found = &proto;
		} else if (proto.p_proto == num) {
			found = &proto;
		}
	}
	__int80_etc_close(&f);
	return found;
}

struct protoent *getprotobyname(const char *name)
{
	return find_proto(name, 0);
}

struct protoent *getprotobynumber(int num)
{
	return find_proto(NULL, num);
}
