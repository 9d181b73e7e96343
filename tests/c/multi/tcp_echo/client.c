/* tcp_echo client: connect to 127.0.0.1:PORT (retrying on ECONNREFUSED until
 * the server listens), send MSG, read the echo back in full, shut down the
 * writing side and read the server's close as EOF. */
#include "multi.h"

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 47301;
	const char *msg = argc > 2 ? argv[2] : "hello";
	size_t len = strlen(msg), got = 0;
	char buf[256];
	struct sockaddr_in a;
	socklen_t alen = sizeof a;
	setvbuf(stdout, NULL, _IONBF, 0);
	int s = tcp_connect(port);
	printf("client %s: connected\n", msg);
	CHECK(getpeername(s, (struct sockaddr *)&a, &alen));
	printf("peer %s:%d\n", inet_ntoa(a.sin_addr), ntohs(a.sin_port));
	alen = sizeof a;
	CHECK(getsockname(s, (struct sockaddr *)&a, &alen));
	printf("self %s, port != 0: %s\n", inet_ntoa(a.sin_addr), a.sin_port ? "yes" : "no");
	write_all(s, msg, len);
	while (got < len) {
		ssize_t r = read(s, buf + got, sizeof buf - got);
		if (r < 0) die("read");
		if (r == 0) { printf("client %s: early EOF\n", msg); return 1; }
		got += (size_t)r;
	}
	show_buf("echo", buf, (long)got);
	CHECK(shutdown(s, SHUT_WR));
	CHECK(read(s, buf, sizeof buf));     /* the server closes: EOF */
	CHECK(close(s));
	return 0;
}
