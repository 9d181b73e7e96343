/* hostile.c - answers to careless or hostile arguments that must be Linux's
 * (issue #11): an unknown syscall number, raw sockets without a protocol,
 * SO_BINDTODEVICE, an over-long msg_namelen, control data bounded by
 * optmem_max (net.core.optmem_max = 131072 on the reference machine) before
 * anything is allocated, and every guest-sized count checked against Linux's
 * limits (UIO_MAXIOV, RLIMIT_NOFILE for poll, max_fds for select,
 * sockaddr_storage, EP_MAX_EVENTS) before the kernel allocates for it. */
#include "common.h"
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>

#define NR_epoll_pwait 319

/* room for 10000 empty control messages (12 bytes each on i386) */
static unsigned int ctl[30000];
static struct pollfd pfds[1100];
static struct iovec iovs[1100];

static void fill_cmsgs(int n, int type)
{
	int i;
	for (i = 0; i < n; i++) {
		ctl[3 * i] = 12;                /* cmsg_len: a header without data */
		ctl[3 * i + 1] = SOL_SOCKET;
		ctl[3 * i + 2] = type;
	}
}

/* sizes hidden from gcc's object-size checks */
static volatile int n_neg = -1, n_max = 0x7fffffff, n_epmax = 0x7fffffff / 12 + 1, n_pollbig = 0x40000000;

int main(void)
{
	int s, u, sv[2], ep, i, ifindex;
	char name[32], c = 'x', buf[64];
	socklen_t len;
	struct msghdr mh;
	struct iovec iov;
	struct sockaddr_in sin;
	struct sockaddr_storage big[2];
	struct epoll_event ev, evs[2];
	struct timeval tv;
	fd_set rfds;
	unsigned long long sigmask = 0;

	setvbuf(stdout, NULL, _IONBF, 0);

	SECTION("syscall numbers");
	CHECK(syscall(-1));
	CHECK(syscall(-2));
	CHECK(syscall(100000));

	SECTION("raw sockets");
	CHECK(socket(AF_INET, SOCK_RAW, 0));
	CHECK(socket(AF_INET, SOCK_RAW, -1));

	SECTION("SO_BINDTODEVICE");
	u = CHECK(socket(AF_INET, SOCK_DGRAM, 0));
	CHECK(setsockopt(u, SOL_SOCKET, SO_BINDTODEVICE, "nosuchdev", 10));
	CHECK(setsockopt(u, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3));
	len = 8;                                /* shorter than IFNAMSIZ */
	CHECK(getsockopt(u, SOL_SOCKET, SO_BINDTODEVICE, name, &len));
	len = sizeof ifindex;
	CHECK(getsockopt(u, SOL_SOCKET, 62 /* SO_BINDTOIFINDEX */, &ifindex, &len));
	printf("ifindex %d\n", ifindex);
	memset(name, 0, sizeof name);
	CHECK(setsockopt(u, SOL_SOCKET, SO_BINDTODEVICE, name, 0));
	len = sizeof name;
	CHECK(getsockopt(u, SOL_SOCKET, SO_BINDTODEVICE, name, &len));
	printf("len %d\n", (int)len);
	/* a long optlen is clamped to IFNAMSIZ - 1 before the copy */
	strcpy(name, "lo");
	CHECK(setsockopt(u, SOL_SOCKET, SO_BINDTODEVICE, name, 1 << 30));

	SECTION("msg_namelen");
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s = CHECK(socket(AF_INET, SOCK_DGRAM, 0));
	CHECK(bind(s, (struct sockaddr *)&sin, sizeof sin));
	len = sizeof sin;
	CHECK(getsockname(s, (struct sockaddr *)&sin, &len));
	memset(big, 0, sizeof big);
	memcpy(big, &sin, sizeof sin);
	iov.iov_base = &c;
	iov.iov_len = 1;
	memset(&mh, 0, sizeof mh);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_name = big;
	mh.msg_namelen = 200;                   /* clamped to sizeof(sockaddr_storage) */
	CHECK(sendmsg(u, &mh, 0));
	CHECK(recv(s, buf, sizeof buf, MSG_DONTWAIT));
	mh.msg_namelen = -1;
	CHECK(sendmsg(u, &mh, 0));
	mh.msg_name = NULL;                     /* no name: the length is not looked at */
	CHECK(connect(u, (struct sockaddr *)&sin, sizeof sin));
	CHECK(sendmsg(u, &mh, 0));
	CHECK(recv(s, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(bind(u, (struct sockaddr *)big, 129));
	CHECK(connect(u, (struct sockaddr *)big, -1));
	CHECK(sendto(u, "x", 1, 0, (struct sockaddr *)big, 129));

	SECTION("control data bounded by optmem_max");
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	memset(&mh, 0, sizeof mh);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl;
	fill_cmsgs(10000, 99);                  /* 10000 * 16 kernel bytes > 131072 */
	mh.msg_controllen = 120000;
	CHECK(sendmsg(sv[0], &mh, 0));
	mh.msg_controllen = 7500 * 12;          /* under the bound: then the type is wrong */
	CHECK(sendmsg(sv[0], &mh, 0));
	/* Bogus headers, lengths over INT_MAX and buffers shorter than a header
	 * are checked in tests/host/hostile.test.js: qemu-user, which runs this
	 * program on kernels without ia32 emulation, translates control data
	 * itself and crashes or answers differently on them. */
	CHECK(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));

	SECTION("datagrams beyond one kmalloc (SO_SNDBUFFORCE)");
	{
		static char huge[4400000];
		int v = 64 << 20, d[2];
		CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, d));
		CHECK(setsockopt(d[0], SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof v));
		CHECK(setsockopt(d[1], SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof v));
		CHECK(send(d[0], huge, 4259840, MSG_DONTWAIT));      /* 4 MiB linear + 16 pages */
		CHECK(recv(d[1], huge, sizeof huge, 0));
		CHECK(send(d[0], huge, 4394304, MSG_DONTWAIT));      /* the linear part would pass 4 MiB */
		v = 0x7fffffff;
		CHECK(setsockopt(d[0], SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof v));
		CHECK(send(d[0], huge, sizeof huge, MSG_DONTWAIT));
		close(d[0]);
		close(d[1]);
	}

	SECTION("iovec counts (UIO_MAXIOV)");
	for (i = 0; i < 1100; i++) {
		iovs[i].iov_base = &c;
		iovs[i].iov_len = 1;
	}
	CHECK(writev(sv[0], iovs, 1024));
	CHECK(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
	CHECK(writev(sv[0], iovs, 1025));
	CHECK(writev(sv[0], iovs, n_neg));
	CHECK(readv(sv[1], iovs, 1025));

	SECTION("mmsg vectors (vlen clamped to UIO_MAXIOV)");
	{
		static struct mmsghdr mm[1100];
		for (i = 0; i < 3; i++) {
			mm[i].msg_hdr.msg_iov = &iov;
			mm[i].msg_hdr.msg_iovlen = 1;
		}
		mm[2].msg_hdr.msg_iov = BADPTR1;        /* the third faults */
		CHECK(sendmmsg(sv[0], mm, 0x7fffffff, 0));
		mm[2].msg_hdr.msg_iov = &iov;
		CHECK(recvmmsg(sv[1], mm, 0xffffffffu, MSG_DONTWAIT, NULL));
	}

	SECTION("poll and select sizes");
	for (i = 0; i < 1100; i++)
		pfds[i].fd = -1;
	CHECK(poll(pfds, 1024, 0));             /* RLIMIT_NOFILE is 1024 */
	CHECK(poll(pfds, 1025, 0));
	CHECK(poll(pfds, n_max, 0));
	CHECK(poll(badptr(0), n_pollbig, 0));
	tv.tv_sec = 0;
	tv.tv_usec = 0;
	CHECK(select(1 << 30, NULL, NULL, NULL, &tv));  /* n is clamped to max_fds */
	CHECK(select(-1, NULL, NULL, NULL, &tv));
	CHECK(write(sv[0], "r", 1));
	FD_ZERO(&rfds);
	FD_SET(sv[1], &rfds);
	tv.tv_sec = 0;
	tv.tv_usec = -1;
	CHECK(select(sv[1] + 1, &rfds, NULL, NULL, &tv));

	SECTION("epoll sizes and signal masks");
	ep = CHECK(epoll_create1(0));
	ev.events = EPOLLIN;
	ev.data.u64 = 7;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev));
	CHECK(epoll_wait(ep, evs, n_max, 0));
	CHECK(epoll_wait(ep, evs, n_epmax, 0));
	CHECK(syscall(NR_epoll_pwait, ep, evs, 2, 0, &sigmask, 8));
	CHECK(syscall(NR_epoll_pwait, ep, evs, 2, 0, BADPTR1, 8));
	CHECK(syscall(NR_epoll_pwait, ep, evs, 2, 0, &sigmask, 4));
	CHECK(syscall(NR_epoll_pwait, ep, evs, 2, 0, NULL, 4));
	return 0;
}
