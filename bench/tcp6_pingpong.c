/* TCP ping-pong over ::1, 1 byte, in one process - ns per round trip */
#include "bench.h"
#include "inet_util.h"

static int tcp6_pair(int sv[2]) {
	struct sockaddr_in6 a;
	int l = socket(AF_INET6, SOCK_STREAM, 0);
	if (l < 0) return -1;
	memset(&a, 0, sizeof a);
	a.sin6_family = AF_INET6;
	a.sin6_addr = in6addr_loopback;
	socklen_t len = sizeof a;
	if (bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, 128) < 0) return -1;
	getsockname(l, (struct sockaddr *)&a, &len);
	sv[0] = socket(AF_INET6, SOCK_STREAM, 0);
	if (connect(sv[0], (struct sockaddr *)&a, sizeof a) < 0) return -1;
	sv[1] = accept(l, NULL, NULL);
	close(l);
	int one = 1;
	setsockopt(sv[0], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	setsockopt(sv[1], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return sv[1] < 0 ? -1 : 0;
}

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 100000);
	int sv[2];
	char c = 'x';
	if (tcp6_pair(sv) < 0) DIE("tcp6_pair");
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		if (send(sv[0], &c, 1, 0) != 1 || recv(sv[1], &c, 1, 0) != 1) DIE("ping");
		if (send(sv[1], &c, 1, 0) != 1 || recv(sv[0], &c, 1, 0) != 1) DIE("pong");
	}
	printf("RESULT %.1f ns/roundtrip\n", (now_ns() - t0) / n);
	return 0;
}
