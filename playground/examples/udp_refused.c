/* UDP and ICMP port unreachable. A connected UDP socket sends to 127.0.0.1:PORT, where
 * nobody listens: udp_sendmsg sends the datagram, __udp4_lib_rcv finds no socket and
 * answers with ICMP destination unreachable (port unreachable, RFC 1122 3.2.2.1);
 * __udp4_lib_err sets sk_err = ECONNREFUSED on our socket, and the next recv()
 * returns it (udp(7): "connected UDP sockets report ICMP errors"). Then a socket
 * that listens on the port receives the same datagram. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(int argc, char **argv) {
	int port = argc > 1 ? atoi(argv[1]) : 6000;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	char buf[64];

	int s = socket(AF_INET, SOCK_DGRAM, 0);
	if (connect(s, (struct sockaddr *)&a, sizeof a) < 0) { perror("connect"); return 1; }
	ssize_t n = send(s, "ping", 4, 0);
	printf("send to closed port %d: %zd\n", port, n);
	n = recv(s, buf, sizeof buf, 0);
	printf("recv: %zd (%s)\n", n, n < 0 ? strerror(errno) : "data");

	/* now somebody listens on the port */
	int r = socket(AF_INET, SOCK_DGRAM, 0);
	if (bind(r, (struct sockaddr *)&a, sizeof a) < 0) { perror("bind"); return 1; }
	send(s, "ping", 4, 0);
	n = recv(r, buf, sizeof buf, 0);
	printf("listener got %zd bytes: %.*s\n", n, (int)n, buf);
	close(r);
	close(s);
	return 0;
}
