/* integrity client: sends MiB mebibytes of pseudo-random data in pseudo-random chunk
 * sizes over TCP or AF_UNIX while reading the echo in pseudo-random sizes, then checks
 * that what came back is what went out (length and FNV-1a hash of each direction). */
#include "multi.h"
#include <poll.h>
#include <fcntl.h>
#include <stdint.h>

static uint32_t rng;
static uint32_t next(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

struct fnv { uint32_t h; };
static void fnv(struct fnv *f, const unsigned char *p, long n)
{
	for (long i = 0; i < n; i++) f->h = (f->h ^ p[i]) * 16777619u;
}

static unsigned char out[65536], in[65536];

int main(int argc, char **argv)
{
	const char *kind = argv[1];
	uint32_t seed = (uint32_t)atoi(argv[2]);
	long total = atol(argv[3]) << 20, sent = 0, got = 0;
	struct fnv hs = { 2166136261u }, hr = { 2166136261u };
	uint32_t data = seed * 2654435761u + 1; /* the byte stream: its own generator */
	setvbuf(stdout, NULL, _IONBF, 0);
	rng = seed | 1;
	int s = strcmp(kind, "tcp") == 0 ? tcp_connect(47310) : unix_connect("int80-multi-integrity");
	fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK);
	int pending = 0, shut = 0;
	while (1) {
		struct pollfd p = { .fd = s, .events = POLLIN };
		if (sent < total) p.events |= POLLOUT;
		if (poll(&p, 1, -1) < 0) die("poll");
		if ((p.revents & POLLOUT) && sent < total) {
			if (!pending) {
				pending = 1 + next() % sizeof out;
				if (pending > total - sent) pending = total - sent;
				for (int i = 0; i < pending; i++) {
					data ^= data << 13; data ^= data >> 17; data ^= data << 5;
					out[i] = (unsigned char)data;
				}
			}
			ssize_t w = write(s, out, pending);
			if (w > 0) {
				fnv(&hs, out, w);
				sent += w;
				memmove(out, out + w, pending - w);
				pending -= w;
			} else if (w < 0 && errno != EAGAIN) die("write");
		}
		if (sent == total && !shut) { shutdown(s, SHUT_WR); shut = 1; }
		if (p.revents & (POLLIN | POLLHUP)) {
			ssize_t r = read(s, in, 1 + next() % sizeof in);
			if (r > 0) { fnv(&hr, in, r); got += r; }
			else if (r == 0) break;
			else if (errno != EAGAIN) die("read");
		}
	}
	printf("%s seed %u: sent %ld bytes, received %ld bytes, same bytes: %s\n", kind, seed, sent, got,
	       sent == got && hs.h == hr.h ? "yes" : "no");
	close(s);
	return 0;
}
