/* UDP loopback ping-pong, 1 byte, in one process - ns per round trip */
#include "bench.h"
#include "inet_util.h"

static int udp_bound(struct sockaddr_in *a) {
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	memset(a, 0, sizeof *a);
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof *a;
	if (s < 0 || bind(s, (struct sockaddr *)a, sizeof *a) < 0) return -1;
	getsockname(s, (struct sockaddr *)a, &len);
	return s;
}

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 100000);
	struct sockaddr_in aa, ab;
	int a = udp_bound(&aa), b = udp_bound(&ab);
	char c = 'x';
	if (a < 0 || b < 0) DIE("udp");
	if (connect(a, (struct sockaddr *)&ab, sizeof ab) < 0 || connect(b, (struct sockaddr *)&aa, sizeof aa) < 0) DIE("connect");
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		if (send(a, &c, 1, 0) != 1 || recv(b, &c, 1, 0) != 1) DIE("ping");
		if (send(b, &c, 1, 0) != 1 || recv(a, &c, 1, 0) != 1) DIE("pong");
	}
	printf("RESULT %.1f ns/roundtrip\n", (now_ns() - t0) / n);
	return 0;
}
