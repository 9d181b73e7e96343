/* A connected TCP pair on 127.0.0.1 inside one process (listen, connect, accept). */
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <unistd.h>
#include <string.h>

static int tcp_listener(struct sockaddr_in *a) {
	int l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0) return -1;
	memset(a, 0, sizeof *a);
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof *a;
	if (bind(l, (struct sockaddr *)a, sizeof *a) < 0 || listen(l, 128) < 0) return -1;
	getsockname(l, (struct sockaddr *)a, &len);
	return l;
}

static int tcp_pair(int sv[2]) {
	struct sockaddr_in a;
	int l = tcp_listener(&a);
	if (l < 0) return -1;
	sv[0] = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(sv[0], (struct sockaddr *)&a, sizeof a) < 0) return -1;
	sv[1] = accept(l, NULL, NULL);
	close(l);
	int one = 1;
	setsockopt(sv[0], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	setsockopt(sv[1], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return sv[1] < 0 ? -1 : 0;
}
