/* TCP bulk to a host server (the bench runner's sink, which answers the byte count at
 * EOF): natively to 127.0.0.1, under int80 through --net user's bridge to 10.0.2.2 -
 * MB/s, 64 KiB writes; the count the host received is the CHECK */
#include "bench.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char buf[65536];

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 1000);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(argc > 3 ? atoi(argv[3]) : 9) };
	inet_pton(AF_INET, argc > 2 ? argv[2] : "127.0.0.1", &a.sin_addr);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(s, (struct sockaddr *)&a, sizeof a) < 0) DIE("connect");
	memset(buf, 'x', sizeof buf);
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		size_t off = 0;
		while (off < sizeof buf) {
			ssize_t w = write(s, buf + off, sizeof buf - off);
			if (w <= 0) DIE("write");
			off += w;
		}
	}
	shutdown(s, SHUT_WR);
	char reply[64];
	ssize_t r = read(s, reply, sizeof reply - 1);
	double dt = now_ns() - t0;
	reply[r > 0 ? r : 0] = 0;
	printf("RESULT %.1f MB/s\nCHECK %s\n", n * (double)sizeof buf / dt * 1e3, reply);
	close(s);
	return 0;
}
