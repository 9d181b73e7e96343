/* echo_unix server: accept N clients one after the other on "@int80-multi-echo"
 * and echo each one's bytes back until it closes.  Clients may connect in any
 * order, so the server prints what it echoed sorted, not as it happened. */
#include "multi.h"

int main(int argc, char **argv)
{
	int nclients = argc > 1 ? atoi(argv[1]) : 2, i;
	char *got[16];
	long total = 0;
	setvbuf(stdout, NULL, _IONBF, 0);
	int ls = unix_listen("int80-multi-echo", 8);
	printf("server: listening\n");
	for (i = 0; i < nclients && i < 16; i++) {
		struct sockaddr_un peer;
		socklen_t plen = sizeof peer;
		int c = accept(ls, (struct sockaddr *)&peer, &plen);
		if (c < 0) die("accept");
		/* an unbound client: the address is just the family */
		printf("server: accepted fd %d, addrlen %u\n", c, (unsigned)plen);
		char all[256];
		int n = 0;
		for (;;) {
			char buf[64];
			ssize_t r = read(c, buf, sizeof buf);
			if (r < 0) die("read");
			if (r == 0) break;
			write_all(c, buf, (size_t)r);
			if (n + r < (int)sizeof all) { memcpy(all + n, buf, (size_t)r); n += (int)r; }
			total += r;
		}
		all[n] = 0;
		got[i] = strdup(all);
		CHECK(close(c));
	}
	qsort(got, (size_t)i, sizeof got[0], cmp_str);
	printf("server: echoed %ld bytes to %d clients:\n", total, i);
	for (int k = 0; k < i; k++)
		printf("  \"%s\"\n", got[k]);
	CHECK(close(ls));
	return 0;
}
