/* tmpnam, tempnam, mkstemp, mkstemps, mkdtemp (glibc's stdio-common/tmpnam.c,
 * tempnam.c, misc/mkstemp.c, mkdtemp.c over sysdeps/posix/tempname.c): six
 * characters from [A-Za-z0-9] drawn from getrandom(2), retried while the name
 * exists. The files and directories are made through the kernel's open(2)
 * (O_RDWR|O_CREAT|O_EXCL, 0600) and mkdir(2) (0700); names are checked with
 * lstat64(2). On a kernel without a file system (ENOSYS) nothing exists, so
 * tmpnam/tempnam still give a name; mkstemp/mkdtemp fail with ENOSYS. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "int80.h"

#define LINUX_O_RDWR 02
#define LINUX_O_CREAT 0100
#define LINUX_O_EXCL 0200
#define LINUX_O_CLOEXEC 02000000
#define ATTEMPTS (62 * 62 * 62)

enum { GT_FILE, GT_DIR, GT_NOCREATE };

static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/* __gen_tempname: the last six X's before `suffixlen` characters are replaced */
static int gen_tempname(char *tmpl, int suffixlen, int kind)
{
	size_t len = strlen(tmpl);
	if (suffixlen < 0 || len < 6 + (size_t)suffixlen || memcmp(tmpl + len - 6 - suffixlen, "XXXXXX", 6) != 0) {
		errno = EINVAL;
		return -1;
	}
	char *x = tmpl + len - 6 - suffixlen;
	int saved = errno;
	for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
		unsigned char r[6];
		if (__syscall3(__NR_getrandom, r, sizeof r, 0) != (int)sizeof r) memset(r, attempt, sizeof r);
		for (int i = 0; i < 6; i++) x[i] = letters[r[i] % 62];
		int rc;
		switch (kind) {
		case GT_FILE:
			rc = __syscall3(__NR_open, tmpl, LINUX_O_RDWR | LINUX_O_CREAT | LINUX_O_EXCL, 0600);
			break;
		case GT_DIR:
			rc = __syscall2(__NR_mkdir, tmpl, 0700);
			break;
		default: {
			unsigned char st[96]; /* struct stat64 */
			rc = __syscall2(__NR_lstat64, tmpl, st);
			if (rc == -2 /* ENOENT */ || rc == -38 /* ENOSYS: no file system, nothing exists */) {
				errno = saved;
				return 0;
			}
			if (rc >= 0) rc = -17; /* exists: try another */
			break;
		}
		}
		if (rc >= 0) {
			errno = saved;
			return rc;
		}
		if (rc != -17 /* EEXIST */) return (int)__syscall_ret(rc);
	}
	errno = EEXIST;
	return -1;
}

int mkstemps(char *tmpl, int suffixlen) { return gen_tempname(tmpl, suffixlen, GT_FILE); }
int mkstemp(char *tmpl) { return gen_tempname(tmpl, 0, GT_FILE); }

char *mkdtemp(char *tmpl)
{
	return gen_tempname(tmpl, 0, GT_DIR) < 0 ? NULL : tmpl;
}

char *tmpnam(char *s)
{
	static char buf[L_tmpnam];
	char tmp[L_tmpnam];
	strcpy(tmp, "/tmp/fileXXXXXX");
	if (gen_tempname(tmp, 0, GT_NOCREATE) < 0) return NULL;
	return strcpy(s ? s : buf, tmp);
}

/* glibc: $TMPDIR (unless set-uid), then dir if it is a directory, then
 * P_tmpdir "/tmp"; the prefix is cut to 5 characters ("file" without one). */
char *tempnam(const char *dir, const char *pfx)
{
	const char *d = getenv("TMPDIR");
	if (!d || !*d) d = dir && *dir ? dir : "/tmp";
	char buf[4096];
	int n = snprintf(buf, sizeof buf, "%s%s%.5sXXXXXX", d, d[strlen(d) - 1] == '/' ? "" : "/", pfx ? pfx : "file");
	if (n >= (int)sizeof buf) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	if (gen_tempname(buf, 0, GT_NOCREATE) < 0) return NULL;
	return strdup(buf);
}
