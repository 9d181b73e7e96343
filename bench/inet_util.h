/* A connected TCP pair on the loopback address of a family (127.0.0.1 or ::1) inside
 * one process (listen, connect, accept). A benchmark's FAMILY is AF_INET unless the file
 * that includes it says otherwise (tcp6_pingpong.c, udp6_pingpong.c). */
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <unistd.h>
#include <string.h>

#ifndef FAMILY
#define FAMILY AF_INET
#endif

/* The family's loopback address, port 0; returns its length. */
static inline socklen_t loopback(struct sockaddr_storage *a, int family) {
	memset(a, 0, sizeof *a);
	if (family == AF_INET6) {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)a;
		a6->sin6_family = AF_INET6;
		a6->sin6_addr = in6addr_loopback;
		return sizeof *a6;
	}
	struct sockaddr_in *a4 = (struct sockaddr_in *)a;
	a4->sin_family = AF_INET;
	a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sizeof *a4;
}

/* A socket of `type` bound to the loopback address; *a gets its address. */
static inline int loopback_bound(int type, struct sockaddr_storage *a, socklen_t *len) {
	int s = socket(FAMILY, type, 0);
	*len = loopback(a, FAMILY);
	if (s < 0 || bind(s, (struct sockaddr *)a, *len) < 0) return -1;
	getsockname(s, (struct sockaddr *)a, len);
	return s;
}

static inline int tcp_pair(int sv[2]) {
	struct sockaddr_storage a;
	socklen_t len;
	int l = loopback_bound(SOCK_STREAM, &a, &len);
	if (l < 0 || listen(l, 128) < 0) return -1;
	sv[0] = socket(FAMILY, SOCK_STREAM, 0);
	if (connect(sv[0], (struct sockaddr *)&a, len) < 0) return -1;
	sv[1] = accept(l, NULL, NULL);
	close(l);
	int one = 1;
	setsockopt(sv[0], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	setsockopt(sv[1], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return sv[1] < 0 ? -1 : 0;
}
