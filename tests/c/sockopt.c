/* sockopt.c - SOL_SOCKET options on AF_UNIX: read-only identity options
 * (SO_TYPE, SO_DOMAIN, SO_PROTOCOL, SO_ACCEPTCONN), SO_ERROR (read and
 * clear), buffer sizes (default, doubling, minimum, maximum), boolean
 * options, SO_LINGER, SO_RCVTIMEO/SO_SNDTIMEO (i386 8-byte timeval, and the
 * 16-byte _NEW variants), SO_PEERCRED, optlen handling and errors. */
#include <sys/time.h>
#include "common.h"

/* i386 option numbers, spelled out so the libc's time_t does not matter. */
#define OPT_RCVTIMEO_OLD 20
#define OPT_SNDTIMEO_OLD 21
#define OPT_RCVTIMEO_NEW 66
#define OPT_SNDTIMEO_NEW 67

struct tv32 { int32_t sec; int32_t usec; };
struct tv64 { int64_t sec; int64_t usec; };
struct cred32 { int32_t pid; uint32_t uid; uint32_t gid; };

static int s;   /* the socket under test */

static void geti(const char *name, int opt)
{
	int v = -12345;
	socklen_t len = sizeof v;
	errno = 0;
	if (getsockopt(s, SOL_SOCKET, opt, &v, &len) < 0)
		printf("get %s -> -1 %s\n", name, errname(errno));
	else if (opt == SO_ERROR)
		printf("get %s -> %s (len %u)\n", name, errname(v), (unsigned)len);
	else
		printf("get %s -> %d (len %u)\n", name, v, (unsigned)len);
}

static void seti(const char *name, int opt, int v)
{
	errno = 0;
	printf("set %s %d -> %s\n", name, v,
	       setsockopt(s, SOL_SOCKET, opt, &v, sizeof v) < 0 ? errname(errno) : "0");
}

static void capped(int opt)
{
	int v = 0;
	socklen_t len = sizeof v;
	getsockopt(s, SOL_SOCKET, opt, &v, &len);
	printf("  capped: %s\n", v >= 2 * 212992 && v < (1 << 30) ? "yes" : "no");
}

#define GET(opt) geti(#opt, opt)
#define SET(opt, v) seti(#opt, opt, v)

int main(void)
{
	int l, c, a, sv[2], v;
	socklen_t len;
	struct linger lg;
	struct tv32 t32;
	struct tv64 t64;
	struct cred32 cr;
	struct sockaddr_un addr;
	socklen_t alen;
	char buf[32];

	setvbuf(stdout, NULL, _IONBF, 0);

	SECTION("identity options");
	alen = un_abstract(&addr, "int80-sockopt");
	s = l = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	GET(SO_TYPE); GET(SO_DOMAIN); GET(SO_PROTOCOL); GET(SO_ACCEPTCONN); GET(SO_ERROR);
	CHECK(bind(l, (struct sockaddr *)&addr, alen));
	CHECK(listen(l, 1));
	GET(SO_ACCEPTCONN);
	SET(SO_ACCEPTCONN, 0); SET(SO_TYPE, SOCK_DGRAM); SET(SO_DOMAIN, 2); SET(SO_PROTOCOL, 0);
	SET(SO_ERROR, 0);
	s = CHECK(socket(AF_UNIX, SOCK_DGRAM, PF_UNIX));
	GET(SO_TYPE); GET(SO_DOMAIN); GET(SO_PROTOCOL);
	CHECK(close(s));
	s = CHECK(socket(AF_UNIX, SOCK_SEQPACKET, 0));
	GET(SO_TYPE);
	CHECK(close(s));

	SECTION("buffer sizes");
	s = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	GET(SO_SNDBUF); GET(SO_RCVBUF);
	SET(SO_SNDBUF, 4096); GET(SO_SNDBUF);
	SET(SO_RCVBUF, 4096); GET(SO_RCVBUF);
	SET(SO_SNDBUF, 1); GET(SO_SNDBUF);
	SET(SO_RCVBUF, 1); GET(SO_RCVBUF);
	SET(SO_SNDBUF, 0); GET(SO_SNDBUF);
	SET(SO_RCVBUF, 0); GET(SO_RCVBUF);
	SET(SO_SNDBUF, 2304); GET(SO_SNDBUF);
	SET(SO_SNDBUF, 2305); GET(SO_SNDBUF);
	SET(SO_RCVBUF, 1152); GET(SO_RCVBUF);
	SET(SO_RCVBUF, 1153); GET(SO_RCVBUF);
	/* Large values are capped at 2 * net.core.{w,r}mem_max, a sysctl that
	 * differs between machines: print only that the cap applied. */
	SET(SO_SNDBUF, 1 << 30); capped(SO_SNDBUF);
	SET(SO_RCVBUF, 1 << 30); capped(SO_RCVBUF);
	SET(SO_SNDBUF, -1); capped(SO_SNDBUF);
	SET(SO_RCVBUF, -1); capped(SO_RCVBUF);
	SET(SO_SNDBUF, 212992); GET(SO_SNDBUF);

	SECTION("boolean and integer options");
	GET(SO_REUSEADDR); SET(SO_REUSEADDR, 1); GET(SO_REUSEADDR);
	SET(SO_REUSEADDR, 7); GET(SO_REUSEADDR); SET(SO_REUSEADDR, 0); GET(SO_REUSEADDR);
	GET(SO_KEEPALIVE); SET(SO_KEEPALIVE, 5); GET(SO_KEEPALIVE);
	GET(SO_BROADCAST); SET(SO_BROADCAST, 1); GET(SO_BROADCAST);
	GET(SO_DONTROUTE); SET(SO_DONTROUTE, 1); GET(SO_DONTROUTE);
	GET(SO_OOBINLINE); SET(SO_OOBINLINE, 1); GET(SO_OOBINLINE);
	GET(SO_PASSCRED); SET(SO_PASSCRED, 1); GET(SO_PASSCRED);
	GET(SO_REUSEPORT); SET(SO_REUSEPORT, 1); GET(SO_REUSEPORT);
	GET(SO_PRIORITY); SET(SO_PRIORITY, 3); GET(SO_PRIORITY);
	GET(SO_RCVLOWAT); SET(SO_RCVLOWAT, 5); GET(SO_RCVLOWAT);
	SET(SO_RCVLOWAT, 0); GET(SO_RCVLOWAT);
	GET(SO_SNDLOWAT); SET(SO_SNDLOWAT, 5); GET(SO_SNDLOWAT);

	SECTION("SO_LINGER");
	len = sizeof lg;
	memset(&lg, 0x55, sizeof lg);
	CHECK(getsockopt(s, SOL_SOCKET, SO_LINGER, &lg, &len));
	printf("linger {%d, %d} len %u\n", lg.l_onoff, lg.l_linger, (unsigned)len);
	lg.l_onoff = 1; lg.l_linger = 7;
	CHECK(setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
	CHECK(getsockopt(s, SOL_SOCKET, SO_LINGER, &lg, &len));
	printf("linger {%d, %d} len %u\n", lg.l_onoff, lg.l_linger, (unsigned)len);
	lg.l_onoff = 0; lg.l_linger = 3;
	CHECK(setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
	CHECK(getsockopt(s, SOL_SOCKET, SO_LINGER, &lg, &len));
	printf("linger {%d, %d} len %u\n", lg.l_onoff, lg.l_linger, (unsigned)len);
	CHECK(setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg - 1));
	CHECK(setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(int)));

	SECTION("SO_RCVTIMEO / SO_SNDTIMEO (old, 8 bytes on i386)");
	len = sizeof t32;
	CHECK(getsockopt(s, SOL_SOCKET, OPT_RCVTIMEO_OLD, &t32, &len));
	printf("rcvtimeo {%d, %d} len %u\n", t32.sec, t32.usec, (unsigned)len);
	t32.sec = 2; t32.usec = 500000;
	CHECK(setsockopt(s, SOL_SOCKET, OPT_RCVTIMEO_OLD, &t32, sizeof t32));
	CHECK(getsockopt(s, SOL_SOCKET, OPT_RCVTIMEO_OLD, &t32, &len));
	printf("rcvtimeo {%d, %d} len %u\n", t32.sec, t32.usec, (unsigned)len);
	t32.sec = 0; t32.usec = 200000;
	CHECK(setsockopt(s, SOL_SOCKET, OPT_SNDTIMEO_OLD, &t32, sizeof t32));
	{
		/* the program's own struct timeval, whatever its size (16 bytes under a
		 * 64-bit time_t libc, 8 with glibc -m32): the libc converts */
		struct timeval tv = { 0, 0 };
		len = sizeof tv;
		CHECK(getsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, &len));
		printf("sndtimeo {%ld, %ld} len is sizeof(struct timeval): %s\n", (long)tv.tv_sec,
		       (long)tv.tv_usec, len == sizeof tv ? "yes" : "no");
	}
	t32.sec = 1; t32.usec = 1000000;
	CHECK(setsockopt(s, SOL_SOCKET, OPT_RCVTIMEO_OLD, &t32, sizeof t32));
	t32.sec = 1; t32.usec = -1;
	CHECK(setsockopt(s, SOL_SOCKET, OPT_RCVTIMEO_OLD, &t32, sizeof t32));
	CHECK(setsockopt(s, SOL_SOCKET, OPT_RCVTIMEO_OLD, &t32, sizeof t32 - 1));
	t32.sec = -5; t32.usec = 0;
	CHECK(setsockopt(s, SOL_SOCKET, OPT_RCVTIMEO_OLD, &t32, sizeof t32));
	len = sizeof t32;
	CHECK(getsockopt(s, SOL_SOCKET, OPT_RCVTIMEO_OLD, &t32, &len));
	printf("rcvtimeo {%d, %d} len %u\n", t32.sec, t32.usec, (unsigned)len);

	SECTION("SO_RCVTIMEO_NEW / SO_SNDTIMEO_NEW (16 bytes)");
	t64.sec = 3; t64.usec = 240000;
	CHECK(setsockopt(s, SOL_SOCKET, OPT_RCVTIMEO_NEW, &t64, sizeof t64));
	len = sizeof t64;
	memset(&t64, 0, sizeof t64);
	CHECK(getsockopt(s, SOL_SOCKET, OPT_RCVTIMEO_NEW, &t64, &len));
	printf("rcvtimeo_new {%d, %d} len %u\n", (int)t64.sec, (int)t64.usec, (unsigned)len);
	len = sizeof t32;
	CHECK(getsockopt(s, SOL_SOCKET, OPT_RCVTIMEO_OLD, &t32, &len));
	printf("rcvtimeo {%d, %d} len %u\n", t32.sec, t32.usec, (unsigned)len);
	CHECK(setsockopt(s, SOL_SOCKET, OPT_SNDTIMEO_NEW, &t32, sizeof t32));
	/* Timeouts are kept in jiffies and rounded up: 1 us reads back as one
	 * tick, 4000 us with this kernel's HZ=250. */
	t64.sec = 0; t64.usec = 1;
	CHECK(setsockopt(s, SOL_SOCKET, OPT_SNDTIMEO_NEW, &t64, sizeof t64));
	len = sizeof t64;
	CHECK(getsockopt(s, SOL_SOCKET, OPT_SNDTIMEO_NEW, &t64, &len));
	printf("sndtimeo_new {%d, %d} len %u\n", (int)t64.sec, (int)t64.usec, (unsigned)len);
	t64.sec = 0; t64.usec = 0;
	CHECK(setsockopt(s, SOL_SOCKET, OPT_SNDTIMEO_NEW, &t64, sizeof t64));
	len = sizeof t64;
	CHECK(getsockopt(s, SOL_SOCKET, OPT_SNDTIMEO_NEW, &t64, &len));
	printf("sndtimeo_new {%d, %d} len %u\n", (int)t64.sec, (int)t64.usec, (unsigned)len);

	SECTION("optlen handling");
	len = 2; v = -1;
	CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len));
	printf("SO_TYPE with optlen 2: len %u, v %s\n", (unsigned)len,
	       v == (int)((unsigned)-1 << 16 | SOCK_STREAM) ? "low 2 bytes written" : "other");
	len = 0;
	CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len));
	printf("optlen 0 -> %u\n", (unsigned)len);
	len = 100;
	CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, buf, &len));
	printf("optlen 100 -> %u\n", (unsigned)len);
	len = (socklen_t)-1;
	CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len));
	v = 1;
	CHECK(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, 3));
	CHECK(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, 0));
	CHECK(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, buf, 16));
	CHECK(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, (socklen_t)-1));

	SECTION("unknown options and levels");
	len = sizeof v;
	CHECK(getsockopt(s, SOL_SOCKET, 9999, &v, &len));
	CHECK(setsockopt(s, SOL_SOCKET, 9999, &v, sizeof v));
	CHECK(getsockopt(s, SOL_SOCKET, -1, &v, &len));
	CHECK(getsockopt(s, IPPROTO_TCP, 1, &v, &len));
	CHECK(setsockopt(s, IPPROTO_TCP, 1, &v, sizeof v));
	CHECK(getsockopt(s, IPPROTO_IP, 1, &v, &len));
	CHECK(setsockopt(s, IPPROTO_IP, 1, &v, sizeof v));
	CHECK(getsockopt(s, 9999, 1, &v, &len));
	CHECK(setsockopt(s, 9999, 1, &v, sizeof v));
	CHECK(close(s));

	SECTION("SO_PEERCRED");
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	len = sizeof cr;
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &len));
	printf("socketpair peer: len %u pid %s uid %s gid %s\n", (unsigned)len,
	       cr.pid == getpid() ? "=getpid()" : "other",
	       cr.uid == getuid() ? "=getuid()" : "other",
	       cr.gid == getgid() ? "=getgid()" : "other");
	CHECK(close(sv[0])); CHECK(close(sv[1]));
	c = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	len = sizeof cr;
	CHECK(getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cr, &len));
	printf("unconnected: len %u pid %d uid %d gid %d\n", (unsigned)len, cr.pid, (int)cr.uid, (int)cr.gid);
	CHECK(connect(c, (struct sockaddr *)&addr, alen));
	a = CHECK(accept(l, NULL, NULL));
	len = sizeof cr;
	CHECK(getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cr, &len));
	printf("client: pid %s\n", cr.pid == getpid() ? "=getpid()" : "other");
	len = sizeof cr;
	CHECK(getsockopt(a, SOL_SOCKET, SO_PEERCRED, &cr, &len));
	printf("accepted: pid %s\n", cr.pid == getpid() ? "=getpid()" : "other");
	len = sizeof cr;
	CHECK(getsockopt(l, SOL_SOCKET, SO_PEERCRED, &cr, &len));
	printf("listener: pid %s\n", cr.pid == getpid() ? "=getpid()" : "other");
	len = 4;
	CHECK(getsockopt(a, SOL_SOCKET, SO_PEERCRED, &cr, &len));
	printf("optlen 4 -> %u\n", (unsigned)len);
	CHECK(setsockopt(a, SOL_SOCKET, SO_PEERCRED, &cr, sizeof cr));

	SECTION("SO_ERROR is read and cleared");
	CHECK(send(c, "unread", 6, 0));
	CHECK(close(a));
	s = c;
	GET(SO_ERROR); GET(SO_ERROR);
	CHECK(recv(c, buf, sizeof buf, MSG_DONTWAIT));
	CHECK(close(c));
	CHECK(close(l));
	return 0;
}
