/* dgram_pingpong ping: a SOCK_DGRAM socket bound to "@int80-multi-ping";
 * send "ping N" to "@int80-multi-pong" (retrying while it is not bound yet:
 * ECONNREFUSED) and block in recvfrom() for the answer, three times; the third
 * time through a connect()ed socket with send/recv; then "quit". */
#include "multi.h"

int main(void)
{
	struct sockaddr_un self, peer, from;
	socklen_t len = un_abstract(&self, "int80-multi-ping");
	socklen_t plen = un_abstract(&peer, "int80-multi-pong");
	char buf[64], msg[16];
	int i, tries;
	setvbuf(stdout, NULL, _IONBF, 0);
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (s < 0) die("socket");
	if (bind(s, (struct sockaddr *)&self, len) < 0) die("bind");
	for (i = 1; i <= 2; i++) {
		int m = snprintf(msg, sizeof msg, "ping %d", i);
		for (tries = 0; sendto(s, msg, (size_t)m, 0, (struct sockaddr *)&peer, plen) < 0; tries++) {
			if (errno != ECONNREFUSED || tries == 500) die("sendto");
			usleep(10000);
		}
		printf("ping: sent \"%s\"\n", msg);
		socklen_t flen = sizeof from;
		long n = CHECK(recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen));
		if (n < 0) return 1;
		show_buf("ping: got", buf, n);
		show_un("ping: from", &from, flen);
	}
	CHECK(connect(s, (struct sockaddr *)&peer, plen));
	CHECK(send(s, "ping 3", 6, 0));
	long n = CHECK(recv(s, buf, sizeof buf, 0));
	if (n > 0) show_buf("ping: got", buf, n);
	CHECK(send(s, "quit", 4, 0));
	CHECK(close(s));
	return 0;
}
