/* UDP ping-pong over ::1, 1 byte, in one process - ns per round trip */
#include "bench.h"
#include "inet_util.h"

static int udp6_bound(struct sockaddr_in6 *a) {
	int s = socket(AF_INET6, SOCK_DGRAM, 0);
	memset(a, 0, sizeof *a);
	a->sin6_family = AF_INET6;
	a->sin6_addr = in6addr_loopback;
	socklen_t len = sizeof *a;
	if (s < 0 || bind(s, (struct sockaddr *)a, sizeof *a) < 0) return -1;
	getsockname(s, (struct sockaddr *)a, &len);
	return s;
}

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 100000);
	struct sockaddr_in6 aa, ab;
	int a = udp6_bound(&aa), b = udp6_bound(&ab);
	char c = 'x';
	if (a < 0 || b < 0) DIE("udp6");
	if (connect(a, (struct sockaddr *)&ab, sizeof ab) < 0 || connect(b, (struct sockaddr *)&aa, sizeof aa) < 0) DIE("connect");
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		if (send(a, &c, 1, 0) != 1 || recv(b, &c, 1, 0) != 1) DIE("ping");
		if (send(b, &c, 1, 0) != 1 || recv(a, &c, 1, 0) != 1) DIE("pong");
	}
	printf("RESULT %.1f ns/roundtrip\n", (now_ns() - t0) / n);
	return 0;
}
