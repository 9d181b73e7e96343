/* replyhi, after the MenuOS lab (linuxnet lab3): a TCP server on 127.0.0.1:5001 that
 * receives a message and replies "hi". The course's macros are spelled out:
 * PrepareSocket (socket), InitializeService (bind + listen), ServiceStart (accept),
 * RecvMsg / SendMsg, ServiceStop (close). Serves argv[1] requests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define IP_ADDR "127.0.0.1"
#define PORT 5001
#define MAX_BUF_LEN 1024
#define REPLY "hi"

int main(int argc, char **argv) {
	int requests = argc > 1 ? atoi(argv[1]) : 1, one = 1;
	char buf[MAX_BUF_LEN];
	struct sockaddr_in serveraddr = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	serveraddr.sin_addr.s_addr = inet_addr(IP_ADDR);
	/* PrepareSocket */
	int sockfd = socket(PF_INET, SOCK_STREAM, 0);
	if (sockfd < 0) { perror("socket"); return 1; }
	setsockopt(sockfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	/* InitializeService */
	if (bind(sockfd, (struct sockaddr *)&serveraddr, sizeof serveraddr) < 0) { perror("bind"); return 1; }
	listen(sockfd, 8);
	for (int i = 0; i < requests; i++) {
		struct sockaddr_in clientaddr;
		socklen_t addr_len = sizeof clientaddr;
		/* ServiceStart */
		int newfd = accept(sockfd, (struct sockaddr *)&clientaddr, &addr_len);
		if (newfd < 0) { perror("accept"); return 1; }
		printf("accept connection from %s:%d\n", inet_ntoa(clientaddr.sin_addr), ntohs(clientaddr.sin_port));
		/* RecvMsg */
		ssize_t n = recv(newfd, buf, MAX_BUF_LEN - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		printf("recv \"%s\"\n", buf);
		/* SendMsg */
		send(newfd, REPLY, strlen(REPLY), 0);
		printf("send \"%s\"\n", REPLY);
		/* ServiceStop */
		close(newfd);
	}
	close(sockfd);
	return 0;
}
