/* A TCP client: connect to 127.0.0.1:PORT (retrying until the server listens), send a
 * message, read the echo, close. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(int argc, char **argv) {
	int port = argc > 1 ? atoi(argv[1]) : 5000;
	const char *msg = argc > 2 ? argv[2] : "hello";
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	for (int tries = 0; connect(s, (struct sockaddr *)&a, sizeof a) < 0; tries++) {
		if (tries == 100) { perror("connect"); return 1; }
		close(s);
		s = socket(AF_INET, SOCK_STREAM, 0);
		usleep(10000);
	}
	write(s, msg, strlen(msg));
	char buf[512];
	ssize_t n = read(s, buf, sizeof buf);
	printf("client: got back \"%.*s\"\n", (int)n, buf);
	close(s);
	return 0;
}
