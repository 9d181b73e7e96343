/* nanosleep sleeper: sleep 50 ms six ways (nanosleep, usleep, clock_nanosleep
 * relative and absolute, poll and select with no fds) while another process
 * computes; each sleep suspends only this process. */
#include "multi.h"
#include <poll.h>
#include <sys/select.h>

static long t0;
static void waited(void)
{
	long ms = now_ms() - t0;
	printf("  waited >= 45 ms: %s, < 2 s: %s\n", ms >= 45 ? "yes" : "no", ms < 2000 ? "yes" : "no");
	t0 = now_ms();
}

int main(void)
{
	struct timespec req = { 0, 50000000 }, rem = { 9, 9 }, abs;
	struct timeval tv = { 0, 50000 };
	setvbuf(stdout, NULL, _IONBF, 0);
	t0 = now_ms();
	CHECK(nanosleep(&req, &rem));
	waited();
	CHECK(usleep(50000));
	waited();
	/* clock_nanosleep returns the error number instead of setting errno */
	printf("clock_nanosleep(CLOCK_MONOTONIC, 0, 50 ms) -> %d\n",
	       clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL));
	waited();
	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_nsec += 50000000;
	if (abs.tv_nsec >= 1000000000) { abs.tv_sec++; abs.tv_nsec -= 1000000000; }
	printf("clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, now + 50 ms) -> %d\n",
	       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL));
	waited();
	CHECK(poll(NULL, 0, 50));
	waited();
	CHECK(select(0, NULL, NULL, NULL, &tv));
	waited();
	/* an invalid request fails at once */
	req.tv_nsec = 1000000000;
	CHECK(nanosleep(&req, NULL));
	printf("sleeper: done\n");
	return 0;
}
