/* int80: directory streams over getdents64(2) (Linux's struct linux_dirent64), returning
 * wasi-libc's struct dirent (d_ino, d_type, d_name). */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include "int80.h"

struct _DIR {
	int fd;
	int pos, len;        /* bytes of buf consumed, bytes in buf */
	long tell;           /* d_off of the last entry returned */
	char buf[2048] __attribute__((aligned(8)));
	/* the struct dirent readdir returns, with room for a 255-byte name */
	char ent[sizeof(struct dirent) + 256] __attribute__((aligned(8)));
};

DIR *fdopendir(int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0) return 0;
	if (!S_ISDIR(st.st_mode)) { errno = ENOTDIR; return 0; }
	DIR *d = calloc(1, sizeof *d);
	if (!d) return 0;
	d->fd = fd;
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return d;
}

DIR *opendirat(int dfd, const char *p)
{
	int fd = openat(dfd, p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) return 0;
	DIR *d = calloc(1, sizeof *d);
	if (!d) { close(fd); return 0; }
	d->fd = fd;
	return d;
}

DIR *opendir(const char *p) { return opendirat(AT_FDCWD, p); }

int fdclosedir(DIR *d)
{
	int fd = d->fd;
	free(d);
	return fd;
}

int closedir(DIR *d)
{
	return close(fdclosedir(d));
}

int dirfd(DIR *d) { return d->fd; }

struct dirent *readdir(DIR *d)
{
	if (d->pos >= d->len) {
		int n = __syscall3(__NR_getdents64, d->fd, d->buf, sizeof d->buf);
		if (n <= 0) {
			if (n < 0) __syscall_ret(n);
			return 0;
		}
		d->len = n;
		d->pos = 0;
	}
	char *e = d->buf + d->pos;
	uint64_t ino; int64_t off; uint16_t reclen;
	memcpy(&ino, e, 8);
	memcpy(&off, e + 8, 8);
	memcpy(&reclen, e + 16, 2);
	d->pos += reclen;
	d->tell = (long)off;
	struct dirent *de = (struct dirent *)d->ent;
	de->d_ino = ino;
	de->d_type = (unsigned char)e[18];
	size_t nl = strnlen(e + 19, 255);
	memcpy(de->d_name, e + 19, nl);
	de->d_name[nl] = 0;
	return de;
}

void rewinddir(DIR *d)
{
	lseek(d->fd, 0, SEEK_SET);
	d->pos = d->len = 0;
	d->tell = 0;
}

void seekdir(DIR *d, long off)
{
	lseek(d->fd, off, SEEK_SET);
	d->pos = d->len = 0;
	d->tell = off;
}

long telldir(DIR *d) { return d->tell; }

int scandirat(int dfd, const char *p, struct dirent ***res,
	int (*sel)(const struct dirent *), int (*cmp)(const struct dirent **, const struct dirent **))
{
	DIR *d = opendirat(dfd, p);
	struct dirent *de, **names = 0, **tmp;
	size_t cnt = 0, len = 0;
	if (!d) return -1;
	while ((de = readdir(d))) {
		if (sel && !sel(de)) continue;
		if (cnt >= len) {
			len = 2 * len + 1;
			tmp = realloc(names, len * sizeof *names);
			if (!tmp) break;
			names = tmp;
		}
		size_t sz = sizeof(struct dirent) + strlen(de->d_name) + 1;
		names[cnt] = malloc(sz);
		if (!names[cnt]) break;
		memcpy(names[cnt++], de, sz);
	}
	closedir(d);
	if (cmp) qsort(names, cnt, sizeof *names, (int (*)(const void *, const void *))cmp);
	*res = names;
	return cnt;
}

int scandir(const char *p, struct dirent ***res,
	int (*sel)(const struct dirent *), int (*cmp)(const struct dirent **, const struct dirent **))
{
	return scandirat(AT_FDCWD, p, res, sel, cmp);
}

