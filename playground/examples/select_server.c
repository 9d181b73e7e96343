/* A select() server: one thread of control serves every client. select(2) blocks until
 * the listening socket is readable (a connection is in the accept queue) or a client
 * sent something (or closed: read returns 0). Serves argv[2] clients, then exits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(int argc, char **argv) {
	int port = argc > 1 ? atoi(argv[1]) : 5000, clients = argc > 2 ? atoi(argv[2]) : 2;
	int one = 1, served = 0, fds[FD_SETSIZE], nfds = 0;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, 8) < 0) { perror("listen"); return 1; }
	printf("server: select() on port %d\n", port);
	while (served < clients) {
		fd_set rd;
		int max = l;
		FD_ZERO(&rd);
		FD_SET(l, &rd);
		for (int i = 0; i < nfds; i++) { FD_SET(fds[i], &rd); if (fds[i] > max) max = fds[i]; }
		int ready = select(max + 1, &rd, NULL, NULL, NULL);
		if (ready < 0) { perror("select"); return 1; }
		if (FD_ISSET(l, &rd)) {
			int c = accept(l, NULL, NULL);
			printf("server: accepted fd %d\n", c);
			fds[nfds++] = c;
		}
		for (int i = 0; i < nfds; i++) {
			if (!FD_ISSET(fds[i], &rd)) continue;
			char buf[256];
			ssize_t n = read(fds[i], buf, sizeof buf);
			if (n > 0) {
				printf("server: fd %d says \"%.*s\"\n", fds[i], (int)n, buf);
				write(fds[i], buf, n);
			} else {
				printf("server: fd %d closed\n", fds[i]);
				close(fds[i]);
				fds[i--] = fds[--nfds];
				served++;
			}
		}
		fflush(stdout);
	}
	close(l);
	return 0;
}
