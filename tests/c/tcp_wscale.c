/* tcp_wscale.c - TCP window scaling (RFC 7323 2) on lo, as a raw socket sees the
 * handshake (root): the SYN and SYN-ACK carry the MSS, timestamps and the window-scale
 * option, with the shift the receive buffer's largest size gives (tcp_rmem[2] = 6 MiB:
 * 7); their windows are not scaled (65495 and 65483 on lo), the ACK's is (512 << 7 is
 * the 64 KiB the buffer is worth). A receive buffer set small before connect or listen
 * (SO_RCVBUF locks it) gives shift 0 and a window of the buffer's worth.
 * record: netns-lo debian-hosts (lo only; record.sh sets Linux's default tcp_rmem there) */
#include "common.h"

static unsigned short lport, cport;

static const char *who(unsigned short port)
{
	return port == lport ? "listener" : port == cport ? "client" : "other";
}

/* the TCP packets of one handshake: flags, window field, and a SYN's options */
static void drain(int raw, const char *what)
{
	unsigned char p[70000];
	printf("%s:\n", what);
	for (;;) {
		long n = recv(raw, p, sizeof p, MSG_DONTWAIT);
		if (n < 0) {
			printf("  (then %s)\n", errname(errno));
			return;
		}
		int ihl = (p[0] & 15) * 4, doff = (p[ihl + 12] >> 4) * 4;
		const unsigned char *t = p + ihl;
		unsigned sport = (t[0] << 8) | t[1], dport = (t[2] << 8) | t[3];
		printf("  %s -> %s flags=%s%s%s len=%ld win=%u", who(sport), who(dport), t[13] & 2 ? "S" : "",
		       t[13] & 16 ? "A" : "", t[13] & 1 ? "F" : "", n - ihl - doff, (t[14] << 8) | t[15]);
		if (t[13] & 2) {
			int mss = -1, ws = -1, ts = 0;
			for (int i = 20; i < doff;) {
				int kind = t[i];
				if (kind == 0) break;
				if (kind == 1) { i++; continue; }
				int len = t[i + 1];
				if (len < 2) break;
				if (kind == 2 && len == 4) mss = (t[i + 2] << 8) | t[i + 3];
				if (kind == 3 && len == 3) ws = t[i + 2];
				if (kind == 8 && len == 10) ts = 1;
				i += len;
			}
			printf(" mss=%d wscale=%d timestamps=%d", mss, ws, ts);
		}
		printf("\n");
	}
}

/* one connection from a client with receive buffer cbuf to a listener with lbuf (0: default) */
static void handshake(int raw, int cbuf, int lbuf, int port, const char *what)
{
	struct sockaddr_in a = lo4(port);
	int one = 1;
	int l = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (lbuf) setsockopt(l, SOL_SOCKET, SO_RCVBUF, &lbuf, sizeof lbuf);
	bind(l, (struct sockaddr *)&a, sizeof a);
	listen(l, 5);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	if (cbuf) setsockopt(c, SOL_SOCKET, SO_RCVBUF, &cbuf, sizeof cbuf);
	struct sockaddr_in b = lo4(port + 1);
	bind(c, (struct sockaddr *)&b, sizeof b);
	lport = port;
	cport = port + 1;
	connect(c, (struct sockaddr *)&a, sizeof a);
	int s = accept(l, NULL, NULL);
	usleep(20000);
	drain(raw, what);
	close(c);
	close(s);
	close(l);
	usleep(20000);
	while (recv(raw, (char[70000]){0}, 70000, MSG_DONTWAIT) > 0);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	int raw = socket(AF_INET, SOCK_RAW, IPPROTO_TCP);
	if (raw < 0) {
		printf("socket(AF_INET, SOCK_RAW, IPPROTO_TCP) = -1 %s (needs root)\n", errname(errno));
		return 0;
	}
	handshake(raw, 0, 0, 41000, "default buffers");
	handshake(raw, 4096, 0, 41010, "client SO_RCVBUF 4096");
	handshake(raw, 0, 4096, 41020, "listener SO_RCVBUF 4096");
	return 0;
}
