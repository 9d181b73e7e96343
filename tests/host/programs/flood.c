/* 1 GiB to stdout (issue #12): on Linux, `| head -c 10` ends it with SIGPIPE (status 141), or EPIPE when SIGPIPE is ignored. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
	static char buf[65536];
	memset(buf, 'x', sizeof buf);
	if (argc > 1) signal(SIGPIPE, SIG_IGN);
	for (long total = 0; total < (1L << 30);) {
		ssize_t n = write(1, buf, sizeof buf);
		if (n < 0) { fprintf(stderr, "write: %s after %ld bytes\n", strerror(errno), total); return 3; }
		total += n;
	}
	fprintf(stderr, "wrote 1 GiB\n");
	return 0;
}
