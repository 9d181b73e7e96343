/* stdin (issue #12): poll bits on fd 0 before reading and at EOF, the bytes, a read at
 * EOF. "polled" goes to stderr (unbuffered) so that a test can close a pipe after it. The
 * expected lines were checked on Linux (gcc -static, x86_64; and i386 by qemu-i386). */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void bits(const char *when) {
	struct pollfd p = { .fd = 0, .events = POLLIN };
	int n = poll(&p, 1, -1);
	printf("%s: poll=%d revents=%s%s%s\n", when, n, p.revents & POLLIN ? "IN " : "",
	       p.revents & POLLHUP ? "HUP " : "", p.revents & POLLERR ? "ERR " : "");
}

int main(int argc, char **argv) {
	char buf[256];
	if (argc > 1 && !strcmp(argv[1], "quiet")) {
		/* another process of the run: its fd 0 reads EOF, as /dev/null */
		ssize_t n = read(0, buf, sizeof buf);
		printf("other: read = %zd\n", n);
		return 0;
	}
	bits("start");
	fprintf(stderr, "polled\n");
	size_t total = 0;
	unsigned sum = 0;
	for (;;) {
		ssize_t n = read(0, buf, sizeof buf);
		if (n < 0) { perror("read"); return 1; }
		if (n == 0) break;
		for (ssize_t i = 0; i < n; i++) sum = sum * 31 + (unsigned char)buf[i];
		total += n;
	}
	printf("read %zu bytes, sum %08x\n", total, sum);
	bits("eof");
	printf("read at eof = %zd\n", read(0, buf, 1));
	printf("isatty(0)=%d isatty(1)=%d\n", isatty(0), isatty(1));
	return 0;
}
