/* sigpipe_handled.c - SIGPIPE with SIG_IGN (the call fails with EPIPE and
 * nothing else happens) and with a handler (the handler runs once per
 * failing call, then the call returns EPIPE).  Covers send, write, writev,
 * sendmsg, a zero-length write (still EPIPE + SIGPIPE on a stream), and
 * seqpacket; a dgram socketpair gets no SIGPIPE from a dead peer. */
#include "common.h"

static volatile int caught;

static void on_pipe(int sig)
{
	(void)sig;
	caught++;
}

#define PIPE_CHECK(call) do { caught = 0; CHECK_AS(#call, call); \
	printf("  SIGPIPE delivered %d time(s)\n", caught); } while (0)

int main(void)
{
	int sv[2], qv[2], dv[2];
	struct iovec iov = { "x", 1 };
	struct msghdr mh;

	setvbuf(stdout, NULL, _IONBF, 0);
	memset(&mh, 0, sizeof mh);
	mh.msg_iov = &iov; mh.msg_iovlen = 1;

	SECTION("SIG_IGN");
	signal(SIGPIPE, SIG_IGN);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK(close(sv[1]));
	CHECK(send(sv[0], "x", 1, 0));
	CHECK(write(sv[0], "x", 1));

	SECTION("handler");
	signal(SIGPIPE, on_pipe);
	PIPE_CHECK(send(sv[0], "x", 1, 0));
	PIPE_CHECK(send(sv[0], "x", 1, MSG_NOSIGNAL));
	PIPE_CHECK(write(sv[0], "x", 1));
	PIPE_CHECK(write(sv[0], "x", 0));
	PIPE_CHECK(writev(sv[0], &iov, 1));
	PIPE_CHECK(sendmsg(sv[0], &mh, 0));
	PIPE_CHECK(sendto(sv[0], "x", 1, 0, NULL, 0));
	CHECK(shutdown(sv[0], SHUT_WR));
	PIPE_CHECK(send(sv[0], "x", 1, 0));
	CHECK(close(sv[0]));

	SECTION("own SHUT_WR with a live peer");
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK(shutdown(sv[0], SHUT_WR));
	PIPE_CHECK(send(sv[0], "x", 1, 0));
	CHECK(close(sv[0])); CHECK(close(sv[1]));

	SECTION("seqpacket");
	CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, qv));
	CHECK(close(qv[1]));
	PIPE_CHECK(send(qv[0], "x", 1, 0));
	CHECK(close(qv[0]));

	SECTION("dgram: no SIGPIPE");
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, dv));
	CHECK(close(dv[1]));
	PIPE_CHECK(send(dv[0], "x", 1, 0));
	PIPE_CHECK(send(dv[0], "x", 1, 0));
	CHECK(shutdown(dv[0], SHUT_WR));
	PIPE_CHECK(send(dv[0], "x", 1, 0));
	CHECK(close(dv[0]));
	return 0;
}
