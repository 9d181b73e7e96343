/* compute: a loop without syscalls (a hash over an array, with a call per element) -
 * ns per iteration. On int80 it runs twice: with preemption points (the default) and
 * built -mno-preempt; their ratio is the cost of preemption (issue #12: goal < 5%). */
#include <stdint.h>
#include "bench.h"

static uint32_t table[1024];

__attribute__((noinline)) static uint32_t mix(uint32_t h, uint32_t v) {
	h ^= v;
	h *= 0x01000193u;
	return h ^ (h >> 15);
}

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 100000000);
	for (int i = 0; i < 1024; i++) table[i] = i * 2654435761u;
	uint32_t h = 2166136261u;
	double t0 = now_ns();
	for (long i = 0; i < n; i++) h = mix(h, table[i & 1023]);
	double dt = now_ns() - t0;
	printf("RESULT %.3f ns/iter (h=%08x)\n", dt / n, h);
	return 0;
}
