/* TCP loopback ping-pong, 1 byte, in one process - ns per round trip */
#include "bench.h"
#include "inet_util.h"

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 100000);
	int sv[2];
	char c = 'x';
	if (tcp_pair(sv) < 0) DIE("tcp_pair");
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		if (send(sv[0], &c, 1, 0) != 1 || recv(sv[1], &c, 1, 0) != 1) DIE("ping");
		if (send(sv[1], &c, 1, 0) != 1 || recv(sv[0], &c, 1, 0) != 1) DIE("pong");
	}
	printf("RESULT %.1f ns/roundtrip\n", (now_ns() - t0) / n);
	return 0;
}
