/* peer_exit_reset server: accept, wait (recv with MSG_PEEK, which leaves the
 * bytes queued) until the client's message has arrived, then exit with it
 * unread.  Closing a Unix stream socket with unread data makes the peer's
 * next receive fail with ECONNRESET (unix_release_sock). */
#include "multi.h"

int main(void)
{
	char buf[64];
	setvbuf(stdout, NULL, _IONBF, 0);
	int ls = unix_listen("int80-multi-peer-reset", 1);
	int c = accept(ls, NULL, NULL);
	if (c < 0) die("accept");
	long n = CHECK(recv(c, buf, sizeof buf, MSG_PEEK));
	if (n > 0) show_buf("server: peeked", buf, n);
	printf("server: exiting with the data unread\n");
	return 3;
}
