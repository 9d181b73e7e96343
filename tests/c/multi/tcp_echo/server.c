/* tcp_echo server: TCP on 127.0.0.1:PORT; accept N clients one after the
 * other and echo each one's bytes back until it closes.  The peer address is
 * 127.0.0.1 with an ephemeral port (not printed: it varies).  Clients may come
 * in any order, so what was echoed is printed sorted. */
#include "multi.h"

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 47301;
	int nclients = argc > 2 ? atoi(argv[2]) : 2, i;
	char *got[16];
	long total = 0;
	setvbuf(stdout, NULL, _IONBF, 0);
	int ls = tcp_listen(port, 8);
	printf("server: listening\n");
	for (i = 0; i < nclients && i < 16; i++) {
		struct sockaddr_in peer;
		socklen_t plen = sizeof peer;
		int c = accept(ls, (struct sockaddr *)&peer, &plen);
		if (c < 0) die("accept");
		printf("server: accepted fd %d from %s, addrlen %u, port != 0: %s\n", c,
		       inet_ntoa(peer.sin_addr), (unsigned)plen, peer.sin_port ? "yes" : "no");
		char all[256];
		int n = 0;
		for (;;) {
			char buf[64];
			ssize_t r = read(c, buf, sizeof buf);
			if (r < 0) die("read");
			if (r == 0) break;
			write_all(c, buf, (size_t)r);
			if (n + r < (int)sizeof all) { memcpy(all + n, buf, (size_t)r); n += (int)r; }
			total += r;
		}
		all[n] = 0;
		got[i] = strdup(all);
		CHECK(close(c));
	}
	qsort(got, (size_t)i, sizeof got[0], cmp_str);
	printf("server: echoed %ld bytes to %d clients:\n", total, i);
	for (int k = 0; k < i; k++)
		printf("  \"%s\"\n", got[k]);
	CHECK(close(ls));
	return 0;
}
