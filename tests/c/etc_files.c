/* The name databases in /etc as programs read them: services(5) and
 * protocols(5) through getservbyname/getservbyport/getprotobyname/
 * getprotobynumber, getnameinfo's service names, passwd(5) and group(5)
 * through getpwnam/getpwuid/getgrnam/getgrgid, for the entries every Debian
 * system has. (Runs under int80 once the kernel has a file system with /etc.) */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <netdb.h>
#include <pwd.h>
#include <grp.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

static void serv(const char *what, struct servent *s)
{
	if (!s) { printf("%-28s NULL\n", what); return; }
	printf("%-28s %s %d/%s", what, s->s_name, ntohs(s->s_port), s->s_proto);
	for (char **a = s->s_aliases; *a; a++) printf(" alias %s", *a);
	printf("\n");
}

static void proto(const char *what, struct protoent *p)
{
	if (!p) { printf("%-28s NULL\n", what); return; }
	printf("%-28s %s %d", what, p->p_name, p->p_proto);
	for (char **a = p->p_aliases; *a; a++) printf(" alias %s", *a);
	printf("\n");
}

static void pw(const char *what, struct passwd *p)
{
	if (!p) { printf("%-28s NULL\n", what); return; }
	printf("%-28s %s:%s:%u:%u:%s:%s:%s\n", what, p->pw_name, p->pw_passwd, (unsigned)p->pw_uid,
	       (unsigned)p->pw_gid, p->pw_gecos, p->pw_dir, p->pw_shell);
}

static void gr(const char *what, struct group *g)
{
	if (!g) { printf("%-28s NULL\n", what); return; }
	printf("%-28s %s:%s:%u:", what, g->gr_name, g->gr_passwd, (unsigned)g->gr_gid);
	for (char **m = g->gr_mem; *m; m++) printf("%s%s", m == g->gr_mem ? "" : ",", *m);
	printf("\n");
}

int main(void)
{
	serv("http/tcp", getservbyname("http", "tcp"));
	serv("http (any)", getservbyname("http", NULL));
	serv("domain/udp", getservbyname("domain", "udp"));
	serv("ssh/udp", getservbyname("ssh", "udp"));
	serv("nosuchservice", getservbyname("nosuchservice", "tcp"));
	serv("port 22/tcp", getservbyport(htons(22), "tcp"));
	serv("port 25", getservbyport(htons(25), NULL));
	serv("port 7/udp", getservbyport(htons(7), "udp"));
	serv("port 1/tcp", getservbyport(htons(1), "tcp"));
	proto("tcp", getprotobyname("tcp"));
	proto("UDP (alias)", getprotobyname("UDP"));
	proto("17", getprotobynumber(17));
	proto("icmp", getprotobyname("icmp"));
	proto("nosuchproto", getprotobyname("nosuchproto"));

	struct sockaddr_in sin;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int ports[] = { 80, 22, 53, 5000 };
	for (int i = 0; i < 4; i++) {
		char host[NI_MAXHOST], service[NI_MAXSERV];
		sin.sin_port = htons(ports[i]);
		int rc = getnameinfo((struct sockaddr *)&sin, sizeof sin, host, sizeof host, service, sizeof service, NI_NUMERICHOST);
		printf("getnameinfo port %d: %d %s %s\n", ports[i], rc, host, service);
		rc = getnameinfo((struct sockaddr *)&sin, sizeof sin, host, sizeof host, service, sizeof service, NI_NUMERICHOST | NI_DGRAM);
		printf("getnameinfo port %d NI_DGRAM: %d %s\n", ports[i], rc, service);
	}
	struct addrinfo hints, *res;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	int rc = getaddrinfo("127.0.0.1", "smtp", &hints, &res);
	printf("getaddrinfo smtp: %d port %d\n", rc, rc ? 0 : ntohs(((struct sockaddr_in *)res->ai_addr)->sin_port));
	if (!rc) freeaddrinfo(res);

	pw("root", getpwnam("root"));
	pw("uid 0", getpwuid(0));
	pw("nobody", getpwnam("nobody"));
	pw("nosuchuser", getpwnam("nosuchuser"));
	gr("root", getgrnam("root"));
	gr("gid 0", getgrgid(0));
	gr("nogroup", getgrnam("nogroup"));
	gr("nosuchgroup", getgrnam("nosuchgroup"));

	/* the reentrant forms: the entry in the caller's buffer, 0 and NULL for no
	 * such entry, ERANGE when the buffer is too small */
	struct passwd pwd, *pr;
	struct group grp, *grr;
	char buf[512], tiny[8];
	rc = getpwnam_r("root", &pwd, buf, sizeof buf, &pr);
	printf("getpwnam_r root: %d same %d\n", rc, pr == &pwd);
	if (pr) pw("  root (r)", pr);
	rc = getpwuid_r(65534, &pwd, buf, sizeof buf, &pr);
	printf("getpwuid_r 65534: %d\n", rc);
	if (pr) pw("  65534 (r)", pr);
	rc = getpwnam_r("nosuchuser", &pwd, buf, sizeof buf, &pr);
	printf("getpwnam_r nosuchuser: %d %s\n", rc, pr ? "found" : "NULL");
	rc = getpwnam_r("root", &pwd, tiny, sizeof tiny, &pr);
	printf("getpwnam_r root tiny: %s %s\n", rc == ERANGE ? "ERANGE" : "other", pr ? "found" : "NULL");
	rc = getgrnam_r("root", &grp, buf, sizeof buf, &grr);
	printf("getgrnam_r root: %d same %d\n", rc, grr == &grp);
	if (grr) gr("  root (r)", grr);
	rc = getgrgid_r(0, &grp, buf, sizeof buf, &grr);
	printf("getgrgid_r 0: %d %s\n", rc, grr ? grr->gr_name : "NULL");
	rc = getgrnam_r("nosuchgroup", &grp, buf, sizeof buf, &grr);
	printf("getgrnam_r nosuchgroup: %d %s\n", rc, grr ? "found" : "NULL");
	rc = getgrgid_r(0, &grp, tiny, sizeof tiny, &grr);
	printf("getgrgid_r 0 tiny: %s %s\n", rc == ERANGE ? "ERANGE" : "other", grr ? "found" : "NULL");
	return 0;
}
