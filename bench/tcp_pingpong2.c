/* two processes: TCP ping-pong between a server and a client process - ns per round trip.
 * usage: tcp_pingpong2 server PORT N | tcp_pingpong2 client PORT N */
#include "bench.h"
#include "inet_util.h"

int main(int argc, char **argv) {
	if (argc < 4) { fprintf(stderr, "usage: %s server|client PORT N\n", argv[0]); return 2; }
	int port = atoi(argv[2]);
	long n = atol(argv[3]);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	char c = 'x';
	int one = 1;
	if (argv[1][0] == 's') {
		int l = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, 1) < 0) DIE("listen");
		int s = accept(l, NULL, NULL);
		if (s < 0) DIE("accept");
		setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		for (long i = 0; i < n; i++)
			if (recv(s, &c, 1, 0) != 1 || send(s, &c, 1, 0) != 1) DIE("server");
		close(s);
		return 0;
	}
	int s = socket(AF_INET, SOCK_STREAM, 0);
	for (int tries = 0; connect(s, (struct sockaddr *)&a, sizeof a) < 0; tries++) {
		if (tries > 1000) DIE("connect");
		usleep(1000);
	}
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	double t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (send(s, &c, 1, 0) != 1 || recv(s, &c, 1, 0) != 1) DIE("client");
	printf("RESULT %.1f ns/roundtrip\n", (now_ns() - t0) / n);
	return 0;
}
