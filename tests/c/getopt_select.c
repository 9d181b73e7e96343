/* getopt_long as servers parse their options, and <sys/select.h> with
 * glibc's FD_SETSIZE (1024) and fd_set size (128 bytes): FD_SET on a high
 * descriptor, select on a socketpair. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	char *argv[] = { "server", "--port=8080", "-v", "--name", "lab", "-x", "--unknown", "file1", "-d3", "file2", NULL };
	int argc = 10;
	static struct option opts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "name", required_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	opterr = 0;
	int c, idx;
	while ((c = getopt_long(argc, argv, "p:n:vd:", opts, &idx)) != -1) {
		if (c == '?') printf("unknown option (optopt %d)\n", optopt);
		else printf("option %c arg %s\n", c, optarg ? optarg : "(none)");
	}
	for (int i = optind; i < argc; i++) printf("operand %s\n", argv[i]);

	printf("FD_SETSIZE %d sizeof(fd_set) %u\n", FD_SETSIZE, (unsigned)sizeof(fd_set));
	fd_set set;
	FD_ZERO(&set);
	FD_SET(1000, &set);
	printf("FD_ISSET 1000 %d 999 %d\n", FD_ISSET(1000, &set) != 0, FD_ISSET(999, &set) != 0);
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "x", 1);
	FD_ZERO(&set);
	FD_SET(sv[1], &set);
	FD_SET(sv[0], &set);
	struct timeval tv = { 0, 0 };
	int n = select(sv[1] + 1, &set, NULL, NULL, &tv);
	printf("select %d: sv[0] %d sv[1] %d\n", n, FD_ISSET(sv[0], &set) != 0, FD_ISSET(sv[1], &set) != 0);
	return 0;
}
