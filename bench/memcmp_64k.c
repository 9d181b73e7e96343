/* memcmp over two equal 64 KiB buffers (the whole length compared) - ns per call.
 * The call goes through a volatile function pointer so that neither compiler can
 * inline, hoist or drop it: this measures the libc's memcmp. */
#include <string.h>
#include "bench.h"

#define LEN 65536
static unsigned char a[LEN + 64], b[LEN + 64];
static int (*volatile cmp)(const void *, const void *, size_t) = memcmp;

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 20000);
	for (int i = 0; i < LEN; i++) a[i] = b[i + 1] = (unsigned char)(i * 131 + 7);
	long sum = 0;
	double t0 = now_ns();
	for (long i = 0; i < n; i++) sum += cmp(a, b + 1, LEN) != 0;
	double t = (now_ns() - t0) / n;
	b[LEN] ^= 1;
	if (sum != 0 || cmp(a, b + 1, LEN) == 0) { fprintf(stderr, "memcmp: wrong result\n"); return 1; }
	printf("RESULT %.1f ns/call\n", t);
	return 0;
}
