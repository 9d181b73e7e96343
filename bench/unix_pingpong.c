/* AF_UNIX socketpair ping-pong, 1 byte, in one process - ns per round trip */
#include <sys/socket.h>
#include <unistd.h>
#include "bench.h"

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 200000);
	int sv[2];
	char c = 'x';
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) DIE("socketpair");
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		if (send(sv[0], &c, 1, 0) != 1 || recv(sv[1], &c, 1, 0) != 1) DIE("ping");
		if (send(sv[1], &c, 1, 0) != 1 || recv(sv[0], &c, 1, 0) != 1) DIE("pong");
	}
	printf("RESULT %.1f ns/roundtrip\n", (now_ns() - t0) / n);
	return 0;
}
