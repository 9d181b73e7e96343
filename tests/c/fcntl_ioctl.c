/* fcntl_ioctl.c - file-level operations on sockets: fcntl F_GETFL/F_SETFL
 * (O_NONBLOCK on and off, access mode unchangeable), F_GETFD/F_SETFD
 * (FD_CLOEXEC), ioctl FIONBIO and FIONREAD (stream, dgram, seqpacket,
 * listener), unknown ioctls, and how O_NONBLOCK changes recv/send/accept. */
#include "common.h"

static char big[65536];

int main(void)
{
	int sv[2], dv[2], l, c, v, n;
	long r;
	struct sockaddr_un a;
	socklen_t alen;
	char buf[16];

	setvbuf(stdout, NULL, _IONBF, 0);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));

	SECTION("fcntl F_GETFL / F_SETFL");
	show_flags("initial", sv[0]);
	CHECK(fcntl(sv[0], F_SETFL, O_NONBLOCK));
	show_flags("after F_SETFL O_NONBLOCK", sv[0]);
	show_flags("peer unaffected", sv[1]);
	CHECK(recv(sv[0], buf, sizeof buf, 0));
	CHECK(read(sv[0], buf, sizeof buf));
	CHECK(fcntl(sv[0], F_SETFL, 0));
	show_flags("after F_SETFL 0", sv[0]);
	CHECK(fcntl(sv[0], F_SETFL, O_RDONLY | O_NONBLOCK));
	show_flags("O_RDONLY is ignored", sv[0]);
	CHECK(fcntl(sv[0], F_SETFL, O_WRONLY));
	show_flags("O_WRONLY is ignored", sv[0]);
	CHECK(recv(sv[0], buf, sizeof buf, MSG_DONTWAIT));

	SECTION("fcntl F_GETFD / F_SETFD");
	CHECK(fcntl(sv[0], F_GETFD));
	CHECK(fcntl(sv[0], F_SETFD, FD_CLOEXEC));
	CHECK(fcntl(sv[0], F_GETFD));
	show_flags("cloexec", sv[0]);
	CHECK(fcntl(sv[0], F_SETFD, 0));
	CHECK(fcntl(sv[0], F_GETFD));
	v = CHECK(dup(sv[0]));
	CHECK(fcntl(sv[0], F_SETFD, FD_CLOEXEC));
	show_flags("dup does not share FD_CLOEXEC", v);
	CHECK(fcntl(v, F_SETFL, O_NONBLOCK));
	show_flags("but shares O_NONBLOCK", sv[0]);
	CHECK(send(v, "dup", 3, 0));
	CHECK(recv(sv[1], buf, sizeof buf, 0));
	CHECK(close(v));
	CHECK(fcntl(sv[0], F_SETFL, 0));
	CHECK(fcntl(sv[0], F_SETFD, 0));

	SECTION("ioctl FIONBIO");
	v = 1;
	CHECK(ioctl(sv[0], FIONBIO, &v));
	show_flags("FIONBIO 1", sv[0]);
	CHECK(recv(sv[0], buf, sizeof buf, 0));
	v = 42;
	CHECK(ioctl(sv[0], FIONBIO, &v));
	show_flags("FIONBIO 42", sv[0]);
	v = 0;
	CHECK(ioctl(sv[0], FIONBIO, &v));
	show_flags("FIONBIO 0", sv[0]);

	SECTION("ioctl FIONREAD");
	CHECK(ioctl(sv[1], FIONREAD, &v)); printf("FIONREAD %d\n", v);
	CHECK(send(sv[0], "hello", 5, 0));
	CHECK(send(sv[0], "world", 5, 0));
	CHECK(ioctl(sv[1], FIONREAD, &v)); printf("FIONREAD %d\n", v);
	CHECK(recv(sv[1], buf, 3, 0));
	CHECK(ioctl(sv[1], FIONREAD, &v)); printf("FIONREAD %d\n", v);
	CHECK(recv(sv[1], buf, sizeof buf, 0));
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, dv));
	CHECK(ioctl(dv[1], FIONREAD, &v)); printf("dgram FIONREAD %d\n", v);
	CHECK(send(dv[0], "abc", 3, 0));
	CHECK(send(dv[0], "defgh", 5, 0));
	CHECK(ioctl(dv[1], FIONREAD, &v)); printf("dgram FIONREAD %d (next datagram)\n", v);
	CHECK(recv(dv[1], buf, sizeof buf, 0));
	CHECK(ioctl(dv[1], FIONREAD, &v)); printf("dgram FIONREAD %d\n", v);
	CHECK(recv(dv[1], buf, sizeof buf, 0));
	CHECK(ioctl(dv[0], FIONREAD, &v)); printf("dgram FIONREAD (sender) %d\n", v);
	CHECK(ioctl(sv[1], TIOCOUTQ, &v));
	CHECK(send(sv[1], "queued", 6, 0));
	/* unread bytes counted as skb truesize: print only that it is nonzero */
	CHECK(ioctl(sv[1], TIOCOUTQ, &v)); printf("SIOCOUTQ %s\n", v > 0 ? "> 0" : "0");
	CHECK(recv(sv[0], buf, sizeof buf, 0));
	CHECK(ioctl(sv[1], TIOCOUTQ, &v)); printf("SIOCOUTQ %d\n", v);

	SECTION("ioctl on a listener and unknown requests");
	alen = un_abstract(&a, "int80-fcntl");
	l = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(bind(l, (struct sockaddr *)&a, alen));
	CHECK(listen(l, 1));
	CHECK(ioctl(l, FIONREAD, &v));
	CHECK(ioctl(sv[0], 0x12345678, &v));
	CHECK(ioctl(sv[0], TCGETS, buf));
	CHECK(ioctl(sv[0], FIONBIO, NULL));

	SECTION("O_NONBLOCK on a listener");
	CHECK(fcntl(l, F_SETFL, O_NONBLOCK));
	CHECK(accept(l, NULL, NULL));
	c = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(connect(c, (struct sockaddr *)&a, alen));
	v = CHECK(accept(l, NULL, NULL));
	show_flags("accepted (no inheritance of O_NONBLOCK)", v);
	CHECK(close(v)); CHECK(close(c)); CHECK(close(l));

	SECTION("O_NONBLOCK send on a full stream");
	CHECK(fcntl(sv[0], F_SETFL, O_NONBLOCK));
	for (n = 0; n < 1000; n++) {
		r = send(sv[0], big, sizeof big, 0);
		if (r < 0)
			break;
	}
	printf("send until failure: %s (after some sends: %s)\n", errname(errno), n > 0 ? "yes" : "no");
	CHECK(write(sv[0], "x", 1));
	CHECK(send(sv[0], "x", 1, MSG_DONTWAIT));
	CHECK(fcntl(sv[0], F_SETFL, 0));
	CHECK(send(sv[0], "x", 1, MSG_DONTWAIT));
	CHECK(recv(sv[1], big, 1, 0));
	CHECK(close(sv[0])); CHECK(close(sv[1]));
	CHECK(close(dv[0])); CHECK(close(dv[1]));
	return 0;
}
