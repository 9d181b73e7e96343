/* accept_blocks server: listen, then block in accept() before any client has
 * connected (the client sleeps 100 ms first).  accept returns once the client
 * connects, with the client's bound abstract name as the peer address. */
#include "multi.h"

int main(void)
{
	struct sockaddr_un peer;
	socklen_t plen = sizeof peer;
	char buf[64];
	setvbuf(stdout, NULL, _IONBF, 0);
	int ls = unix_listen("int80-multi-accept", 1);
	printf("server: listening, calling accept\n");
	long t0 = now_ms();
	int c = CHECK(accept(ls, (struct sockaddr *)&peer, &plen));
	if (c < 0) return 1;
	long waited = now_ms() - t0;
	printf("server: accept waited >= 50 ms: %s\n", waited >= 50 ? "yes" : "no");
	show_un("server: peer", &peer, plen);
	/* the connection works: one message each way */
	long n = CHECK(read(c, buf, sizeof buf));
	if (n > 0) show_buf("server: got", buf, n);
	CHECK(write(c, "welcome", 7));
	CHECK(close(c));
	CHECK(close(ls));
	return 0;
}
