/* Fill many AF_UNIX socketpairs with nonblocking sends until one fails; then read back
 * everything: whatever send accepted must come out, byte for byte. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>

#define PAIRS 64
static char buf[4096], in[4096];

int main(void) {
	int sv[PAIRS][2];
	long sent[PAIRS] = {0}, total = 0;
	int err = 0;
	for (int i = 0; i < PAIRS; i++) socketpair(AF_UNIX, SOCK_STREAM, 0, sv[i]);
	for (int i = 0; i < PAIRS && !err; i++) {
		for (;;) {
			memset(buf, i + (int)(sent[i] / sizeof buf), sizeof buf);
			ssize_t n = send(sv[i][0], buf, sizeof buf, MSG_DONTWAIT);
			if (n < 0) {
				if (errno != EAGAIN) err = errno;
				break;
			}
			sent[i] += n;
			total += n;
		}
	}
	printf("stopped by: %s\n", err == ENOBUFS ? "ENOBUFS" : err ? strerror(err) : "EAGAIN only");
	long back = 0, bad = 0;
	for (int i = 0; i < PAIRS; i++) {
		long got = 0;
		ssize_t n;
		while (got < sent[i] && (n = recv(sv[i][1], in, sizeof in, MSG_DONTWAIT)) > 0) {
			for (ssize_t k = 0; k < n; k++)
				if (in[k] != (char)(i + (got + k) / (long)sizeof buf)) bad++;
			got += n;
		}
		back += got;
	}
	printf("accepted %s, read back all: %s, wrong bytes: %ld\n", total > 0 ? "some" : "none", back == total ? "yes" : "no", bad);
	return 0;
}
