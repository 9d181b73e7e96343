/* fifo_pingpong reader: makes two FIFOs, opens the request FIFO for reading (blocks until
 * the writer opens it), reads 200000 bytes that the writer sends in one write (the pipe
 * holds 64 KiB: the writer blocks and continues), answers on the reply FIFO, then sees
 * EOF when the writer closes. */
#include "multi.h"
#include <sys/stat.h>

int main(void)
{
	static char buf[65536];
	unlink("/tmp/int80-fifo-req");
	unlink("/tmp/int80-fifo-rep");
	if (mkfifo("/tmp/int80-fifo-rep", 0600) < 0) die("mkfifo rep");
	if (mkfifo("/tmp/int80-fifo-req", 0600) < 0) die("mkfifo req");
	int r = open("/tmp/int80-fifo-req", O_RDONLY);
	if (r < 0) die("open req");
	printf("reader: opened the request FIFO\n");
	long total = 0;
	unsigned sum = 0;
	int bad = 0;
	while (total < 200000) {
		ssize_t n = read(r, buf, sizeof buf);
		if (n <= 0) die("read");
		for (ssize_t i = 0; i < n; i++) {
			if ((unsigned char)buf[i] != (unsigned char)((total + i) * 7)) bad++;
			sum += (unsigned char)buf[i];
		}
		total += n;
	}
	printf("reader: %ld bytes, checksum %u, wrong %d\n", total, sum, bad);
	int w = open("/tmp/int80-fifo-rep", O_WRONLY);
	if (w < 0) die("open rep");
	for (int i = 0; i < 100; i++) {
		char c;
		if (read(r, &c, 1) != 1) die("ping");
		c++;
		if (write(w, &c, 1) != 1) die("pong");
	}
	printf("reader: 100 ping-pongs\n");
	ssize_t n = read(r, buf, sizeof buf);
	printf("reader: read at the end -> %zd\n", n);
	close(w);
	close(r);
	unlink("/tmp/int80-fifo-req");
	unlink("/tmp/int80-fifo-rep");
	return 0;
}
