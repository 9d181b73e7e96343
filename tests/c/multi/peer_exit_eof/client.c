/* peer_exit_eof client: block in read() until the server exits; the read
 * returns 0 (EOF).  Then poll shows the hangup, and writing fails with EPIPE
 * (MSG_NOSIGNAL: no SIGPIPE). */
#include "multi.h"
#include <poll.h>

int main(void)
{
	char buf[64];
	setvbuf(stdout, NULL, _IONBF, 0);
	int s = unix_connect("int80-multi-peer-eof");
	printf("client: connected, calling read\n");
	long t0 = now_ms();
	CHECK(read(s, buf, sizeof buf));
	printf("client: read waited >= 50 ms: %s\n", now_ms() - t0 >= 50 ? "yes" : "no");
	CHECK(read(s, buf, sizeof buf));
	struct pollfd p = { s, POLLIN | POLLOUT, 0 };
	CHECK(poll(&p, 1, 0));
	printf("client: revents%s%s%s%s\n", p.revents & POLLIN ? " POLLIN" : "",
	       p.revents & POLLOUT ? " POLLOUT" : "", p.revents & POLLHUP ? " POLLHUP" : "",
	       p.revents & POLLERR ? " POLLERR" : "");
	CHECK(send(s, "x", 1, MSG_NOSIGNAL));
	CHECK(close(s));
	return 0;
}
