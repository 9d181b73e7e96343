/* AF_UNIX pathname sockets are files: bind makes an S_IFSOCK inode, stat shows it, any
 * existing file makes bind fail (EADDRINUSE), a missing directory gives ENOENT, connect
 * looks the path up (ENOENT; ECONNREFUSED for a file that is not a bound socket, or a
 * socket file whose socket closed), open() of a socket gives ENXIO, symlinks and relative
 * paths resolve as for open, unlink removes the name. */
#include "common.h"
#include <sys/stat.h>

#define D "/tmp/int80-test-unixpath"

static socklen_t addr(struct sockaddr_un *a, const char *p)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, p);
	return offsetof(struct sockaddr_un, sun_path) + strlen(p) + 1;
}

int main(void)
{
	struct sockaddr_un a;
	struct stat st;
	socklen_t n;
	int s, c, s2;

	unlink(D "/s"); unlink(D "/f"); unlink(D "/link"); unlink(D "/rel"); rmdir(D);
	CHECK(mkdir(D, 0755));
	CHECK(s = socket(AF_UNIX, SOCK_STREAM, 0));
	n = addr(&a, D "/s");
	CHECK(bind(s, (struct sockaddr *)&a, n));
	CHECK(stat(D "/s", &st) == 0 && S_ISSOCK(st.st_mode));
	printf("mode %o\n", (unsigned)(st.st_mode & 0777));
	CHECK(bind(s, (struct sockaddr *)&a, n));
	n = addr(&a, D "/other");
	CHECK(bind(s, (struct sockaddr *)&a, n));
	CHECK(access(D "/other", F_OK));
	CHECK(listen(s, 5));
	CHECK(open(D "/s", O_RDONLY));
	CHECK(open(D "/s", O_RDONLY | O_PATH) >= 0);

	/* another socket, same path: EADDRINUSE; a regular file there: EADDRINUSE too */
	CHECK(s2 = socket(AF_UNIX, SOCK_STREAM, 0));
	n = addr(&a, D "/s");
	CHECK(bind(s2, (struct sockaddr *)&a, n));
	CHECK(close(open(D "/f", O_CREAT | O_WRONLY, 0644)));
	n = addr(&a, D "/f");
	CHECK(bind(s2, (struct sockaddr *)&a, n));
	n = addr(&a, D "/nodir/s");
	CHECK(bind(s2, (struct sockaddr *)&a, n));
	n = addr(&a, D "/f/s");
	CHECK(bind(s2, (struct sockaddr *)&a, n));

	/* connect: by path, through a symlink, relative to the cwd */
	CHECK(c = socket(AF_UNIX, SOCK_STREAM, 0));
	n = addr(&a, D "/missing");
	CHECK(connect(c, (struct sockaddr *)&a, n));
	n = addr(&a, D "/f");
	CHECK(connect(c, (struct sockaddr *)&a, n));
	CHECK(symlink(D "/s", D "/link"));
	n = addr(&a, D "/link");
	CHECK(connect(c, (struct sockaddr *)&a, n));
	CHECK(close(c));
	CHECK(chdir(D));
	CHECK(c = socket(AF_UNIX, SOCK_STREAM, 0));
	n = addr(&a, "s");
	CHECK(connect(c, (struct sockaddr *)&a, n));
	CHECK(close(c));
	CHECK(c = socket(AF_UNIX, SOCK_DGRAM, 0));
	n = addr(&a, "rel");
	CHECK(bind(c, (struct sockaddr *)&a, n));
	CHECK(stat(D "/rel", &st) == 0 && S_ISSOCK(st.st_mode));
	CHECK(close(c));

	/* the socket closes: the file stays, connect is refused, a new bind is refused */
	CHECK(close(s));
	CHECK(stat(D "/s", &st) == 0 && S_ISSOCK(st.st_mode));
	CHECK(c = socket(AF_UNIX, SOCK_STREAM, 0));
	n = addr(&a, D "/s");
	CHECK(connect(c, (struct sockaddr *)&a, n));
	CHECK(bind(s2, (struct sockaddr *)&a, n));
	CHECK(unlink(D "/s"));
	CHECK(connect(c, (struct sockaddr *)&a, n));
	CHECK(bind(s2, (struct sockaddr *)&a, n));
	CHECK(listen(s2, 1));
	CHECK(connect(c, (struct sockaddr *)&a, n));
	CHECK(close(c));
	CHECK(close(s2));
	CHECK(unlink(D "/s"));
	CHECK(unlink(D "/f"));
	CHECK(unlink(D "/link"));
	CHECK(unlink(D "/rel"));
	CHECK(chdir("/"));
	CHECK(rmdir(D));
	return 0;
}
