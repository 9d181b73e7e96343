/* errors_badfd.c - every socket call, and read/write/readv/writev/close/
 * fcntl/ioctl, on descriptors that are not sockets: -1, 999, a just-closed
 * descriptor (EBADF), and fd 1, stdout, which is never a socket (ENOTSOCK
 * for socket calls).  Then the order of checks when the descriptor AND a
 * pointer or length are bad at the same time. */
#include "common.h"

static void all_calls(int fd)
{
	struct sockaddr_un a;
	socklen_t len = sizeof a;
	char buf[8];
	int v = 0;
	struct msghdr mh;
	struct mmsghdr mm;
	struct iovec iov = { buf, sizeof buf };

	memset(&mh, 0, sizeof mh);
	mh.msg_iov = &iov; mh.msg_iovlen = 1;
	memset(&mm, 0, sizeof mm);
	mm.msg_hdr = mh;
	un_abstract(&a, "int80-badfd");

	printf("== fd %d\n", fd);
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof(sa_family_t) + 4));
	CHECK(connect(fd, (struct sockaddr *)&a, sizeof(sa_family_t) + 4));
	CHECK(listen(fd, 1));
	CHECK(accept(fd, (struct sockaddr *)&a, &len));
	CHECK(accept(fd, NULL, NULL));
	CHECK(accept4(fd, NULL, NULL, SOCK_CLOEXEC));
	CHECK(getsockname(fd, (struct sockaddr *)&a, &len));
	CHECK(getpeername(fd, (struct sockaddr *)&a, &len));
	CHECK(send(fd, "x", 1, MSG_NOSIGNAL));
	CHECK(recv(fd, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(sendto(fd, "x", 1, MSG_NOSIGNAL, (struct sockaddr *)&a, sizeof(sa_family_t) + 4));
	CHECK(recvfrom(fd, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&a, &len));
	CHECK(shutdown(fd, SHUT_RDWR));
	CHECK(setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof v));
	CHECK(getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len));
	CHECK(sendmsg(fd, &mh, MSG_NOSIGNAL));
	CHECK(recvmsg(fd, &mh, MSG_DONTWAIT));
	CHECK(sendmmsg(fd, &mm, 1, MSG_NOSIGNAL));
	CHECK(recvmmsg(fd, &mm, 1, MSG_DONTWAIT, NULL));
	if (fd == 1)
		return;         /* the rest works on stdout; do not disturb it */
	CHECK(read(fd, buf, sizeof buf));
	CHECK(write(fd, "x", 1));
	CHECK(readv(fd, &iov, 1));
	CHECK(writev(fd, &iov, 1));
	CHECK(fcntl(fd, F_GETFL));
	CHECK(fcntl(fd, F_SETFL, O_NONBLOCK));
	CHECK(fcntl(fd, F_GETFD));
	CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC));
	CHECK(ioctl(fd, FIONBIO, &v));
	CHECK(ioctl(fd, FIONREAD, &v));
	CHECK(close(fd));
}

int main(void)
{
	int s;
	struct sockaddr_un a;
	socklen_t len = sizeof a;
	char buf[8];

	setvbuf(stdout, NULL, _IONBF, 0);

	all_calls(-1);
	all_calls(999);
	all_calls(1);
	s = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(close(s));
	all_calls(s);
	all_calls(-1000000);

	/* Which error wins when the descriptor is bad and so is an argument?
	 * Linux looks up the fd first for most calls, but connect copies the
	 * address in before it checks that the file is a socket, and
	 * sendto/recvfrom check the buffer range before the fd. */
	SECTION("bad fd and bad pointer");
	CHECK(bind(-1, BADPTR1, 16));
	CHECK(bind(1, BADPTR1, 16));
	CHECK(bind(-1, (struct sockaddr *)&a, 1000));
	CHECK(bind(1, (struct sockaddr *)&a, 1000));
	CHECK(connect(-1, BADPTR1, 16));
	CHECK(connect(1, BADPTR1, 16));
	CHECK(connect(-1, (struct sockaddr *)&a, 1000));
	CHECK(connect(1, (struct sockaddr *)&a, 1000));
	CHECK(accept(-1, BADPTR1, &len));
	CHECK(accept(1, BADPTR1, BADPTR1));
	CHECK(getsockname(-1, BADPTR1, BADPTR1));
	CHECK(getsockname(1, BADPTR1, BADPTR1));
	CHECK(getpeername(1, BADPTR1, BADPTR1));
	CHECK(send(-1, BADPTR1, 16, 0));
	CHECK(send(1, BADPTR1, 16, 0));
	CHECK(send(-1, BADPTR2, 16, 0));
	CHECK(send(1, BADPTR2, 16, 0));
	CHECK(recv(-1, BADPTR2, 16, 0));
	CHECK(recv(1, BADPTR2, 16, 0));
	CHECK(sendto(-1, buf, 1, 0, BADPTR1, 16));
	CHECK(sendto(1, buf, 1, 0, BADPTR1, 16));
	CHECK(sendto(1, buf, 1, 0, (struct sockaddr *)&a, 1000));
	CHECK(recvfrom(-1, buf, 1, 0, BADPTR1, BADPTR1));
	CHECK(setsockopt(-1, SOL_SOCKET, SO_KEEPALIVE, BADPTR1, 4));
	CHECK(setsockopt(1, SOL_SOCKET, SO_KEEPALIVE, BADPTR1, 4));
	CHECK(setsockopt(1, SOL_SOCKET, SO_KEEPALIVE, buf, -1));
	CHECK(getsockopt(-1, SOL_SOCKET, SO_TYPE, BADPTR1, BADPTR1));
	CHECK(getsockopt(1, SOL_SOCKET, SO_TYPE, BADPTR1, BADPTR1));
	CHECK(sendmsg(-1, BADPTR1, 0));
	CHECK(sendmsg(1, BADPTR1, 0));
	CHECK(recvmsg(-1, BADPTR1, 0));
	CHECK(recvmsg(1, BADPTR1, 0));
	CHECK(sendmmsg(-1, BADPTR1, 1, 0));
	CHECK(sendmmsg(1, BADPTR1, 1, 0));
	CHECK(recvmmsg(-1, BADPTR1, 1, 0, NULL));
	CHECK(recvmmsg(1, BADPTR1, 1, 0, NULL));
	CHECK(read(-1, BADPTR1, 16));
	CHECK(write(-1, BADPTR1, 16));
	CHECK(ioctl(-1, FIONREAD, BADPTR1));

	SECTION("bad fd and bad flags / how");
	CHECK(shutdown(-1, 99));
	CHECK(shutdown(1, 99));
	CHECK(accept4(-1, NULL, NULL, 0x100));
	CHECK(accept4(1, NULL, NULL, 0x100));
	CHECK(listen(1, -1));
	CHECK(fcntl(-1, 12345));
	CHECK(send(-1, buf, 1, 0xffff0000));
	CHECK(recvmmsg(-1, NULL, 0, 0, NULL));
	CHECK(sendmmsg(-1, NULL, 0, 0));
	return 0;
}
