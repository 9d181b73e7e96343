/* dgram_pingpong pong: a SOCK_DGRAM socket bound to "@int80-multi-pong";
 * block in recvfrom(), answer each "ping N" with "pong N" to the sender's
 * address, until "quit". */
#include "multi.h"

int main(void)
{
	struct sockaddr_un self, from;
	socklen_t len = un_abstract(&self, "int80-multi-pong");
	char buf[64], reply[64];
	setvbuf(stdout, NULL, _IONBF, 0);
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (s < 0) die("socket");
	if (bind(s, (struct sockaddr *)&self, len) < 0) die("bind");
	printf("pong: bound\n");
	for (;;) {
		socklen_t flen = sizeof from;
		long n = recvfrom(s, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &flen);
		if (n < 0) die("recvfrom");
		show_buf("pong: got", buf, n);
		show_un("pong: from", &from, flen);
		buf[n] = 0;
		if (strcmp(buf, "quit") == 0) break;
		int r = snprintf(reply, sizeof reply, "pong%s", buf + 4);
		CHECK(sendto(s, reply, (size_t)r, 0, (struct sockaddr *)&from, flen));
	}
	CHECK(close(s));
	return 0;
}
