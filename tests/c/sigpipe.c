/* sigpipe.c - writing to a stream whose peer is gone raises SIGPIPE.  With
 * MSG_NOSIGNAL the call only fails with EPIPE; without it, the default
 * action kills the process: the expected output ends with [exit 141]
 * (128 + SIGPIPE).  stdout is unbuffered, so every line before the fatal
 * write is out. */
#include "common.h"

int main(void)
{
	int sv[2];

	setvbuf(stdout, NULL, _IONBF, 0);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK(close(sv[1]));
	CHECK(send(sv[0], "x", 1, MSG_NOSIGNAL));
	CHECK(sendto(sv[0], "x", 1, MSG_NOSIGNAL, NULL, 0));
	printf("about to write without MSG_NOSIGNAL\n");
	CHECK(write(sv[0], "x", 1));
	printf("not reached\n");
	return 0;
}
