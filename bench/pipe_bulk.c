/* bulk pipe: 64 KiB writes (the pipe's capacity), read back in the same process - MB/s */
#include <unistd.h>
#include "bench.h"

#define CHUNK 65536
static char buf[CHUNK], in[CHUNK];

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 20000);
	int p[2];
	if (pipe(p) < 0) DIE("pipe");
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		if (write(p[1], buf, CHUNK) != CHUNK) DIE("write");
		for (long got = 0; got < CHUNK;) {
			ssize_t r = read(p[0], in, CHUNK - got);
			if (r <= 0) DIE("read");
			got += r;
		}
	}
	double s = (now_ns() - t0) / 1e9;
	printf("RESULT %.1f MB/s\n", n * (double)CHUNK / 1e6 / s);
	return 0;
}
