/* memcpy of 64 KiB between two buffers, source misaligned by one byte - ns per call.
 * Called through a volatile function pointer: this measures the libc's memcpy. */
#include <string.h>
#include "bench.h"

#define LEN 65536
static unsigned char a[LEN + 64], b[LEN + 64];
static void *(*volatile copy)(void *, const void *, size_t) = memcpy;

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 20000);
	for (int i = 0; i < LEN + 64; i++) a[i] = (unsigned char)(i * 131 + 7);
	double t0 = now_ns();
	for (long i = 0; i < n; i++) { a[1 + (i & 1023)] = (unsigned char)i; copy(b, a + 1, LEN); }
	double t = (now_ns() - t0) / n;
	if (memcmp(b, a + 1, LEN) != 0) { fprintf(stderr, "memcpy: wrong result\n"); return 1; }
	printf("RESULT %.1f ns/call\n", t);
	return 0;
}
