/* 1000 AF_UNIX and 1000 TCP connections opened, used and closed (TCP with SO_LINGER
 * {1, 0}: an abortive close, so no TIME_WAIT is left to expire). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(int argc, char **argv) {
	int n = argc > 1 ? atoi(argv[1]) : 1000;
	struct sockaddr_un u = { .sun_family = AF_UNIX };
	strcpy(u.sun_path + 1, "int80-many");
	socklen_t ulen = 2 + 1 + strlen("int80-many");
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(7300) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int lu = socket(AF_UNIX, SOCK_STREAM, 0), lt = socket(AF_INET, SOCK_STREAM, 0);
	if (bind(lu, (struct sockaddr *)&u, ulen) || listen(lu, 16)) { perror("unix"); return 1; }
	if (bind(lt, (struct sockaddr *)&a, sizeof a) || listen(lt, 16)) { perror("tcp"); return 1; }
	struct linger lg = { 1, 0 };
	int ok = 0;
	char c;
	for (int i = 0; i < n; i++) {
		int x = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(x, (struct sockaddr *)&u, ulen)) { perror("connect unix"); return 1; }
		int y = accept(lu, NULL, NULL);
		ok += send(x, "u", 1, 0) == 1 && recv(y, &c, 1, 0) == 1;
		close(x);
		close(y);
		x = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(x, (struct sockaddr *)&a, sizeof a)) { perror("connect tcp"); return 1; }
		y = accept(lt, NULL, NULL);
		ok += send(x, "t", 1, 0) == 1 && recv(y, &c, 1, 0) == 1;
		setsockopt(x, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
		close(x);
		close(y);
	}
	printf("%d exchanges\n", ok);
	return 0;
}
