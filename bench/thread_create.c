/* pthread_create + pthread_join of a thread that returns at once - us per thread.
 * On int80 a thread is a task in the same Wasm instance (docs/threads.md): its cost
 * is clone, the stack and asyncify buffer malloc, the host's first call into it, its
 * exit and the CLONE_CHILD_CLEARTID futex wake of the joiner. */
#include <pthread.h>
#include "bench.h"

static void *nothing(void *arg) { return arg; }

int main(int argc, char **argv) {
	long n = iterations(argc, argv, 5000);
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, nothing, NULL)) DIE("pthread_create");
		if (pthread_join(t, NULL)) DIE("pthread_join");
	}
	printf("RESULT %.2f us/thread\n", (now_ns() - t0) / n / 1000);
	return 0;
}
