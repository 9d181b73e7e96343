/* names.c - AF_UNIX addresses: pathname and abstract bind, address length
 * normalisation seen through getsockname, autobind (addrlen ==
 * sizeof(sa_family_t), and connect with SO_PASSCRED), getsockname/getpeername
 * buffer lengths, bind/connect errors (EINVAL, EADDRINUSE, ENOENT,
 * ECONNREFUSED, EPROTOTYPE).  Only the socket layer is tested: no stat() of
 * socket files.  Autobind names are random: only the length and the leading
 * NUL are printed. */
#include "common.h"

#define P1 "/tmp/int80-names-1.sock"
#define P2 "/tmp/int80-names-2.sock"
#define P3 "/tmp/int80-names-3.sock"

static void name_of(const char *what, int fd)
{
	struct sockaddr_un a;
	socklen_t len = sizeof a;
	memset(&a, 0, sizeof a);
	if (CHECK(getsockname(fd, (struct sockaddr *)&a, &len)) == 0)
		show_un(what, &a, len);
}

int main(void)
{
	struct sockaddr_un a, b;
	struct sockaddr_storage ss;
	socklen_t alen, len;
	char longpath[sizeof a.sun_path + 1];
	int s1, s2, s3, c, v;

	setvbuf(stdout, NULL, _IONBF, 0);
	unlink(P1); unlink(P2); unlink(P3);

	SECTION("pathname bind and length normalisation");
	s1 = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	name_of("unbound", s1);
	alen = un_path(&a, P1);
	printf("alen = %u\n", (unsigned)alen);
	CHECK(bind(s1, (struct sockaddr *)&a, alen));
	name_of("bound", s1);
	/* Linux creates the file before it checks u->addr: the same path
	 * again is EADDRINUSE, another path is EINVAL. */
	CHECK(bind(s1, (struct sockaddr *)&a, alen));
	alen = un_path(&b, P2);
	CHECK(bind(s1, (struct sockaddr *)&b, alen));
	s2 = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(bind(s2, (struct sockaddr *)&a, alen - 1));       /* P1 without its NUL */
	CHECK(bind(s2, (struct sockaddr *)&b, alen - 1));       /* P2 without its NUL */
	name_of("bound without NUL", s2);
	s3 = CHECK(socket(AF_UNIX, SOCK_DGRAM, 0));
	un_path(&b, P3);
	memcpy(b.sun_path + strlen(P3) + 1, "junk", 4);          /* bytes after the NUL */
	CHECK(bind(s3, (struct sockaddr *)&b, sizeof b));
	name_of("bound with full sizeof", s3);
	CHECK(close(s1)); CHECK(close(s2)); CHECK(close(s3));
	unlink(P1); unlink(P2); unlink(P3);

	SECTION("sun_path of 108 bytes without NUL");
	memset(longpath, 0, sizeof longpath);
	memcpy(longpath, "/tmp/", 5);
	memset(longpath + 5, 'L', sizeof a.sun_path - 5);
	unlink(longpath);
	memset(&a, 0, sizeof a);
	a.sun_family = AF_UNIX;
	memcpy(a.sun_path, longpath, sizeof a.sun_path);
	s1 = CHECK(socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK(bind(s1, (struct sockaddr *)&a, sizeof a));
	len = sizeof ss;
	CHECK(getsockname(s1, (struct sockaddr *)&ss, &len));
	printf("getsockname len -> %u\n", (unsigned)len);
	CHECK(close(s1));
	unlink(longpath);

	SECTION("abstract names");
	s1 = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	alen = un_abstract(&a, "int80-names");
	CHECK(bind(s1, (struct sockaddr *)&a, alen));
	name_of("abstract", s1);
	CHECK(listen(s1, 4));
	s2 = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(bind(s2, (struct sockaddr *)&a, alen));
	CHECK(connect(s2, (struct sockaddr *)&a, alen + 1));   /* one more NUL: other name */
	CHECK(connect(s2, (struct sockaddr *)&a, alen - 1));   /* one less: other name */
	un_abstract(&b, "");
	CHECK(bind(s2, (struct sockaddr *)&b, 3));             /* the empty abstract name */
	name_of("empty abstract", s2);
	CHECK(connect(s2, (struct sockaddr *)&a, alen));
	c = CHECK(accept(s1, (struct sockaddr *)&b, &len));
	show_un("accept peer", &b, len);
	CHECK(close(c)); CHECK(close(s2));
	s2 = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	alen = un_path(&b, "int80-names");                     /* relative path, same text */
	CHECK(connect(s2, (struct sockaddr *)&b, alen));
	CHECK(close(s2)); CHECK(close(s1));
	s1 = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK(bind(s1, (struct sockaddr *)&a, un_abstract(&a, "int80-names")));
	name_of("rebound after close", s1);
	CHECK(close(s1));

	SECTION("autobind");
	s1 = CHECK(socket(AF_UNIX, SOCK_DGRAM, 0));
	a.sun_family = AF_UNIX;
	CHECK(bind(s1, (struct sockaddr *)&a, sizeof(sa_family_t)));
	len = sizeof a;
	memset(&a, 0x55, sizeof a);
	CHECK(getsockname(s1, (struct sockaddr *)&a, &len));
	printf("autobind: len=%u sun_path[0]=%d\n", (unsigned)len, a.sun_path[0]);
	CHECK(bind(s1, (struct sockaddr *)&a, sizeof(sa_family_t))); /* already bound: 0 */
	CHECK(bind(s1, (struct sockaddr *)&a, len));           /* its own name again */
	s2 = CHECK(socket(AF_UNIX, SOCK_DGRAM, 0));
	CHECK(bind(s2, (struct sockaddr *)&a, len));           /* someone else's autobind name */
	CHECK(sendto(s2, "to-auto", 7, 0, (struct sockaddr *)&a, len));
	CHECK(recv(s1, b.sun_path, sizeof b.sun_path, MSG_DONTWAIT));
	CHECK(close(s1)); CHECK(close(s2));
	s1 = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	alen = un_abstract(&a, "int80-names-l");
	CHECK(bind(s1, (struct sockaddr *)&a, alen));
	CHECK(listen(s1, 4));
	s2 = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	v = 1;
	CHECK(setsockopt(s2, SOL_SOCKET, SO_PASSCRED, &v, sizeof v));
	CHECK(connect(s2, (struct sockaddr *)&a, alen));       /* autobinds with SO_PASSCRED */
	len = sizeof b;
	CHECK(getsockname(s2, (struct sockaddr *)&b, &len));
	printf("connect autobind: len=%u sun_path[0]=%d\n", (unsigned)len, b.sun_path[0]);
	len = sizeof b;
	c = CHECK(accept(s1, (struct sockaddr *)&b, &len));
	printf("accept peer: len=%u sun_path[0]=%d\n", (unsigned)len, b.sun_path[0]);
	CHECK(close(c)); CHECK(close(s2)); CHECK(close(s1));

	SECTION("getsockname/getpeername buffer lengths");
	s1 = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	alen = un_abstract(&a, "int80-names-len");
	CHECK(bind(s1, (struct sockaddr *)&a, alen));
	memset(&b, 0, sizeof b);
	len = 5;
	CHECK(getsockname(s1, (struct sockaddr *)&b, &len));
	printf("len 5 -> %u, copied: %s\n", (unsigned)len, b.sun_path[2] == 'n' && b.sun_path[3] == 0 ? "5 bytes" : "other");
	len = 0;
	CHECK(getsockname(s1, (struct sockaddr *)&b, &len));
	printf("len 0 -> %u\n", (unsigned)len);
	len = (socklen_t)-1;
	CHECK(getsockname(s1, (struct sockaddr *)&b, &len));
	len = 1000;
	CHECK(getsockname(s1, (struct sockaddr *)&b, &len));
	printf("len 1000 -> %u\n", (unsigned)len);
	CHECK(getsockname(s1, (struct sockaddr *)&b, NULL));
	CHECK(getsockname(s1, NULL, &len));
	len = 0;
	CHECK(getsockname(s1, NULL, &len));
	CHECK(getpeername(s1, (struct sockaddr *)&b, &len));
	CHECK(listen(s1, 1));
	CHECK(getpeername(s1, (struct sockaddr *)&b, &len));
	CHECK(close(s1));

	SECTION("bind argument errors");
	memset(&ss, 0, sizeof ss);
	ss.ss_family = AF_UNIX;
	s1 = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	alen = un_abstract(&a, "int80-names-err");
	CHECK(bind(s1, (struct sockaddr *)&a, 0));
	CHECK(bind(s1, (struct sockaddr *)&a, 1));
	CHECK(bind(s1, (struct sockaddr *)&a, sizeof a + 1));
	CHECK(bind(s1, (struct sockaddr *)&ss, sizeof ss));
	CHECK(bind(s1, (struct sockaddr *)&a, sizeof ss + 1));
	CHECK(bind(s1, (struct sockaddr *)&a, (socklen_t)-1));
	a.sun_family = AF_INET;
	CHECK(bind(s1, (struct sockaddr *)&a, alen));
	a.sun_family = AF_UNSPEC;
	CHECK(bind(s1, (struct sockaddr *)&a, alen));
	a.sun_family = AF_UNIX;
	alen = un_path(&a, "");
	CHECK(bind(s1, (struct sockaddr *)&a, alen));          /* "" pathname */
	name_of("after bind(\"\")", s1);
	CHECK(close(s1));

	SECTION("connect errors");
	s1 = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	alen = un_path(&a, P1);
	CHECK(connect(s1, (struct sockaddr *)&a, alen));       /* nothing bound */
	alen = un_abstract(&a, "int80-names-nobody");
	CHECK(connect(s1, (struct sockaddr *)&a, alen));
	CHECK(connect(s1, (struct sockaddr *)&a, 1));
	CHECK(connect(s1, (struct sockaddr *)&a, sizeof(sa_family_t)));
	CHECK(connect(s1, (struct sockaddr *)&a, sizeof a + 1));
	a.sun_family = AF_INET;
	CHECK(connect(s1, (struct sockaddr *)&a, alen));
	s2 = CHECK(socket(AF_UNIX, SOCK_STREAM, 0));
	alen = un_path(&a, P1);
	CHECK(bind(s2, (struct sockaddr *)&a, alen));
	CHECK(connect(s1, (struct sockaddr *)&a, alen));       /* bound, not listening */
	s3 = CHECK(socket(AF_UNIX, SOCK_DGRAM, 0));
	alen = un_path(&b, P2);
	CHECK(bind(s3, (struct sockaddr *)&b, alen));
	CHECK(connect(s1, (struct sockaddr *)&b, alen));       /* stream -> dgram (pathname) */
	CHECK(listen(s2, 1));
	CHECK(connect(s3, (struct sockaddr *)&a, un_path(&a, P1))); /* dgram -> stream */
	CHECK(connect(s1, (struct sockaddr *)&a, un_path(&a, P1)));
	name_of("client of pathname", s1);
	len = sizeof b;
	CHECK(getpeername(s1, (struct sockaddr *)&b, &len));
	show_un("peer", &b, len);
	CHECK(close(s1)); CHECK(close(s2)); CHECK(close(s3));
	unlink(P1); unlink(P2); unlink(P3);
	return 0;
}
