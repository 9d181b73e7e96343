/* TCP ping-pong, 1 byte, with a host server (the bench runner's echo server): natively to
 * 127.0.0.1, under int80 through --net user's bridge to 10.0.2.2 - ns per round trip */
#include "bench.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 20000);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(argc > 3 ? atoi(argv[3]) : 7) };
	inet_pton(AF_INET, argc > 2 ? argv[2] : "127.0.0.1", &a.sin_addr);
	int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	if (connect(s, (struct sockaddr *)&a, sizeof a) < 0) DIE("connect");
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	char c = 'x';
	double t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (send(s, &c, 1, 0) != 1 || recv(s, &c, 1, 0) != 1) DIE("ping");
	printf("RESULT %.1f ns/roundtrip\n", (now_ns() - t0) / n);
	close(s);
	return 0;
}
