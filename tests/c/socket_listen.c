/* socket_listen.c - socket() domains, types, protocols and SOCK_* flags
 * with their errors; listen() backlog on AF_UNIX stream (backlog N admits
 * N+1 pending connections: nonblocking connects beyond that get EAGAIN;
 * backlog 0 admits 1; re-listen changes the limit; negative means
 * somaxconn; listen before bind is EINVAL); accept4 flags; accept on a nonblocking listener. */
#include "common.h"

/* Connect nonblocking clients until one fails; print how many succeeded. */
static int fill(const struct sockaddr_un *a, socklen_t alen, int *out, int max)
{
	int n;
	for (n = 0; n < max; n++) {
		out[n] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (connect(out[n], (const struct sockaddr *)a, alen) < 0) {
			printf("pending connections admitted: %d, then %s\n", n, errname(errno));
			close(out[n]);
			return n;
		}
	}
	printf("pending connections admitted: %d (no failure)\n", n);
	return n;
}

int main(void)
{
	int l, s, i, n, cl[64];
	struct sockaddr_un a;
	socklen_t alen = un_abstract(&a, "int80-listen");

	setvbuf(stdout, NULL, _IONBF, 0);

	SECTION("socket()");
	s = CHECK(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
	show_flags("NONBLOCK|CLOEXEC", s);
	CHECK(close(s));
	s = CHECK(socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, PF_UNIX));
	show_flags("CLOEXEC", s);
	CHECK(close(s));
	CHECK(socket(AF_UNIX, SOCK_STREAM, 2));
	CHECK(socket(AF_UNIX, SOCK_STREAM, -1));
	CHECK(socket(AF_UNIX, 0, 0));
	CHECK(socket(AF_UNIX, SOCK_RDM, 0));
	CHECK(socket(AF_UNIX, SOCK_PACKET, 0));
	CHECK(socket(AF_UNIX, 11, 0));
	CHECK(socket(AF_UNIX, 0xf, 0));
	CHECK(socket(AF_UNIX, SOCK_STREAM | 0x100, 0));
	CHECK(socket(AF_UNIX, SOCK_STREAM | O_APPEND, 0));
	CHECK(socket(AF_UNIX, -1, 0));
	CHECK(socket(AF_UNSPEC, SOCK_STREAM, 0));
	CHECK(socket(12345, SOCK_STREAM, 0));
	CHECK(socket(-1, SOCK_STREAM, 0));
	CHECK(socket(46, SOCK_STREAM, 0));
	s = CHECK(socket(AF_UNIX, SOCK_RAW, 0));
	CHECK(close(s));

	SECTION("backlog 2");
	l = CHECK(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0));
	CHECK(listen(l, 2));                    /* unbound: EINVAL, no autobind */
	CHECK(bind(l, (struct sockaddr *)&a, alen));
	CHECK(listen(l, 2));
	n = fill(&a, alen, cl, 10);
	s = CHECK(accept(l, NULL, NULL));
	CHECK(close(s));
	i = fill(&a, alen, cl + n, 10);
	n += i;

	SECTION("re-listen with a larger backlog");
	CHECK(listen(l, 5));
	i = fill(&a, alen, cl + n, 10);
	n += i;
	SECTION("re-listen with a smaller backlog keeps what is queued");
	CHECK(listen(l, 0));
	i = fill(&a, alen, cl + n, 10);
	n += i;
	for (i = 0; accept(l, NULL, NULL) >= 0; i++)
		;
	printf("accepted %d, then %s\n", i, errname(errno));
	while (n > 0)
		close(cl[--n]);
	close(l);

	SECTION("backlog 0 and negative");
	l = CHECK(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0));
	CHECK(bind(l, (struct sockaddr *)&a, alen));
	CHECK(listen(l, 0));
	n = fill(&a, alen, cl, 10);
	while (n > 0)
		close(cl[--n]);
	CHECK(listen(l, -1));
	n = fill(&a, alen, cl, 40);
	while (n > 0)
		close(cl[--n]);
	CHECK(listen(l, 1 << 30));
	/* connections whose client closed are still accepted */
	for (i = 0; (s = accept(l, NULL, NULL)) >= 0; i++)
		close(s);
	printf("accepted %d, then %s\n", i, errname(errno));

	SECTION("accept4 flags");
	s = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(connect(s, (struct sockaddr *)&a, alen));
	CHECK(accept4(l, NULL, NULL, SOCK_NONBLOCK | 0x100));
	CHECK(accept4(l, NULL, NULL, O_APPEND));
	i = CHECK(accept4(l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC));
	show_flags("accept4 NONBLOCK|CLOEXEC", i);
	CHECK(close(i));
	CHECK(connect(s, (struct sockaddr *)&a, alen));
	CHECK(close(s));
	s = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(connect(s, (struct sockaddr *)&a, alen));
	i = CHECK(accept4(l, NULL, NULL, 0));
	show_flags("accept4 0 (listener is O_NONBLOCK)", i);
	CHECK(accept4(l, NULL, NULL, 0));
	CHECK(close(i)); CHECK(close(s)); CHECK(close(l));
	return 0;
}
