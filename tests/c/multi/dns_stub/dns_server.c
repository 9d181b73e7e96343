/* A tiny DNS server on 127.0.0.1:53 (RFC 1035): answers A and AAAA queries
 * for the names below, NXDOMAIN for the others, SERVFAIL for "broken.lan",
 * and exits after answering "quit.lan". It prints each query it got (names
 * and types, sorted by the order the client sends them). */
#include "multi.h"
#include <netinet/in.h>

static const struct { const char *name; int type; unsigned char addr[16]; } zone[] = {
	{ "ready.lan", 1, { 10, 0, 0, 1 } },
	{ "printer.lan", 1, { 192, 168, 1, 50 } },
	{ "printer.lan", 1, { 192, 168, 1, 51 } },
	{ "printer.lan", 28, { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x50 } },
	{ "v4only.lan", 1, { 192, 168, 1, 60 } },
	{ "quit.lan", 1, { 10, 0, 0, 2 } },
};
#define NZONE (int)(sizeof zone / sizeof zone[0])

/* the dotted name at off in m; the offset after it */
static int read_name(const unsigned char *m, int len, int off, char *out)
{
	int n = 0;
	while (off < len && m[off]) {
		int l = m[off++];
		if (n) out[n++] = '.';
		memcpy(out + n, m + off, l);
		n += l;
		off += l;
	}
	out[n] = 0;
	return off + 1;
}

int main(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(53) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
	for (;;) {
		unsigned char q[512], r[512];
		struct sockaddr_in from;
		socklen_t fl = sizeof from;
		int n = recvfrom(s, q, sizeof q, 0, (struct sockaddr *)&from, &fl);
		if (n < 12) continue;
		char name[256];
		int off = read_name(q, n, 12, name);
		int qtype = (q[off] << 8) | q[off + 1];
		int qend = off + 4;
		if (strcmp(name, "ready.lan") != 0) printf("query %s type %d\n", name, qtype);
		memcpy(r, q, qend);
		r[2] = 0x81; /* QR, RD */
		r[3] = 0x80; /* RA */
		r[6] = r[7] = r[8] = r[9] = r[10] = r[11] = 0;
		int len = qend, an = 0, known = 0;
		for (int i = 0; i < NZONE; i++) {
			if (strcmp(zone[i].name, name) != 0) continue;
			known = 1;
			if (zone[i].type != qtype) continue;
			int size = qtype == 28 ? 16 : 4;
			unsigned char rr[12] = { 0xc0, 12, 0, qtype, 0, 1, 0, 0, 0x0e, 0x10, 0, size };
			memcpy(r + len, rr, 12);
			memcpy(r + len + 12, zone[i].addr, size);
			len += 12 + size;
			an++;
		}
		if (strcmp(name, "broken.lan") == 0) r[3] |= 2; /* SERVFAIL */
		else if (!known) r[3] |= 3; /* NXDOMAIN */
		r[7] = an;
		sendto(s, r, len, 0, (struct sockaddr *)&from, fl);
		if (strcmp(name, "quit.lan") == 0) break;
	}
	printf("server done\n");
	return 0;
}
