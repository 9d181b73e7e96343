/* emfile.c - running out of descriptors (RLIMIT_NOFILE, 1024 here; no
 * setrlimit): socket() fails with EMFILE; socketpair() needs two free slots;
 * accept() with no slot fails with EMFILE and leaves the connection queued;
 * freeing a slot makes everything work again.  Only the errno and that the
 * count is >= 1000 are printed. */
#include "common.h"

static int fds[1100];

int main(void)
{
	int l, c, n = 0, sv[2] = { -7, -7 }, a;
	struct sockaddr_un addr;
	socklen_t alen = un_abstract(&addr, "int80-emfile");
	char buf[8];

	setvbuf(stdout, NULL, _IONBF, 0);
	l = CHECK(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0));
	CHECK(bind(l, (struct sockaddr *)&addr, alen));
	CHECK(listen(l, 4));
	c = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(connect(c, (struct sockaddr *)&addr, alen));
	CHECK(send(c, "queued", 6, 0));

	SECTION("fill the table");
	while (n < 1100) {
		int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
		if (fd < 0)
			break;
		fds[n++] = fd;
	}
	printf("socket() failed with %s after >= 1000 sockets: %s\n", errname(errno),
	       n >= 1000 ? "yes" : "no");
	CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK(accept(l, NULL, NULL));
	CHECK(accept4(l, NULL, NULL, SOCK_CLOEXEC));
	CHECK(dup(l));
	CHECK(fcntl(l, F_DUPFD, 0));

	SECTION("one free slot");
	CHECK(close(fds[--n]));
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	printf("sv unchanged: %s\n", sv[0] == -7 ? "yes" : "no");
	a = accept(l, NULL, NULL);
	printf("accept took the freed slot: %s\n", a == fds[n] ? "yes" : "no");
	CHECK(socket(AF_UNIX, SOCK_STREAM, 0));

	SECTION("the connection survived the failed accepts");
	CHECK(recv(a, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(close(a));
	while (n > 0)
		close(fds[--n]);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	printf("sv = {%d, %d}\n", sv[0], sv[1]);
	return 0;
}
