/* strlen of a 4 KiB string at a varying alignment - ns per call.
 * Called through a volatile function pointer: this measures the libc's strlen. */
#include <string.h>
#include "bench.h"

#define LEN 4096
static char s[LEN + 64];
static size_t (*volatile len)(const char *) = strlen;

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 500000);
	memset(s, 'x', sizeof s - 1);
	size_t sum = 0;
	double t0 = now_ns();
	for (long i = 0; i < n; i++) { size_t off = i & 15; s[off + LEN] = 0; sum += len(s + off); s[off + LEN] = 'x'; }
	double t = (now_ns() - t0) / n;
	if (sum != (size_t)n * LEN) { fprintf(stderr, "strlen: wrong result\n"); return 1; }
	printf("RESULT %.1f ns/call\n", t);
	return 0;
}
