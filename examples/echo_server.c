/* A TCP-style echo server over AF_UNIX: socket -> bind -> listen -> accept (blocks
 * until a client connects) -> read -> write back. Serves argv[1] clients, then exits;
 * without an argument it serves until it is stopped, as servers do (at the end of an
 * int80 run, when its clients are gone, the run stops it with SIGTERM). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#define SOCK_PATH "/tmp/int80-echo.sock"

int main(int argc, char **argv) {
	int clients = argc > 1 ? atoi(argv[1]) : -1; /* -1: forever */
	struct sockaddr_un addr = { .sun_family = AF_UNIX, .sun_path = SOCK_PATH };
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	if (l < 0) { perror("socket"); return 1; }
	unlink(SOCK_PATH);
	if (bind(l, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("bind"); return 1; }
	if (listen(l, 8) < 0) { perror("listen"); return 1; }
	printf("server: listening on %s\n", SOCK_PATH);
	fflush(stdout);
	for (int i = 0; clients < 0 || i < clients; i++) {
		int c = accept(l, NULL, NULL);
		if (c < 0) { perror("accept"); return 1; }
		char buf[256];
		ssize_t n;
		while ((n = read(c, buf, sizeof buf)) > 0) {
			printf("server: echoing %zd bytes: %.*s\n", n, (int)n, buf);
			fflush(stdout);
			if (write(c, buf, n) != n) { perror("write"); break; }
		}
		close(c);
	}
	close(l);
	unlink(SOCK_PATH);
	printf("server: served %d clients, bye\n", clients);
	return 0;
}
