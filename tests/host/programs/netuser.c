/* The guest side of the --net user / --publish tests (tests/host/net_user.test.js).
 *
 *   netuser get ADDR PORT REQUEST        connect, send REQUEST (\n -> \r\n), read to EOF:
 *                                        prints the status line, the byte count and FNV-1a
 *   netuser upload ADDR PORT MIB         connect, send MIB MiB of pattern, shut down writes,
 *                                        read the reply to EOF (bytes, fnv)
 *   netuser serve PORT READY MODE [MIB]  listen on PORT, tell the host (a connection to
 *                                        10.0.2.2:READY), accept one connection and serve:
 *                                        http (one response), sink (read to EOF, reply with
 *                                        MIB MiB and the sink's count), nb (non-blocking + poll)
 *   netuser udp ADDR PORT MSG            sendto, recvfrom, print the reply and its sender
 *   netuser udpserve PORT READY          recvfrom one datagram, echo it in upper case
 *   netuser ifaces                       getifaddrs and the SIOCGIF* answers for eth0
 *   netuser dns NAME                     the libc's DNS stub resolver (resolv.c) asks the
 *                                        name server of /etc/resolv.conf for NAME's A records
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *errname(int e)
{
	switch (e) {
	case ECONNREFUSED: return "ECONNREFUSED";
	case ECONNRESET: return "ECONNRESET";
	case ENETUNREACH: return "ENETUNREACH";
	case EPIPE: return "EPIPE";
	case ETIMEDOUT: return "ETIMEDOUT";
	default: return strerror(e);
	}
}

static uint32_t fnv(uint32_t h, const unsigned char *p, size_t n)
{
	while (n--) { h ^= *p++; h *= 16777619u; }
	return h;
}

/* byte i of the pattern both sides agree on */
static unsigned char pat(uint64_t i) { return (unsigned char)((i * 131) ^ (i >> 11)); }

static int addr(struct sockaddr_in *a, const char *host, int port)
{
	memset(a, 0, sizeof *a);
	a->sin_family = AF_INET;
	a->sin_port = htons(port);
	if (inet_pton(AF_INET, host, &a->sin_addr) == 1) return 0;
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res;
	int r = getaddrinfo(host, NULL, &hints, &res);
	if (r) { printf("getaddrinfo %s: %s\n", host, gai_strerror(r)); return -1; }
	a->sin_addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
	freeaddrinfo(res);
	return 0;
}

static int dial(const char *host, int port)
{
	struct sockaddr_in a;
	if (addr(&a, host, port)) return -1;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(s, (struct sockaddr *)&a, sizeof a) < 0) {
		printf("connect %s:%d: %s\n", host, port, errname(errno));
		close(s);
		return -1;
	}
	return s;
}

static void readall(int s, int header)
{
	static unsigned char buf[65536];
	uint64_t total = 0;
	uint32_t h = 2166136261u;
	char line[128] = "";
	size_t ll = 0;
	for (;;) {
		ssize_t n = read(s, buf, sizeof buf);
		if (n < 0) { printf("read: %s after %llu bytes\n", errname(errno), (unsigned long long)total); return; }
		if (n == 0) break;
		for (ssize_t i = 0; i < n && header && ll < sizeof line - 1; i++) {
			if (buf[i] == '\r' || buf[i] == '\n') { header = 0; break; }
			line[ll++] = buf[i];
		}
		h = fnv(h, buf, n);
		total += n;
	}
	if (ll) printf("%s\n", line);
	printf("bytes %llu fnv %08x\n", (unsigned long long)total, h);
}

static void sendpat(int s, uint64_t len)
{
	static unsigned char buf[65536];
	uint64_t off = 0;
	while (off < len) {
		size_t n = len - off < sizeof buf ? len - off : sizeof buf;
		for (size_t i = 0; i < n; i++) buf[i] = pat(off + i);
		size_t done = 0;
		while (done < n) {
			ssize_t w = write(s, buf + done, n - done);
			if (w < 0) { printf("write: %s\n", errname(errno)); return; }
			done += w;
		}
		off += n;
	}
}

static void ready(int port)
{
	if (port <= 0) return;
	int s = dial("10.0.2.2", port);
	if (s >= 0) close(s);
}

static int listener(int port, int type)
{
	int s = socket(AF_INET, type, 0), one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) { perror("bind"); exit(1); }
	if (type == SOCK_STREAM) listen(s, 8);
	return s;
}

static int serve(int port, int readyport, const char *mode, int mib)
{
	int l = listener(port, SOCK_STREAM);
	ready(readyport);
	struct sockaddr_in peer;
	socklen_t pl = sizeof peer;
	int c = accept(l, (struct sockaddr *)&peer, &pl);
	if (c < 0) { printf("accept: %s\n", errname(errno)); return 1; }
	char ip[32];
	printf("accepted from %s\n", inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof ip));
	if (!strcmp(mode, "http") || !strcmp(mode, "nb")) {
		char req[4096];
		size_t got = 0;
		if (!strcmp(mode, "nb")) fcntl(c, F_SETFL, O_NONBLOCK);
		while (got < sizeof req - 1) {
			ssize_t n = read(c, req + got, sizeof req - 1 - got);
			if (n < 0 && errno == EAGAIN) {
				struct pollfd p = { .fd = c, .events = POLLIN };
				int r = poll(&p, 1, -1);
				if (r != 1 || !(p.revents & POLLIN)) { printf("poll %d %x\n", r, p.revents); return 1; }
				continue;
			}
			if (n <= 0) break;
			got += n;
			req[got] = 0;
			if (strstr(req, "\r\n\r\n")) break;
		}
		req[got] = 0;
		char *eol = strstr(req, "\r\n");
		if (eol) *eol = 0;
		printf("request: %s\n", req);
		const char *body = "hello from the guest\n";
		char resp[256];
		int n = snprintf(resp, sizeof resp, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n\r\n%s", strlen(body), body);
		if (!strcmp(mode, "nb")) fcntl(c, F_SETFL, 0);
		write(c, resp, n);
		close(c);
	} else {
		/* sink: read to EOF (the host half-closed), then answer with mib MiB */
		readall(c, 0);
		sendpat(c, (uint64_t)mib << 20);
		close(c);
	}
	close(l);
	return 0;
}

static int udp(const char *host, int port, const char *msg)
{
	struct sockaddr_in a, from;
	if (addr(&a, host, port)) return 1;
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	if (sendto(s, msg, strlen(msg), 0, (struct sockaddr *)&a, sizeof a) < 0) { printf("sendto: %s\n", errname(errno)); return 1; }
	char buf[2048], ip[32];
	socklen_t fl = sizeof from;
	ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
	if (n < 0) { printf("recvfrom: %s\n", errname(errno)); return 1; }
	printf("reply \"%.*s\" from %s:%d\n", (int)n, buf, inet_ntop(AF_INET, &from.sin_addr, ip, sizeof ip), ntohs(from.sin_port) == port);
	return 0;
}

static int udpserve(int port, int readyport)
{
	int s = listener(port, SOCK_DGRAM);
	ready(readyport);
	struct sockaddr_in from;
	socklen_t fl = sizeof from;
	char buf[2048], ip[32];
	ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
	if (n < 0) { printf("recvfrom: %s\n", errname(errno)); return 1; }
	printf("datagram \"%.*s\" from %s\n", (int)n, buf, inet_ntop(AF_INET, &from.sin_addr, ip, sizeof ip));
	for (ssize_t i = 0; i < n; i++) if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] -= 32;
	sendto(s, buf, n, 0, (struct sockaddr *)&from, fl);
	return 0;
}

/* libc/src/resolv.c: the stub resolver getaddrinfo is built on */
int __int80_res_query(const char *name, int qtype, unsigned char *out, int max);

static int dns(const char *name)
{
	unsigned char out[16 * 8];
	char ip[32];
	int n = __int80_res_query(name, 1, out, 8);
	if (n < 0) { printf("%s: %s\n", name, gai_strerror(n)); return 0; }
	printf("%s:", name);
	for (int i = 0; i < n; i++) printf(" %s", inet_ntop(AF_INET, out + 16 * i, ip, sizeof ip));
	printf("\n");
	return 0;
}

static int ifaces(void)
{
	struct ifaddrs *ifa, *i;
	char ip[32], mask[32];
	if (getifaddrs(&ifa) < 0) { perror("getifaddrs"); return 1; }
	for (i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
		inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, ip, sizeof ip);
		inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_netmask)->sin_addr, mask, sizeof mask);
		printf("%s %s/%s index %u\n", i->ifa_name, ip, mask, if_nametoindex(i->ifa_name));
	}
	freeifaddrs(ifa);
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq r;
	memset(&r, 0, sizeof r);
	strcpy(r.ifr_name, "eth0");
	if (ioctl(s, SIOCGIFMTU, &r) == 0) printf("eth0 mtu %d\n", r.ifr_mtu);
	else printf("SIOCGIFMTU eth0: %s\n", strerror(errno));
	if (ioctl(s, SIOCGIFFLAGS, &r) == 0) printf("eth0 flags %#x\n", r.ifr_flags & 0xffff);
	/* the source address a route picks: connect a UDP socket and ask */
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(9) }, me;
	inet_pton(AF_INET, "10.0.2.2", &a.sin_addr);
	socklen_t ml = sizeof me;
	if (connect(s, (struct sockaddr *)&a, sizeof a) == 0 && getsockname(s, (struct sockaddr *)&me, &ml) == 0)
		printf("source for 10.0.2.2: %s\n", inet_ntop(AF_INET, &me.sin_addr, ip, sizeof ip));
	else printf("connect 10.0.2.2: %s\n", errname(errno));
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc >= 5 && !strcmp(argv[1], "get")) {
		int s = dial(argv[2], atoi(argv[3]));
		if (s < 0) return 0;
		char req[1024];
		size_t n = 0;
		for (const char *p = argv[4]; *p && n < sizeof req - 2; p++) {
			if (*p == '\n') req[n++] = '\r';
			req[n++] = *p;
		}
		write(s, req, n);
		readall(s, 1);
		close(s);
		return 0;
	}
	if (argc >= 5 && !strcmp(argv[1], "upload")) {
		int s = dial(argv[2], atoi(argv[3]));
		if (s < 0) return 0;
		sendpat(s, (uint64_t)atoi(argv[4]) << 20);
		shutdown(s, SHUT_WR);
		readall(s, 1);
		close(s);
		return 0;
	}
	if (argc >= 5 && !strcmp(argv[1], "serve")) return serve(atoi(argv[2]), atoi(argv[3]), argv[4], argc > 5 ? atoi(argv[5]) : 0);
	if (argc >= 5 && !strcmp(argv[1], "udp")) return udp(argv[2], atoi(argv[3]), argv[4]);
	if (argc >= 4 && !strcmp(argv[1], "udpserve")) return udpserve(atoi(argv[2]), atoi(argv[3]));
	if (argc >= 2 && !strcmp(argv[1], "ifaces")) return ifaces();
	if (argc >= 3 && !strcmp(argv[1], "dns")) return dns(argv[2]);
	fprintf(stderr, "usage: see the comment at the top\n");
	return 2;
}
