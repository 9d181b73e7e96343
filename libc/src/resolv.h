/* The hosts database: /etc/hosts and the DNS stub resolver (resolv.c), for
 * getaddrinfo/getnameinfo/gethostbyname (netdb.c). */
#ifndef INT80_RESOLV_H
#define INT80_RESOLV_H
#include "etc.h"

#define HOSTS_MAXNAMES 16

struct hosts_entry {
	char line[512];
	int family;                /* AF_INET or AF_INET6 */
	unsigned char addr[16];    /* network order; IPv4 in the first 4 bytes */
	int nnames;
	char *names[HOSTS_MAXNAMES + 1]; /* canonical name first, then aliases; NULL-terminated */
};

/* 0, or -1 when /etc/hosts cannot be read */
int __int80_hosts_open(struct etc_file *f);
/* the next well-formed line, 0; or -1 at the end */
int __int80_hosts_next(struct etc_file *f, struct hosts_entry *e);
int __int80_hosts_has_name(const struct hosts_entry *e, const char *name);

/* /etc/nsswitch.conf's hosts: line names dns */
int __int80_hosts_use_dns(void);
/* asks the name servers for `name`'s addresses of qtype (1 = A, 28 = AAAA), each
 * in 16 bytes of out (IPv4 in the first 4): their count (0: the name exists without
 * such addresses), EAI_NONAME (no such name) or EAI_AGAIN (no server answered) */
int __int80_res_query(const char *name, int qtype, unsigned char *out, int max);

#endif
