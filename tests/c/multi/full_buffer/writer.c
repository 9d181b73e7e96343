/* full_buffer writer: write 1 MiB through a stream socket in 64 KiB write()s
 * (or send()s, with the argument "send": scenario full_buffer_send) to a slow
 * reader.  The socket buffer fills, so writes block (only this process) until
 * the reader drains it; a blocking write returns only once all its bytes are
 * queued. */
#include "multi.h"

#define TOTAL (1024 * 1024)
#define CHUNK 65536

int main(int argc, char **argv)
{
	int use_send = argc > 1 && strcmp(argv[1], "send") == 0;
	static unsigned char data[TOTAL];
	unsigned long k, written = 0;
	int short_writes = 0;
	uint32_t sum = 2166136261u;
	setvbuf(stdout, NULL, _IONBF, 0);
	for (k = 0; k < TOTAL; k++) {
		data[k] = (unsigned char)(k * 7 + (k >> 12));
		sum = (sum ^ data[k]) * 16777619u;
	}
	int s = unix_connect("int80-multi-full");
	long t0 = now_ms();
	while (written < TOTAL) {
		ssize_t r = use_send ? send(s, data + written, CHUNK, 0)
		                     : write(s, data + written, CHUNK);
		if (r < 0) die("write");
		if (r != CHUNK) short_writes++;
		written += (unsigned long)r;
	}
	long ms = now_ms() - t0;
	printf("writer: %lu bytes, checksum %08x, short writes %d\n", written, (unsigned)sum, short_writes);
	printf("writer: blocked on the full buffer (>= 100 ms): %s\n", ms >= 100 ? "yes" : "no");
	CHECK(close(s));
	return 0;
}
