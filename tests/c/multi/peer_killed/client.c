/* peer_killed client: send, read the answer, then block in read() until the
 * server is killed: EOF. */
#include "multi.h"

int main(void)
{
	char buf[64];
	setvbuf(stdout, NULL, _IONBF, 0);
	int s = unix_connect("int80-multi-peer-killed");
	printf("client: connected\n");
	CHECK(write(s, "hi", 2));
	long n = CHECK(read(s, buf, sizeof buf));
	if (n > 0) show_buf("client: got", buf, n);
	CHECK(read(s, buf, sizeof buf));
	CHECK(close(s));
	return 0;
}
