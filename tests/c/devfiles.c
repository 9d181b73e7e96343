/* The /dev files: null, zero, full, urandom, their stat, positions and errors; and
 * what a small Debian box has in /etc. */
#include "common.h"
#include <sys/stat.h>

static void dev(const char *p)
{
	struct stat st;
	if (stat(p, &st) < 0) { printf("%s: %s\n", p, errname(errno)); return; }
	printf("%s: %s %u,%u mode %o\n", p, S_ISCHR(st.st_mode) ? "chr" : "?", (unsigned)((st.st_rdev >> 8) & 0xfff), (unsigned)((st.st_rdev & 0xff) | ((st.st_rdev >> 12) & 0xfff00)),
		(unsigned)(st.st_mode & 07777));
}

int main(void)
{
	char buf[8192];
	int fd;
	dev("/dev/null");
	dev("/dev/zero");
	dev("/dev/full");
	dev("/dev/random");
	dev("/dev/urandom");
	CHECK(fd = open("/dev/null", O_RDWR));
	CHECK(write(fd, buf, sizeof buf));
	CHECK(read(fd, buf, sizeof buf));
	CHECK(lseek(fd, 100, SEEK_SET));
	CHECK(close(fd));
	CHECK(fd = open("/dev/zero", O_RDONLY));
	memset(buf, 1, sizeof buf);
	CHECK(read(fd, buf, sizeof buf));
	int nz = 0;
	for (size_t i = 0; i < sizeof buf; i++) nz += buf[i] != 0;
	printf("nonzero bytes from /dev/zero: %d\n", nz);
	CHECK(write(fd, buf, 1));
	CHECK(close(fd));
	CHECK(fd = open("/dev/full", O_RDWR));
	CHECK(write(fd, buf, 1));
	CHECK(read(fd, buf, 10));
	CHECK(close(fd));
	CHECK(fd = open("/dev/urandom", O_RDONLY));
	CHECK(read(fd, buf, 100));
	CHECK(close(fd));
	CHECK(open("/dev/nonexistent", O_RDONLY));
	CHECK(mkdir("/dev/null/x", 0755));
	CHECK(open("/dev/null/", O_RDONLY));
	/* a file redirected over stdout with dup2 */
	CHECK(fd = open("/dev/null", O_WRONLY));
	fflush(stdout);
	int saved = dup(1);
	CHECK(dup2(fd, 1));
	printf("this goes to /dev/null\n");
	fflush(stdout);
	CHECK(dup2(saved, 1));
	CHECK(close(saved));
	CHECK(close(fd));
	/* /etc */
	const char *etc[] = { "/etc/hosts", "/etc/services", "/etc/protocols", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf" };
	for (int i = 0; i < 6; i++) {
		struct stat st;
		printf("%s: %s\n", etc[i], stat(etc[i], &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 ? "a file" : "missing");
	}
	FILE *f = fopen("/etc/hosts", "r");
	int local = 0;
	while (f && fgets(buf, sizeof buf, f)) if (!strncmp(buf, "127.0.0.1", 9) && strstr(buf, "localhost")) local = 1;
	if (f) fclose(f);
	printf("/etc/hosts names 127.0.0.1 localhost: %d\n", local);
	f = fopen("/etc/services", "r");
	int http = 0;
	while (f && fgets(buf, sizeof buf, f)) if (!strncmp(buf, "http\t", 5) && strstr(buf, "80/tcp")) http = 1;
	if (f) fclose(f);
	printf("/etc/services has http 80/tcp: %d\n", http);
	return 0;
}
