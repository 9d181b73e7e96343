/* UDP loopback ping-pong, 1 byte, in one process - ns per round trip (FAMILY: inet_util.h) */
#include "bench.h"
#include "inet_util.h"

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 100000);
	struct sockaddr_storage aa, ab;
	socklen_t la, lb;
	int a = loopback_bound(SOCK_DGRAM, &aa, &la), b = loopback_bound(SOCK_DGRAM, &ab, &lb);
	char c = 'x';
	if (a < 0 || b < 0) DIE("udp");
	if (connect(a, (struct sockaddr *)&ab, lb) < 0 || connect(b, (struct sockaddr *)&aa, la) < 0) DIE("connect");
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		if (send(a, &c, 1, 0) != 1 || recv(b, &c, 1, 0) != 1) DIE("ping");
		if (send(b, &c, 1, 0) != 1 || recv(a, &c, 1, 0) != 1) DIE("pong");
	}
	printf("RESULT %.1f ns/roundtrip\n", (now_ns() - t0) / n);
	return 0;
}
