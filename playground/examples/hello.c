/* hello, after the MenuOS lab (linuxnet lab3): connect to replyhi on 127.0.0.1:5001,
 * send "hello", print the reply. OpenRemoteService (socket + connect), SendMsg,
 * RecvMsg, CloseRemoteService (close). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define IP_ADDR "127.0.0.1"
#define PORT 5001
#define MAX_BUF_LEN 1024

int main(int argc, char **argv) {
	const char *msg = argc > 1 ? argv[1] : "hello";
	char buf[MAX_BUF_LEN];
	struct sockaddr_in serveraddr = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	serveraddr.sin_addr.s_addr = inet_addr(IP_ADDR);
	/* OpenRemoteService: retry until replyhi listens */
	int sockfd = socket(PF_INET, SOCK_STREAM, 0);
	for (int tries = 0; connect(sockfd, (struct sockaddr *)&serveraddr, sizeof serveraddr) < 0; tries++) {
		if (tries == 100) { perror("connect"); return 1; }
		close(sockfd);
		sockfd = socket(PF_INET, SOCK_STREAM, 0);
		usleep(10000);
	}
	/* SendMsg */
	send(sockfd, msg, strlen(msg), 0);
	printf("send \"%s\"\n", msg);
	/* RecvMsg */
	ssize_t n = recv(sockfd, buf, MAX_BUF_LEN - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	printf("recv \"%s\"\n", buf);
	/* CloseRemoteService */
	close(sockfd);
	return 0;
}
