/* A TCP echo server on 127.0.0.1:PORT: socket, bind, listen, accept one client, echo
 * what it sends until it closes. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(int argc, char **argv) {
	int port = argc > 1 ? atoi(argv[1]) : 5000, one = 1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, 8) < 0) { perror("listen"); return 1; }
	int c = accept(l, NULL, NULL);
	if (c < 0) { perror("accept"); return 1; }
	char buf[512];
	ssize_t n;
	while ((n = read(c, buf, sizeof buf)) > 0) write(c, buf, n);
	close(c);
	close(l);
	return 0;
}
