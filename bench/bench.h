/* Shared by the benchmark programs: a monotonic clock and the one output line the
 * runner reads: "RESULT <value> <unit>". Each program does the same work natively and
 * under int80. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static long iterations(int argc, char **argv, long dflt) {
	return argc > 1 ? atol(argv[1]) : dflt;
}

#define DIE(what) do { perror(what); exit(1); } while (0)
