/* httpd: a tiny HTTP/1.0 server that serves files under a document root, naively: the
 * request path is appended to the root as it comes ("GET /../../etc/passwd" included).
 * Under `int80 run --mount HOSTDIR:/srv/www` whatever it opens is in the guest's tree, so
 * the escapes the client tries reach only the guest's own files, never the host's.
 * usage: httpd PORT DOCROOT REQUESTS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sendfile.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(int argc, char **argv)
{
	int port = atoi(argv[1]), n = atoi(argv[3]);
	const char *root = argv[2];
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (bind(ls, (struct sockaddr *)&a, sizeof a) < 0 || listen(ls, 8) < 0) { perror("httpd: bind/listen"); return 1; }
	printf("httpd: serving %s on port %d\n", root, port);
	fflush(stdout);
	for (int i = 0; i < n; i++) {
		int c = accept(ls, NULL, NULL);
		char req[512] = {0}, path[1024], hdr[128];
		ssize_t r = read(c, req, sizeof req - 1);
		char *sp = r > 4 ? strchr(req + 4, ' ') : NULL;
		if (sp) *sp = 0;
		snprintf(path, sizeof path, "%s%s", root, r > 4 ? req + 4 : "/");
		int fd = open(path, O_RDONLY);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			int e = errno;
			int len = snprintf(hdr, sizeof hdr, "HTTP/1.0 404 Not Found\r\n\r\n%s\n", strerror(e));
			write(c, hdr, len);
			printf("httpd: %s -> 404 (%s)\n", path, strerror(e));
		} else {
			int len = snprintf(hdr, sizeof hdr, "HTTP/1.0 200 OK\r\nContent-Length: %ld\r\n\r\n", (long)st.st_size);
			write(c, hdr, len);
			off_t off = 0;
			ssize_t s = sendfile(c, fd, &off, st.st_size);
			printf("httpd: %s -> 200, sendfile %zd bytes\n", path, s);
		}
		fflush(stdout);
		if (fd >= 0) close(fd);
		close(c);
	}
	return 0;
}
