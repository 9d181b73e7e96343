/* verified bulk TCP over loopback: 64 KiB writes, read back in the same process and
 * compared with what was sent (memcmp) - MB/s. Each chunk carries its sequence
 * number, so a stale or misplaced chunk fails the check. */
#include <string.h>
#include "bench.h"
#include "inet_util.h"

#define CHUNK 65536
static unsigned char buf[CHUNK], in[CHUNK];

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 20000);
	int sv[2];
	if (tcp_pair(sv) < 0) DIE("tcp_pair");
	for (int i = 0; i < CHUNK; i++) buf[i] = (unsigned char)(i * 7 + 3);
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		memcpy(buf + (i & 4095) * 16, &i, sizeof i);
		if (write(sv[0], buf, CHUNK) != CHUNK) DIE("write");
		for (long got = 0; got < CHUNK;) {
			ssize_t r = read(sv[1], in + got, CHUNK - got);
			if (r <= 0) DIE("read");
			got += r;
		}
		if (memcmp(in, buf, CHUNK) != 0) { fprintf(stderr, "chunk %ld: received data differs\n", i); return 1; }
	}
	double s = (now_ns() - t0) / 1e9;
	printf("RESULT %.1f MB/s\n", n * (double)CHUNK / 1e6 / s);
	return 0;
}
