/* Two threads hand a token back and forth through a mutex and two condition
 * variables - us per round trip. On Linux the threads run on two CPUs and the
 * hand-off goes through futex wake-ups; on int80 both run in one Wasm instance and
 * every hand-off is a switch at the futex wait (unwind one, rewind the other). */
#include <pthread.h>
#include "bench.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t to_b = PTHREAD_COND_INITIALIZER, to_a = PTHREAD_COND_INITIALIZER;
static int turn; /* 0: a's, 1: b's */
static long rounds;

static void *b(void *arg) {
	for (long i = 0; i < rounds; i++) {
		pthread_mutex_lock(&m);
		while (turn != 1) pthread_cond_wait(&to_b, &m);
		turn = 0;
		pthread_cond_signal(&to_a);
		pthread_mutex_unlock(&m);
	}
	return arg;
}

int main(int argc, char **argv) {
	rounds = iterations(argc, argv, 50000);
	pthread_t t;
	if (pthread_create(&t, NULL, b, NULL)) DIE("pthread_create");
	double t0 = now_ns();
	for (long i = 0; i < rounds; i++) {
		pthread_mutex_lock(&m);
		turn = 1;
		pthread_cond_signal(&to_b);
		while (turn != 0) pthread_cond_wait(&to_a, &m);
		pthread_mutex_unlock(&m);
	}
	double dt = now_ns() - t0;
	pthread_join(t, NULL);
	printf("RESULT %.2f us/round-trip\n", dt / rounds / 1000);
	return 0;
}
