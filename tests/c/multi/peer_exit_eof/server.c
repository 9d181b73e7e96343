/* peer_exit_eof server: accept, let the client block in read() for 100 ms,
 * then exit without closing anything: exit releases the process's files, so
 * the connection is closed and the client's read returns EOF. */
#include "multi.h"

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	int ls = unix_listen("int80-multi-peer-eof", 1);
	int c = accept(ls, NULL, NULL);
	if (c < 0) die("accept");
	printf("server: accepted\n");
	CHECK(usleep(100000));
	printf("server: exiting without close\n");
	exit(0);
}
