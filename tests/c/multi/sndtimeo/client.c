/* sndtimeo client: fill the data connection with MSG_DONTWAIT sends until
 * EAGAIN (the server is not reading), then a blocking send with SO_SNDTIMEO
 * 200 ms fails with EAGAIN once the timeout expires.  Tell the server over
 * the control connection how much was queued, and close. */
#include "multi.h"

int main(void)
{
	static char chunk[1024];
	struct timeval tv = { 0, 200000 };
	long queued = 0, t0, ms;
	char line[64];
	setvbuf(stdout, NULL, _IONBF, 0);
	int data = unix_connect("int80-multi-sndtimeo");
	int ctl = unix_connect("int80-multi-sndtimeo");
	printf("client: connected twice\n");
	memset(chunk, 'x', sizeof chunk);
	for (;;) {
		ssize_t r = send(data, chunk, sizeof chunk, MSG_DONTWAIT);
		if (r < 0) {
			printf("client: filled, then send -> -1 %s\n", errname(errno));
			break;
		}
		queued += r;
		if (queued > 64L * 1024 * 1024) { printf("client: never full\n"); return 1; }
	}
	CHECK(setsockopt(data, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
	t0 = now_ms();
	CHECK(send(data, chunk, sizeof chunk, 0));
	ms = now_ms() - t0;
	printf("client: timed out after >= 190 ms: %s, < 2 s: %s\n", ms >= 190 ? "yes" : "no", ms < 2000 ? "yes" : "no");
	t0 = now_ms();
	CHECK(write(data, chunk, sizeof chunk));
	printf("client: write timed out after >= 190 ms: %s\n", now_ms() - t0 >= 190 ? "yes" : "no");
	CHECK(close(data));
	int n = snprintf(line, sizeof line, "%ld\n", queued);
	write_all(ctl, line, (size_t)n);
	CHECK(close(ctl));
	return 0;
}
