/* sndtimeo server: accept two connections from the client, data then control
 * (one client connecting in turn: accepted in that order).  Do not read the
 * data connection until the control one says how many bytes the client
 * queued; then drain the data connection and compare. */
#include "multi.h"

int main(void)
{
	char buf[4096], line[64];
	long total = 0;
	setvbuf(stdout, NULL, _IONBF, 0);
	int ls = unix_listen("int80-multi-sndtimeo", 2);
	int data = accept(ls, NULL, NULL);
	if (data < 0) die("accept");
	int ctl = accept(ls, NULL, NULL);
	if (ctl < 0) die("accept");
	printf("server: accepted both, waiting on the control connection\n");
	if (read_line(ctl, line, sizeof line) == 0) { printf("server: no count\n"); return 1; }
	long queued = atol(line);
	for (;;) {
		ssize_t r = read(data, buf, sizeof buf);
		if (r < 0) die("read");
		if (r == 0) break;
		total += r;
	}
	printf("server: drained what the client queued: %s\n", total == queued && total > 0 ? "yes" : "no");
	CHECK(close(data));
	CHECK(close(ctl));
	CHECK(close(ls));
	return 0;
}
