/* fifo_pingpong writer: waits for the reader's FIFOs to exist, sends 200000 bytes in one
 * write (blocking while the pipe is full), then 100 one-byte ping-pongs on two FIFOs. */
#include "multi.h"
#include <sys/stat.h>

int main(void)
{
	static char buf[200000];
	struct stat st;
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	for (int i = 0; i < 500 && stat("/tmp/int80-fifo-req", &st) < 0; i++) nanosleep(&ts, 0);
	int w = open("/tmp/int80-fifo-req", O_WRONLY);
	if (w < 0) die("open req");
	for (int i = 0; i < 200000; i++) buf[i] = (char)(i * 7);
	ssize_t n = write(w, buf, sizeof buf);
	printf("writer: write -> %zd\n", n);
	int r = open("/tmp/int80-fifo-rep", O_RDONLY);
	if (r < 0) die("open rep");
	char c = 0;
	for (int i = 0; i < 100; i++) {
		if (write(w, &c, 1) != 1) die("ping");
		if (read(r, &c, 1) != 1) die("pong");
	}
	printf("writer: last pong %d\n", c);
	close(w);
	printf("writer: read after the reader closed -> %zd\n", read(r, &c, 1));
	close(r);
	return 0;
}
