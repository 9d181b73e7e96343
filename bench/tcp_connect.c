/* connect + accept + close on TCP loopback - connections per second */
#include "bench.h"
#include "inet_util.h"

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 5000);
	struct sockaddr_storage a;
	socklen_t len;
	int l = loopback_bound(SOCK_STREAM, &a, &len);
	if (l < 0 || listen(l, 128) < 0) DIE("listen");
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		int c = socket(FAMILY, SOCK_STREAM, 0);
		if (c < 0 || connect(c, (struct sockaddr *)&a, len) < 0) DIE("connect");
		int s = accept(l, NULL, NULL);
		if (s < 0) DIE("accept");
		close(c);
		close(s);
	}
	double s = (now_ns() - t0) / 1e9;
	printf("RESULT %.0f conn/s\n", n / s);
	return 0;
}
