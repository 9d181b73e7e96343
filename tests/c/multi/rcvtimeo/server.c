/* rcvtimeo server: accept, then wait (blocked in read) for the client's "go",
 * which it sends only after its own recv has timed out; answer "data". */
#include "multi.h"

int main(void)
{
	char buf[64];
	setvbuf(stdout, NULL, _IONBF, 0);
	int ls = unix_listen("int80-multi-rcvtimeo", 1);
	int c = accept(ls, NULL, NULL);
	if (c < 0) die("accept");
	printf("server: accepted, waiting for \"go\"\n");
	long n = CHECK(read(c, buf, sizeof buf));
	if (n > 0) show_buf("server: got", buf, n);
	CHECK(write(c, "data", 4));
	CHECK(read(c, buf, sizeof buf));     /* the client closes: EOF */
	CHECK(close(c));
	CHECK(close(ls));
	return 0;
}
