/* recv_blocks server: accept, then block in recv() until the client, after
 * sleeping 100 ms, sends; then block in recv(MSG_WAITALL) until the client's
 * two halves, sent 50 ms apart, have both arrived; then read() until EOF. */
#include "multi.h"

int main(void)
{
	char buf[64];
	long n, t0;
	setvbuf(stdout, NULL, _IONBF, 0);
	int ls = unix_listen("int80-multi-recv", 1);
	int c = accept(ls, NULL, NULL);
	if (c < 0) die("accept");
	printf("server: accepted, calling recv\n");

	t0 = now_ms();
	n = CHECK(recv(c, buf, sizeof buf, 0));
	printf("server: recv waited >= 50 ms: %s\n", now_ms() - t0 >= 50 ? "yes" : "no");
	if (n > 0) show_buf("server: got", buf, n);
	CHECK(send(c, "pong", 4, 0));

	/* 8 bytes with MSG_WAITALL: one recv across both of the client's sends */
	t0 = now_ms();
	n = CHECK(recv(c, buf, 8, MSG_WAITALL));
	printf("server: MSG_WAITALL waited >= 25 ms: %s\n", now_ms() - t0 >= 25 ? "yes" : "no");
	if (n > 0) show_buf("server: got", buf, n);

	/* the client closes after another 50 ms: read blocks, then EOF */
	t0 = now_ms();
	CHECK(read(c, buf, sizeof buf));
	printf("server: EOF waited >= 25 ms: %s\n", now_ms() - t0 >= 25 ? "yes" : "no");
	CHECK(close(c));
	CHECK(close(ls));
	return 0;
}
