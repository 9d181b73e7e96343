/* msg.c - sendmsg/recvmsg with several iovecs and msg_name, msg_flags
 * (MSG_TRUNC, MSG_CTRUNC), SCM_RIGHTS over socketpairs (the received fd
 * works; fd numbers are lowest-free and so deterministic), MSG_CMSG_CLOEXEC,
 * control-message errors, iovec limits, sendmmsg/recvmmsg on a datagram
 * socketpair. */
#include "common.h"

static int send_fds(int s, const int *fds, int n, const char *data)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 4)];
	struct msghdr mh;
	struct iovec iov = { (void *)data, strlen(data) };
	struct cmsghdr *cm;

	memset(&mh, 0, sizeof mh);
	memset(cbuf, 0, sizeof cbuf);
	mh.msg_iov = &iov; mh.msg_iovlen = 1;
	mh.msg_control = cbuf; mh.msg_controllen = CMSG_SPACE(sizeof(int) * n);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(cm), fds, sizeof(int) * n);
	return sendmsg(s, &mh, 0);
}

/* Receive with a control buffer of clen bytes; print what arrived. */
static void recv_fds(int s, size_t clen, int flags)
{
	char cbuf[256], data[16];
	struct msghdr mh;
	struct iovec iov = { data, sizeof data };
	struct cmsghdr *cm;
	long r;

	memset(&mh, 0, sizeof mh);
	mh.msg_iov = &iov; mh.msg_iovlen = 1;
	mh.msg_control = clen ? cbuf : NULL; mh.msg_controllen = clen;
	r = CHECK(recvmsg(s, &mh, flags));
	if (r < 0)
		return;
	show_buf("data", data, r);
	show_msg_flags("msg_flags", mh.msg_flags);
	printf("msg_controllen %u\n", (unsigned)mh.msg_controllen);
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		int i, n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		printf("cmsg level %s type %s len %u fds:", cm->cmsg_level == SOL_SOCKET ?
		       "SOL_SOCKET" : "?", cm->cmsg_type == SCM_RIGHTS ? "SCM_RIGHTS" : "?",
		       (unsigned)cm->cmsg_len);
		for (i = 0; i < n; i++) {
			int fd;
			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof fd);
			printf(" %d", fd);
		}
		putchar('\n');
	}
}

int main(void)
{
	int sv[2], dv[2], xp[2], fds[4], i, s;
	struct sockaddr_un a, from;
	struct msghdr mh;
	struct iovec iov[3];
	struct mmsghdr mm[4];
	char b0[4], b1[4], b2[16], buf[64];
	static struct iovec many[1025];

	setvbuf(stdout, NULL, _IONBF, 0);

	SECTION("sendmsg/recvmsg with iovecs and msg_name");
	s = CHECK(socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK(bind(s, (struct sockaddr *)&a, un_abstract(&a, "int80-msg")));
	i = CHECK(socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK(bind(i, (struct sockaddr *)&from, un_abstract(&from, "int80-msg-src")));
	memset(&mh, 0, sizeof mh);
	iov[0].iov_base = "abc"; iov[0].iov_len = 3;
	iov[1].iov_base = "";    iov[1].iov_len = 0;
	iov[2].iov_base = "defghijk"; iov[2].iov_len = 8;
	mh.msg_name = &a; mh.msg_namelen = un_abstract(&a, "int80-msg");
	mh.msg_iov = iov; mh.msg_iovlen = 3;
	CHECK(sendmsg(i, &mh, 0));
	memset(&mh, 0, sizeof mh);
	memset(&from, 0, sizeof from);
	iov[0].iov_base = b0; iov[0].iov_len = 4;
	iov[1].iov_base = b1; iov[1].iov_len = 4;
	iov[2].iov_base = b2; iov[2].iov_len = sizeof b2;
	mh.msg_name = &from; mh.msg_namelen = sizeof from;
	mh.msg_iov = iov; mh.msg_iovlen = 3;
	CHECK(recvmsg(s, &mh, 0));
	show_buf("iov0", b0, 4); show_buf("iov1", b1, 4); show_buf("iov2", b2, 3);
	show_un("msg_name", &from, mh.msg_namelen);
	show_msg_flags("msg_flags", mh.msg_flags);
	CHECK(sendto(i, "0123456789", 10, 0, (struct sockaddr *)&a, un_abstract(&a, "int80-msg")));
	mh.msg_iovlen = 2; mh.msg_namelen = 3;       /* short name buffer */
	mh.msg_flags = -1;                           /* ignored on input */
	CHECK(recvmsg(s, &mh, 0));
	printf("msg_namelen %u\n", (unsigned)mh.msg_namelen);
	show_msg_flags("msg_flags", mh.msg_flags);
	mh.msg_name = NULL; mh.msg_namelen = 0; mh.msg_iovlen = 0;
	CHECK(sendto(i, "xyz", 3, 0, (struct sockaddr *)&a, un_abstract(&a, "int80-msg")));
	CHECK(recvmsg(s, &mh, MSG_DONTWAIT));
	show_msg_flags("msg_flags (iovlen 0)", mh.msg_flags);
	CHECK(close(i)); CHECK(close(s));

	SECTION("sendmsg argument errors");
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, dv));
	memset(&mh, 0, sizeof mh);
	mh.msg_iov = many;
	for (i = 0; i < 1025; i++) { many[i].iov_base = buf; many[i].iov_len = 0; }
	many[0].iov_len = 1;
	mh.msg_iovlen = 1024;
	printf("# msg_iovlen 1024 (UIO_MAXIOV)\n");
	CHECK(sendmsg(dv[0], &mh, 0));
	mh.msg_iovlen = 1025;
	printf("# msg_iovlen 1025\n");
	CHECK(sendmsg(dv[0], &mh, 0));
	CHECK(recvmsg(dv[1], &mh, MSG_DONTWAIT));
	mh.msg_iovlen = 1;
	many[0].iov_len = 0x80000000u;
	printf("# iov_len 0x80000000\n");
	CHECK(sendmsg(dv[0], &mh, 0));
	many[0].iov_len = 1;
	mh.msg_name = &a; mh.msg_namelen = sizeof(struct sockaddr_storage) + 1;
	printf("# msg_namelen 129\n");
	CHECK(sendmsg(dv[0], &mh, 0));
	mh.msg_name = NULL; mh.msg_namelen = 0;
	/* shorter than a cmsghdr: EINVAL from the compat (32-bit on 64-bit)
	 * cmsg path of the recording kernel */
	mh.msg_control = buf; mh.msg_controllen = 8;
	printf("# msg_controllen 8\n");
	CHECK(sendmsg(dv[0], &mh, 0));
	{
		struct cmsghdr *cm = (struct cmsghdr *)buf;
		memset(buf, 0, sizeof buf);
		mh.msg_controllen = CMSG_SPACE(sizeof(int));
		cm->cmsg_len = CMSG_LEN(sizeof(int)); cm->cmsg_level = SOL_SOCKET; cm->cmsg_type = 99;
		printf("# SOL_SOCKET cmsg type 99\n");
		CHECK(sendmsg(dv[0], &mh, 0));
		cm->cmsg_type = SCM_RIGHTS; cm->cmsg_len = 100;
		printf("# SCM_RIGHTS cmsg_len 100 > msg_controllen\n");
		CHECK(sendmsg(dv[0], &mh, 0));
		cm->cmsg_len = CMSG_LEN(sizeof(int)); *(int *)CMSG_DATA(cm) = 999;
		printf("# SCM_RIGHTS fd 999\n");
		CHECK(sendmsg(dv[0], &mh, 0));
		*(int *)CMSG_DATA(cm) = 1;               /* stdout: any fd can be passed */
		printf("# SCM_RIGHTS fd 1\n");
		CHECK(sendmsg(dv[0], &mh, 0));
		cm->cmsg_level = IPPROTO_IP;             /* not SOL_SOCKET: ignored by AF_UNIX */
		printf("# cmsg_level IPPROTO_IP\n");
		CHECK(sendmsg(dv[0], &mh, 0));
		cm->cmsg_len = CMSG_LEN(0);
		cm->cmsg_level = SOL_SOCKET;
		printf("# SCM_RIGHTS with no fds\n");
		CHECK(sendmsg(dv[0], &mh, 0));
	}
	mh.msg_control = NULL; mh.msg_controllen = 0;
	for (i = 0; recv(dv[1], buf, sizeof buf, MSG_DONTWAIT) >= 0; i++)
		;
	printf("datagrams queued: %d\n", i);

	SECTION("SCM_RIGHTS over a stream socketpair");
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, xp));
	fds[0] = xp[0];
	CHECK(send_fds(sv[0], fds, 1, "fd!"));
	recv_fds(sv[1], 64, 0);
	CHECK(send(9, "through", 7, 0));       /* fd 9 is the received copy of xp[0] */
	CHECK(recv(xp[1], buf, sizeof buf, 0));
	show_buf("xp1 got", buf, 7);
	show_flags("received fd", 9);
	CHECK(close(9));

	SECTION("two fds, MSG_CMSG_CLOEXEC");
	fds[0] = xp[0]; fds[1] = dv[0];
	CHECK(send_fds(sv[0], fds, 2, "two"));
	recv_fds(sv[1], 64, MSG_CMSG_CLOEXEC);
	show_flags("fd 9", 9);
	show_flags("fd 10", 10);
	CHECK(close(9)); CHECK(close(10));

	SECTION("control buffer too small: MSG_CTRUNC, fds not installed");
	fds[0] = xp[0]; fds[1] = xp[1];
	CHECK(send_fds(sv[0], fds, 2, "trunc"));
	recv_fds(sv[1], CMSG_SPACE(sizeof(int)), 0);
	CHECK(fcntl(10, F_GETFD));
	CHECK(close(9));
	CHECK(send_fds(sv[0], fds, 1, "none"));
	recv_fds(sv[1], 0, 0);
	CHECK(fcntl(9, F_GETFD));

	SECTION("stream reads stop after a message that carried fds");
	CHECK(send(sv[0], "plain", 5, 0));
	CHECK(send_fds(sv[0], fds, 1, "withfd"));
	CHECK(send(sv[0], "after", 5, 0));
	recv_fds(sv[1], 64, MSG_DONTWAIT);
	recv_fds(sv[1], 64, MSG_DONTWAIT);
	recv_fds(sv[1], 64, MSG_DONTWAIT);
	CHECK(close(9));

	SECTION("passing the socket's own peer, then closing everything");
	fds[0] = sv[1];
	CHECK(send_fds(sv[0], fds, 1, "self"));
	CHECK(close(sv[0])); CHECK(close(sv[1]));
	CHECK(close(xp[0])); CHECK(close(xp[1]));

	SECTION("sendmmsg/recvmmsg on a datagram socketpair");
	memset(mm, 0, sizeof mm);
	{
		static const char *words[4] = { "alpha", "be", "", "gamma-delta" };
		static struct iovec wi[4];
		for (i = 0; i < 4; i++) {
			wi[i].iov_base = (void *)words[i]; wi[i].iov_len = strlen(words[i]);
			mm[i].msg_hdr.msg_iov = &wi[i]; mm[i].msg_hdr.msg_iovlen = 1;
		}
		CHECK(sendmmsg(dv[0], mm, 4, 0));
		for (i = 0; i < 4; i++)
			printf("msg_len[%d] = %u\n", i, mm[i].msg_len);
	}
	{
		static char rb[4][8];
		static struct iovec ri[4];
		memset(mm, 0, sizeof mm);
		for (i = 0; i < 4; i++) {
			ri[i].iov_base = rb[i]; ri[i].iov_len = sizeof rb[i];
			mm[i].msg_hdr.msg_iov = &ri[i]; mm[i].msg_hdr.msg_iovlen = 1;
		}
		CHECK(recvmmsg(dv[1], mm, 3, MSG_DONTWAIT, NULL));
		for (i = 0; i < 3; i++) {
			printf("[%d] len %u ", i, mm[i].msg_len);
			show_msg_flags("flags", mm[i].msg_hdr.msg_flags);
		}
		CHECK(recvmmsg(dv[1], mm, 4, MSG_DONTWAIT, NULL));
		printf("[0] len %u ", mm[0].msg_len);
		show_msg_flags("flags", mm[0].msg_hdr.msg_flags);
		show_buf("[0] data", rb[0], 8);
		CHECK(recvmmsg(dv[1], mm, 4, MSG_DONTWAIT, NULL));
		CHECK(recvmmsg(dv[1], mm, 0, MSG_DONTWAIT, NULL));
		CHECK(sendmmsg(dv[0], mm, 0, 0));
		CHECK(send(dv[0], "one", 3, 0));
		CHECK(recvmmsg(dv[1], mm, 4, MSG_WAITFORONE, NULL));
	}
	CHECK(close(dv[0]));
	CHECK(sendmmsg(dv[1], mm, 1, MSG_NOSIGNAL));
	CHECK(close(dv[1]));
	return 0;
}
