/* scm_cycles.c - SCM_RIGHTS cycles nobody can receive: a socket sent over itself
 * and closed, and rings of three; unix_gc must free them (the host test checks the
 * kernel heap after exit). argv[1]: how many of each. */
#include <sys/socket.h>
#include <sys/uio.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int send_fd(int via, int fd)
{
	char c = 'x', ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &c, 1 };
	struct msghdr mh;
	struct cmsghdr *cm;
	memset(&mh, 0, sizeof mh);
	memset(ctl, 0, sizeof ctl);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl;
	mh.msg_controllen = sizeof ctl;
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	return sendmsg(via, &mh, 0);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 100, i, sv[2], a[2], b[2], c[2], fails = 0;
	for (i = 0; i < n; i++) {
		/* sv[0] travels to its own receive queue (sent by sv[1]) */
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) { perror("socketpair"); return 1; }
		if (send_fd(sv[1], sv[0]) < 0) fails++;
		close(sv[0]);
		close(sv[1]);
		/* a ring of datagram sockets: a holds b, b holds c, c holds a */
		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, a) < 0 || socketpair(AF_UNIX, SOCK_DGRAM, 0, b) < 0 ||
		    socketpair(AF_UNIX, SOCK_DGRAM, 0, c) < 0) { perror("socketpair"); return 1; }
		if (send_fd(a[1], b[0]) < 0 || send_fd(b[1], c[0]) < 0 || send_fd(c[1], a[0]) < 0) fails++;
		close(a[0]); close(a[1]); close(b[0]); close(b[1]); close(c[0]); close(c[1]);
	}
	/* one that stays reachable: received back after the gc ran */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	socketpair(AF_UNIX, SOCK_STREAM, 0, a);
	send_fd(a[1], sv[0]);
	close(sv[0]);
	close(sv[1]);   /* runs unix_gc: sv[0] is in flight but a[0] can still receive it */
	{
		char ch, ctl[CMSG_SPACE(sizeof(int))];
		struct iovec iov = { &ch, 1 };
		struct msghdr mh;
		int fd = -1;
		memset(&mh, 0, sizeof mh);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctl;
		mh.msg_controllen = sizeof ctl;
		if (recvmsg(a[0], &mh, 0) == 1 && CMSG_FIRSTHDR(&mh))
			memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&mh)), sizeof fd);
		printf("received back: %s\n", fd >= 0 ? "yes" : "no");
	}
	printf("%d cycles, %d failed sends\n", n, fails);
	return 0;
}
