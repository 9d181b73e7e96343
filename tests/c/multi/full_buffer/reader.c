/* full_buffer reader: accept the writer's connection and read slowly, 4096
 * bytes at a time with a 2 ms pause after each read, so the writer finds the
 * socket buffer full and blocks.  Check the byte pattern and print the total
 * and a checksum. */
#include "multi.h"

int main(void)
{
	static char buf[4096];
	unsigned long total = 0, bad = 0;
	uint32_t sum = 2166136261u;   /* FNV-1a */
	setvbuf(stdout, NULL, _IONBF, 0);
	int ls = unix_listen("int80-multi-full", 1);
	int c = accept(ls, NULL, NULL);
	if (c < 0) die("accept");
	for (;;) {
		ssize_t r = read(c, buf, sizeof buf), i;
		if (r < 0) die("read");
		if (r == 0) break;
		for (i = 0; i < r; i++) {
			unsigned long k = total + (unsigned long)i;
			unsigned char want = (unsigned char)(k * 7 + (k >> 12));
			if ((unsigned char)buf[i] != want) bad++;
			sum = (sum ^ (unsigned char)buf[i]) * 16777619u;
		}
		total += (unsigned long)r;
		usleep(2000);
	}
	printf("reader: %lu bytes, checksum %08x, wrong bytes %lu\n", total, (unsigned)sum, bad);
	CHECK(close(c));
	CHECK(close(ls));
	return 0;
}
