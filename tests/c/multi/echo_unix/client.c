/* echo_unix client: connect (retrying until the server listens), send the
 * message given as argument, read the echo back in full, shut down the
 * writing side and wait for the server to close. */
#include "multi.h"

int main(int argc, char **argv)
{
	const char *msg = argc > 1 ? argv[1] : "hello";
	size_t len = strlen(msg), got = 0;
	char buf[256];
	setvbuf(stdout, NULL, _IONBF, 0);
	int s = unix_connect("int80-multi-echo");
	printf("client %s: connected\n", msg);
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
