/* recv_blocks client: connect, sleep 100 ms (the server waits in recv), send
 * "ping" and block in read() for the answer; then send "abcd", 50 ms later
 * "efgh" (one MSG_WAITALL recv on the server), 50 ms later close. */
#include "multi.h"

int main(void)
{
	char buf[64];
	setvbuf(stdout, NULL, _IONBF, 0);
	int s = unix_connect("int80-multi-recv");
	printf("client: connected\n");
	CHECK(usleep(100000));
	CHECK(send(s, "ping", 4, 0));
	long n = CHECK(read(s, buf, sizeof buf));
	if (n > 0) show_buf("client: got", buf, n);
	CHECK(send(s, "abcd", 4, 0));
	CHECK(usleep(50000));
	CHECK(send(s, "efgh", 4, 0));
	CHECK(usleep(50000));
	CHECK(close(s));
	return 0;
}
