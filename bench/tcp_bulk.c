/* bulk TCP: 64 KiB writes over loopback, read back in the same process - MB/s */
#include "bench.h"
#include "inet_util.h"

#define CHUNK 65536
static char buf[CHUNK], in[CHUNK];

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 20000);
	int sv[2];
	if (tcp_pair(sv) < 0) DIE("tcp_pair");
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		if (write(sv[0], buf, CHUNK) != CHUNK) DIE("write");
		for (long got = 0; got < CHUNK;) {
			ssize_t r = read(sv[1], in, CHUNK - got);
			if (r <= 0) DIE("read");
			got += r;
		}
	}
	double s = (now_ns() - t0) / 1e9;
	printf("RESULT %.1f MB/s\n", n * (double)CHUNK / 1e6 / s);
	return 0;
}
