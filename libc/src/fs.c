/* int80: the file calls, trapping to the kernel's VFS with i386 numbers (replacing
 * wasi-libc's WASI implementations: every symbol of its posix.c, at_fdcwd.c, lseek.c,
 * fstat.c, chdir.c, getcwd.c, pread.c, ... is defined here, so none of those objects is
 * linked and no symbol is defined twice). Like glibc, open() is openat(AT_FDCWD). */
#define _GNU_SOURCE
#include <unistd.h>
#include <fcntl.h>
#include <stdarg.h>
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/time.h>
#include <utime.h>
#include "int80.h"
#include <sys/file.h>
#include <sys/sendfile.h>

/* off_t is 64-bit here; i386 takes 64-bit offsets as two registers, low word first */
#define LO(x) ((unsigned)((unsigned long long)(x) & 0xffffffffu))
#define HI(x) ((unsigned)((unsigned long long)(x) >> 32))

int openat(int dfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & (O_CREAT | 020000000)) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return __syscall_ret(__syscall4(__NR_openat, dfd, path, flags, mode));
}

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & (O_CREAT | 020000000)) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return __syscall_ret(__syscall4(__NR_openat, AT_FDCWD, path, flags, mode));
}

int creat(const char *path, mode_t mode)
{
	return open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* wasi-libc's fopen()/freopen() call these: the mode string as Linux O_* flags, and an
 * open without a mode (0666 when creating, as musl's fopen). */
int __fmodeflags(const char *mode)
{
	int flags;
	if (strchr(mode, '+')) flags = O_RDWR;
	else if (*mode == 'r') flags = O_RDONLY;
	else flags = O_WRONLY;
	if (strchr(mode, 'x')) flags |= O_EXCL;
	if (strchr(mode, 'e')) flags |= O_CLOEXEC;
	if (*mode != 'r') flags |= O_CREAT;
	if (*mode == 'w') flags |= O_TRUNC;
	if (*mode == 'a') flags |= O_APPEND;
	return flags;
}

int __wasilibc_open_nomode(const char *path, int flags)
{
	return open(path, flags, 0666);
}

off_t __lseek(int fd, off_t offset, int whence)
{
	long long result;
	int r = __syscall5(__NR__llseek, fd, HI(offset), LO(offset), &result, whence);
	if (r < 0) return __syscall_ret(r);
	return result;
}
#undef lseek
off_t lseek(int fd, off_t offset, int whence) { return __lseek(fd, offset, whence); }
off_t __wasilibc_tell(int fd) { return __lseek(fd, 0, SEEK_CUR); }

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	return __syscall_ret(__syscall5(__NR_pread64, fd, buf, n, LO(off), HI(off)));
}
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	return __syscall_ret(__syscall5(__NR_pwrite64, fd, buf, n, LO(off), HI(off)));
}
ssize_t preadv(int fd, const struct iovec *iov, int cnt, off_t off)
{
	return __syscall_ret(__syscall5(__NR_preadv, fd, iov, cnt, LO(off), HI(off)));
}
ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
	return __syscall_ret(__syscall5(__NR_pwritev, fd, iov, cnt, LO(off), HI(off)));
}

int ftruncate(int fd, off_t len) { return __syscall_ret(__syscall3(__NR_ftruncate64, fd, LO(len), HI(len))); }
int truncate(const char *p, off_t len) { return __syscall_ret(__syscall3(__NR_truncate64, p, LO(len), HI(len))); }
int flock(int fd, int op) { return __syscall_ret(__syscall2(__NR_flock, fd, op)); }

/* sendfile(2) with a 64-bit offset (sendfile64) */
ssize_t sendfile(int out, int in, off_t *off, size_t count)
{
	return __syscall_ret(__syscall4(__NR_sendfile64, out, in, off, count));
}

int fsync(int fd) { return __syscall_ret(__syscall1(__NR_fsync, fd)); }
int fdatasync(int fd) { return __syscall_ret(__syscall1(__NR_fdatasync, fd)); }
void sync(void) { __syscall0(__NR_sync); }

int access(const char *p, int mode) { return __syscall_ret(__syscall3(__NR_faccessat, AT_FDCWD, p, mode)); }
int faccessat(int dfd, const char *p, int mode, int flags)
{
	if (!flags) return __syscall_ret(__syscall3(__NR_faccessat, dfd, p, mode));
	return __syscall_ret(__syscall4(__NR_faccessat2, dfd, p, mode, flags));
}

int unlink(const char *p) { return __syscall_ret(__syscall1(__NR_unlink, p)); }
int unlinkat(int dfd, const char *p, int flag) { return __syscall_ret(__syscall3(__NR_unlinkat, dfd, p, flag)); }
int rmdir(const char *p) { return __syscall_ret(__syscall1(__NR_rmdir, p)); }
int __wasilibc_unlinkat(int dfd, const char *p) { return unlinkat(dfd, p, 0); }
int __wasilibc_rmdirat(int dfd, const char *p) { return unlinkat(dfd, p, AT_REMOVEDIR); }
/* remove(3): unlink, or rmdir for a directory (glibc's order) */
int remove(const char *p)
{
	int r = __syscall1(__NR_unlink, p);
	if (r == -21 /* EISDIR */) r = __syscall1(__NR_rmdir, p);
	return __syscall_ret(r);
}

int mkdir(const char *p, mode_t m) { return __syscall_ret(__syscall2(__NR_mkdir, p, m)); }
int mkdirat(int dfd, const char *p, mode_t m) { return __syscall_ret(__syscall3(__NR_mkdirat, dfd, p, m)); }
int mknodat(int dfd, const char *p, mode_t m, dev_t dev) { return __syscall_ret(__syscall4(__NR_mknodat, dfd, p, m, (unsigned)dev)); }
int mknod(const char *p, mode_t m, dev_t dev) { return __syscall_ret(__syscall3(__NR_mknod, p, m, (unsigned)dev)); }
int mkfifoat(int dfd, const char *p, mode_t m) { return mknodat(dfd, p, m | S_IFIFO, 0); }
int mkfifo(const char *p, mode_t m) { return mknod(p, m | S_IFIFO, 0); }

int rename(const char *a, const char *b) { return __syscall_ret(__syscall2(__NR_rename, a, b)); }
int renameat(int ad, const char *a, int bd, const char *b) { return __syscall_ret(__syscall4(__NR_renameat, ad, a, bd, b)); }
int renameat2(int ad, const char *a, int bd, const char *b, unsigned flags) { return __syscall_ret(__syscall5(__NR_renameat2, ad, a, bd, b, flags)); }
int __wasilibc_rename_oldat(int ad, const char *a, const char *b) { return renameat(ad, a, AT_FDCWD, b); }
int __wasilibc_rename_newat(const char *a, int bd, const char *b) { return renameat(AT_FDCWD, a, bd, b); }

int link(const char *a, const char *b) { return __syscall_ret(__syscall2(__NR_link, a, b)); }
int linkat(int ad, const char *a, int bd, const char *b, int flags) { return __syscall_ret(__syscall5(__NR_linkat, ad, a, bd, b, flags)); }
int __wasilibc_link(const char *a, const char *b, int flags) { return linkat(AT_FDCWD, a, AT_FDCWD, b, flags); }
int __wasilibc_link_oldat(int ad, const char *a, const char *b, int flags) { return linkat(ad, a, AT_FDCWD, b, flags); }
int __wasilibc_link_newat(const char *a, int bd, const char *b, int flags) { return linkat(AT_FDCWD, a, bd, b, flags); }
int symlink(const char *a, const char *b) { return __syscall_ret(__syscall2(__NR_symlink, a, b)); }
int symlinkat(const char *a, int bd, const char *b) { return __syscall_ret(__syscall3(__NR_symlinkat, a, bd, b)); }
ssize_t readlink(const char *restrict p, char *restrict buf, size_t n)
{
	return __syscall_ret(__syscall3(__NR_readlink, p, buf, n));
}
ssize_t readlinkat(int dfd, const char *restrict p, char *restrict buf, size_t n)
{
	return __syscall_ret(__syscall4(__NR_readlinkat, dfd, p, buf, n));
}

int chdir(const char *p) { return __syscall_ret(__syscall1(__NR_chdir, p)); }
int fchdir(int fd) { return __syscall_ret(__syscall1(__NR_fchdir, fd)); }
char *getcwd(char *buf, size_t size)
{
	char tmp[buf ? 1 : 4096];
	if (!buf) { buf = tmp; size = sizeof tmp; }
	else if (!size) { errno = EINVAL; return 0; }
	int r = __syscall2(__NR_getcwd, buf, size);
	if (r < 0) { __syscall_ret(r); return 0; }
	return buf == tmp ? strdup(tmp) : buf;
}

mode_t umask(mode_t m) { return __syscall1(__NR_umask, m); }
int chmod(const char *p, mode_t m) { return __syscall_ret(__syscall2(__NR_chmod, p, m)); }
int fchmod(int fd, mode_t m) { return __syscall_ret(__syscall2(__NR_fchmod, fd, m)); }
int fchmodat(int dfd, const char *p, mode_t m, int flags)
{
	/* Linux's fchmodat has no flags; AT_SYMLINK_NOFOLLOW is EOPNOTSUPP as in glibc */
	if (flags & ~AT_SYMLINK_NOFOLLOW) { errno = EINVAL; return -1; }
	if (flags) { errno = EOPNOTSUPP; return -1; }
	return __syscall_ret(__syscall3(__NR_fchmodat, dfd, p, m));
}
int chown(const char *p, uid_t u, gid_t g) { return __syscall_ret(__syscall3(__NR_chown32, p, u, g)); }
int lchown(const char *p, uid_t u, gid_t g) { return __syscall_ret(__syscall3(__NR_lchown32, p, u, g)); }
int fchown(int fd, uid_t u, gid_t g) { return __syscall_ret(__syscall3(__NR_fchown32, fd, u, g)); }
int fchownat(int dfd, const char *p, uid_t u, gid_t g, int flags) { return __syscall_ret(__syscall5(__NR_fchownat, dfd, p, u, g, flags)); }

int utimensat(int dfd, const char *p, const struct timespec times[2], int flags)
{
	return __syscall_ret(__syscall4(__NR_utimensat_time64, dfd, p, times, flags));
}
int futimens(int fd, const struct timespec times[2]) { return utimensat(fd, 0, times, 0); }
int __wasilibc_utimens(const char *p, const struct timespec times[2], int flags) { return utimensat(AT_FDCWD, p, times, flags); }
int utimes(const char *p, const struct timeval tv[2])
{
	struct timespec ts[2];
	if (!tv) return utimensat(AT_FDCWD, p, 0, 0);
	ts[0].tv_sec = tv[0].tv_sec; ts[0].tv_nsec = tv[0].tv_usec * 1000;
	ts[1].tv_sec = tv[1].tv_sec; ts[1].tv_nsec = tv[1].tv_usec * 1000;
	return utimensat(AT_FDCWD, p, ts, 0);
}
int utime(const char *p, const struct utimbuf *t)
{
	struct timespec ts[2];
	if (!t) return utimensat(AT_FDCWD, p, 0, 0);
	ts[0].tv_sec = t->actime; ts[0].tv_nsec = 0;
	ts[1].tv_sec = t->modtime; ts[1].tv_nsec = 0;
	return utimensat(AT_FDCWD, p, ts, 0);
}

int posix_fadvise(int fd, off_t off, off_t len, int advice)
{
	/* fadvise64_64(fd, offset, len, advice): only a descriptor check here */
	if (advice < 0 || advice > 5) return EINVAL;
	return fcntl(fd, F_GETFD) < 0 ? errno : 0;
}
int posix_fallocate(int fd, off_t off, off_t len)
{
	struct stat st;
	if (off < 0 || len <= 0) return EINVAL;
	if (fstat(fd, &st) < 0) return errno;
	if (st.st_size < off + len && ftruncate(fd, off + len) < 0) return errno;
	return 0;
}

/* mkstemp(3) and friends: names from the kernel's random generator, opened O_EXCL */
static int tmpname(char *t, size_t suffix)
{
	size_t n = strlen(t);
	if (n < 6 + suffix || memcmp(t + n - suffix - 6, "XXXXXX", 6)) { errno = EINVAL; return -1; }
	unsigned char r[6];
	__syscall3(__NR_getrandom, r, 6, 0);
	for (int i = 0; i < 6; i++)
		t[n - suffix - 6 + i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[r[i] % 62];
	return 0;
}
int mkostemps(char *t, int suffix, int flags)
{
	for (int tries = 0; tries < 100; tries++) {
		if (tmpname(t, suffix) < 0) return -1;
		int fd = open(t, O_RDWR | O_CREAT | O_EXCL | (flags & ~O_ACCMODE), 0600);
		if (fd >= 0 || errno != EEXIST) return fd;
	}
	return -1;
}
int mkostemp(char *t, int flags) { return mkostemps(t, 0, flags); }
/* mkstemp, mkstemps, mkdtemp: tmpname.c (glibc's letters and retries) */
FILE *tmpfile(void)
{
	char name[] = "/tmp/tmpfile_XXXXXX";
	int fd = mkstemp(name);
	if (fd < 0) return 0;
	unlink(name);
	FILE *f = fdopen(fd, "w+");
	if (!f) close(fd);
	return f;
}
