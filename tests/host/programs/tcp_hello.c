/* A TCP exchange on 127.0.0.1 in one process: handshake, data both ways, FIN both ways. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(void) {
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(7200) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	if (bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, 1) < 0) { perror("listen"); return 1; }
	int c = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(c, (struct sockaddr *)&a, sizeof a) < 0) { perror("connect"); return 1; }
	int s = accept(l, NULL, NULL);
	char buf[16];
	send(c, "hello", 5, 0);
	ssize_t n = recv(s, buf, sizeof buf, 0);
	send(s, "world", 5, 0);
	n += recv(c, buf, sizeof buf, 0);
	close(c);
	n += recv(s, buf, sizeof buf, 0);
	close(s);
	close(l);
	printf("%zd bytes\n", n);
	return 0;
}
