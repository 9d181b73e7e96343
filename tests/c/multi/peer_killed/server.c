/* peer_killed server: accept, read the client's message, answer, then die
 * by SIGTERM (default action: terminate) while the client is blocked in
 * read(); a killed process's sockets are closed like at exit. */
#include "multi.h"

int main(void)
{
	char buf[64];
	setvbuf(stdout, NULL, _IONBF, 0);
	int ls = unix_listen("int80-multi-peer-killed", 1);
	int c = accept(ls, NULL, NULL);
	if (c < 0) die("accept");
	long n = CHECK(read(c, buf, sizeof buf));
	if (n > 0) show_buf("server: got", buf, n);
	CHECK(write(c, "bye", 3));
	CHECK(usleep(50000));
	printf("server: raising SIGTERM\n");
	CHECK(raise(SIGTERM));     /* does not return on Linux */
	printf("server: still alive\n");
	return 0;
}
