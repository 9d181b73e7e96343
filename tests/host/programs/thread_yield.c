/* Three threads take turns only through sched_yield(2): each appends its letter and
 * yields, 20 times. With the caller put at the back of the run queue each time, no
 * thread runs twice in a row while the others are runnable. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static char log_[64];
static int n;

static void *run(void *arg)
{
	for (int i = 0; i < 20; i++) {
		log_[n++] = *(const char *)arg;
		sched_yield();
	}
	return 0;
}

int main(void)
{
	pthread_t t[3];
	static const char names[] = "ABC";
	for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, run, (void *)&names[i]);
	for (int i = 0; i < 3; i++) pthread_join(t[i], 0);
	int repeats = 0;
	for (int i = 1; i < n; i++) repeats += log_[i] == log_[i - 1];
	printf("%d turns, %d twice in a row\n", n, repeats);
	return 0;
}
