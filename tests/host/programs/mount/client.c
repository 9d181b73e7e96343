/* client: GET each path from the httpd on 127.0.0.1:PORT and print the status line and
 * the body. usage: client PORT PATH... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(int argc, char **argv)
{
	int port = atoi(argv[1]);
	for (int i = 2; i < argc; i++) {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		while (connect(s, (struct sockaddr *)&a, sizeof a) < 0) { close(s); usleep(10000); s = socket(AF_INET, SOCK_STREAM, 0); }
		char req[600], resp[8192];
		int len = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\n\r\n", argv[i]);
		write(s, req, len);
		size_t got = 0;
		ssize_t r;
		while ((r = read(s, resp + got, sizeof resp - 1 - got)) > 0) got += r;
		resp[got] = 0;
		char *body = strstr(resp, "\r\n\r\n");
		char *eol = strstr(resp, "\r\n");
		if (eol) *eol = 0;
		printf("client: GET %s: %s | %s", argv[i], resp, body ? body + 4 : "");
		close(s);
	}
	return 0;
}
