/* socketpair.c - socketpair(AF_UNIX, ...) for STREAM, DGRAM, SEQPACKET:
 * fd numbering, both directions, names (unnamed: len 2), SOCK_NONBLOCK and
 * SOCK_CLOEXEC, SOCK_RAW mapped to SOCK_DGRAM, peer close, and the errors
 * for bad domain/type/protocol/flags and a bad sv pointer. */
#include "common.h"

static const char *tname(int t)
{
	switch (t) {
	case SOCK_STREAM: return "SOCK_STREAM";
	case SOCK_DGRAM: return "SOCK_DGRAM";
	case SOCK_SEQPACKET: return "SOCK_SEQPACKET";
	default: return "?";
	}
}

static void pair_roundtrip(int type)
{
	int sv[2], v;
	socklen_t len;
	struct sockaddr_un a;
	char buf[32];

	printf("== %s\n", tname(type));
	if (CHECK(socketpair(AF_UNIX, type, 0, sv)) < 0)
		return;
	printf("sv = {%d, %d}\n", sv[0], sv[1]);
	len = sizeof v;
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len));
	printf("SO_TYPE: %s\n", tname(v));
	CHECK(send(sv[0], "ping", 4, 0));
	CHECK(recv(sv[1], buf, sizeof buf, 0));
	CHECK(send(sv[1], "pong!", 5, 0));
	CHECK(recv(sv[0], buf, sizeof buf, 0));
	show_buf("sv0 got", buf, 5);
	len = sizeof a;
	CHECK(getsockname(sv[0], (struct sockaddr *)&a, &len));
	show_un("getsockname", &a, len);
	len = sizeof a;
	CHECK(getpeername(sv[0], (struct sockaddr *)&a, &len));
	show_un("getpeername", &a, len);
	CHECK(connect(sv[0], (struct sockaddr *)&a, sizeof(sa_family_t)));
	CHECK(listen(sv[0], 1));
	show_flags("flags", sv[0]);
	CHECK(send(sv[1], "left", 4, 0));
	CHECK(close(sv[0]));
	CHECK(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
	CHECK(send(sv[1], "x", 1, MSG_NOSIGNAL));
	CHECK(send(sv[1], "x", 1, MSG_NOSIGNAL));
	CHECK(close(sv[1]));
}

#define SPERR(call) do { sv[0] = sv[1] = -7; CHECK_AS(#call, call); \
	printf("  sv = {%d, %d}\n", sv[0], sv[1]); } while (0)

int main(void)
{
	int sv[2] = { -7, -7 };
	char buf[8];

	setvbuf(stdout, NULL, _IONBF, 0);

	pair_roundtrip(SOCK_STREAM);
	pair_roundtrip(SOCK_DGRAM);
	pair_roundtrip(SOCK_SEQPACKET);

	SECTION("SOCK_NONBLOCK | SOCK_CLOEXEC");
	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv));
	show_flags("sv0", sv[0]);
	show_flags("sv1", sv[1]);
	CHECK(recv(sv[0], buf, sizeof buf, 0));
	CHECK(read(sv[1], buf, sizeof buf));
	CHECK(close(sv[0]));
	CHECK(close(sv[1]));
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv));
	show_flags("sv0", sv[0]);
	CHECK(close(sv[0]));
	CHECK(close(sv[1]));

	SECTION("SOCK_RAW is accepted as SOCK_DGRAM");
	CHECK(socketpair(AF_UNIX, SOCK_RAW, 0, sv));
	{
		int v; socklen_t len = sizeof v;
		CHECK(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len));
		printf("SO_TYPE: %s\n", tname(v));
	}
	CHECK(close(sv[0]));
	CHECK(close(sv[1]));

	SECTION("protocol 0 or PF_UNIX");
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, PF_UNIX, sv));
	CHECK(close(sv[0]));
	CHECK(close(sv[1]));
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, PF_UNIX, sv));
	CHECK(close(sv[0]));
	CHECK(close(sv[1]));

	/* Linux stores the two reserved fd numbers into sv before it creates
	 * the sockets, so sv is written even when the call then fails. */
	SECTION("errors (sv printed after each call)");
	SPERR(socketpair(AF_INET, SOCK_STREAM, 0, sv));
	SPERR(socketpair(AF_INET, SOCK_DGRAM, 0, sv));
	/* AF_INET6 is not covered: int80 has no IPv6 family (socket(AF_INET6) is EAFNOSUPPORT
	 * here, unlike Linux); see docs/conformance.md. */
	SPERR(socketpair(12345, SOCK_STREAM, 0, sv));
	SPERR(socketpair(-1, SOCK_STREAM, 0, sv));
	SPERR(socketpair(46, SOCK_STREAM, 0, sv));       /* AF_MAX */
	SPERR(socketpair(AF_UNIX, SOCK_STREAM, 2, sv));
	SPERR(socketpair(AF_UNIX, SOCK_STREAM, -1, sv));
	SPERR(socketpair(AF_UNIX, SOCK_RDM, 0, sv));
	SPERR(socketpair(AF_UNIX, 0, 0, sv));
	SPERR(socketpair(AF_UNIX, 11, 0, sv));
	SPERR(socketpair(AF_UNIX, -1, 0, sv));
	SPERR(socketpair(AF_UNIX, SOCK_STREAM | 0x100, 0, sv));
	SPERR(socketpair(AF_UNIX, SOCK_STREAM | O_APPEND, 0, sv));
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, BADPTR1));
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, BADPTR2));
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, NULL));
	CHECK(socketpair(AF_UNIX, 0, 0, NULL));
	CHECK(socketpair(12345, SOCK_STREAM, 0, NULL));
	CHECK(socketpair(AF_UNIX, SOCK_STREAM | 0x100, 0, NULL));
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, (int *)((char *)BADPTR2 - 4)));
	/* the failed pairs above leaked no descriptor */
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	printf("sv = {%d, %d}\n", sv[0], sv[1]);
	return 0;
}
