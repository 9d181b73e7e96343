/* rcvtimeo client: SO_RCVTIMEO of 200 ms; recv times out with EAGAIN since the
 * server is silent; a recv with MSG_DONTWAIT fails at once; after "go", the
 * recv (timeout still set) returns the server's answer. */
#include "multi.h"

int main(void)
{
	char buf[64];
	struct timeval tv = { 0, 200000 }, got;
	socklen_t glen = sizeof got;
	long t0, n, waited;
	setvbuf(stdout, NULL, _IONBF, 0);
	int s = unix_connect("int80-multi-rcvtimeo");
	printf("client: connected\n");
	CHECK(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
	CHECK(getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &got, &glen));
	printf("SO_RCVTIMEO: %ld.%06ld s\n", (long)got.tv_sec, (long)got.tv_usec);

	t0 = now_ms();
	CHECK(recv(s, buf, sizeof buf, 0));
	waited = now_ms() - t0;
	printf("client: timed out after >= 190 ms: %s, < 2 s: %s\n",
	       waited >= 190 ? "yes" : "no", waited < 2000 ? "yes" : "no");

	t0 = now_ms();
	CHECK(recv(s, buf, sizeof buf, MSG_DONTWAIT));
	printf("client: MSG_DONTWAIT returned within 100 ms: %s\n", now_ms() - t0 < 100 ? "yes" : "no");

	/* read() honours the timeout too */
	t0 = now_ms();
	CHECK(read(s, buf, sizeof buf));
	printf("client: read timed out after >= 190 ms: %s\n", now_ms() - t0 >= 190 ? "yes" : "no");

	CHECK(send(s, "go", 2, 0));
	n = CHECK(recv(s, buf, sizeof buf, 0));
	if (n > 0) show_buf("client: got", buf, n);
	CHECK(close(s));
	return 0;
}
