/* peer_exit_reset client: send a message the server never reads, block in
 * recv(); when the server exits the recv fails with ECONNRESET, once; the next
 * recv sees EOF and a send fails with EPIPE. */
#include "multi.h"

int main(void)
{
	char buf[64];
	setvbuf(stdout, NULL, _IONBF, 0);
	int s = unix_connect("int80-multi-peer-reset");
	printf("client: connected\n");
	CHECK(send(s, "unread", 6, 0));
	CHECK(recv(s, buf, sizeof buf, 0));
	CHECK(recv(s, buf, sizeof buf, 0));
	CHECK(send(s, "x", 1, MSG_NOSIGNAL));
	CHECK(close(s));
	return 0;
}
