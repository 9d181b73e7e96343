/* pipe ping-pong, 1 byte, two pipes in one process - ns per round trip */
#include <unistd.h>
#include "bench.h"

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 200000);
	int a[2], b[2];
	char c = 'x';
	if (pipe(a) < 0 || pipe(b) < 0) DIE("pipe");
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		if (write(a[1], &c, 1) != 1 || read(a[0], &c, 1) != 1) DIE("ping");
		if (write(b[1], &c, 1) != 1 || read(b[0], &c, 1) != 1) DIE("pong");
	}
	printf("RESULT %.1f ns/roundtrip\n", (now_ns() - t0) / n);
	return 0;
}
