/* Files and directories on the root file system: open flags, positions, stat, names
 * (link, symlink, rename, unlink, rmdir), directories (getdents, chdir, getcwd, *at
 * calls) and the errors Linux gives for each. Everything happens under one directory in
 * /tmp, removed at the start and at the end. */
#include "common.h"
#include <sys/stat.h>
#include <dirent.h>
#include <limits.h>

#define D "/tmp/int80-test-files"

static void cleanup(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];
	if (!d) return;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) cleanup(p);
		else unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

static int cmpstr(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

static void list(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[64];
	int n = 0;
	if (!d) { printf("opendir %s: %s\n", dir, errname(errno)); return; }
	while ((e = readdir(d)) && n < 64) {
		char t = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : e->d_type == DT_LNK ? 'l'
			: e->d_type == DT_FIFO ? 'p' : e->d_type == DT_SOCK ? 's' : e->d_type == DT_CHR ? 'c' : '?';
		names[n] = malloc(strlen(e->d_name) + 3);
		sprintf(names[n++], "%s:%c", e->d_name, t);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmpstr);
	printf("%s:", dir);
	for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
	printf("\n");
}

static void show(const char *p)
{
	struct stat st;
	if (lstat(p, &st) < 0) { printf("lstat %s: %s\n", p, errname(errno)); return; }
	const char *t = S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "reg" : S_ISLNK(st.st_mode) ? "lnk"
		: S_ISFIFO(st.st_mode) ? "fifo" : S_ISCHR(st.st_mode) ? "chr" : "?";
	printf("%s: %s mode %o nlink %d size %lld\n", p, t, (unsigned)(st.st_mode & 07777),
		(int)st.st_nlink, S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size);
}

int main(void)
{
	char buf[256];
	int fd, fd2;
	struct stat st;

	cleanup(D);
	umask(022);
	CHECK(mkdir(D, 0777));
	show(D);
	CHECK(mkdir(D, 0777));
	CHECK(mkdir(D "/no/such", 0777));
	CHECK(chdir(D));
	CHECK(getcwd(buf, sizeof buf) ? (printf("cwd %s\n", buf), 0) : -1);

	/* open flags */
	CHECK(open("a", O_RDONLY));
	CHECK(fd = open("a", O_WRONLY | O_CREAT | O_EXCL, 0666));
	CHECK(open("a", O_WRONLY | O_CREAT | O_EXCL, 0666));
	CHECK(write(fd, "hello world\n", 12));
	CHECK(read(fd, buf, 10));
	CHECK(lseek(fd, 0, SEEK_CUR));
	CHECK(lseek(fd, 6, SEEK_SET));
	CHECK(write(fd, "WORLD", 5));
	CHECK(lseek(fd, 0, SEEK_END));
	CHECK(lseek(fd, -100, SEEK_CUR));
	CHECK(lseek(fd, 0, 7));
	CHECK(close(fd));
	show("a");
	CHECK(fd = open("a", O_RDONLY));
	memset(buf, 0, sizeof buf);
	CHECK(read(fd, buf, sizeof buf));
	printf("contents: %s", buf);
	CHECK(read(fd, buf, sizeof buf));
	CHECK(write(fd, "x", 1));
	CHECK(pread(fd, buf, 5, 6));
	printf("pread: %.5s\n", buf);
	CHECK(lseek(fd, 0, SEEK_CUR));
	CHECK(pread(fd, buf, 5, -1));
	CHECK(fcntl(fd, F_GETFL) & O_ACCMODE);
	CHECK(close(fd));
	CHECK(fd = open("a", O_WRONLY | O_APPEND));
	CHECK(lseek(fd, 0, SEEK_SET));
	CHECK(write(fd, "more\n", 5));
	CHECK(lseek(fd, 0, SEEK_CUR));
	CHECK(read(fd, buf, 1));
	CHECK(ftruncate(fd, 3));
	CHECK(close(fd));
	CHECK(fd = open("a", O_RDWR));
	CHECK(ftruncate(fd, 3));
	CHECK(pwrite(fd, "Z", 1, 10));
	CHECK(fstat(fd, &st));
	printf("size after pwrite at 10: %lld\n", (long long)st.st_size);
	memset(buf, 'q', sizeof buf);
	CHECK(pread(fd, buf, 20, 0));
	for (int i = 0; i < 11; i++) printf("%02x", (unsigned char)buf[i]);
	printf("\n");
	CHECK(close(fd));
	CHECK(fd = open("a", O_RDWR | O_TRUNC));
	CHECK(fstat(fd, &st));
	printf("size after O_TRUNC: %lld\n", (long long)st.st_size);
	CHECK(close(fd));
	CHECK(truncate("a", 100));
	show("a");
	CHECK(truncate("a", -1));
	CHECK(truncate(D, 0));
	CHECK(creat("b", 0600));
	show("b");

	/* directories */
	CHECK(open(D, O_WRONLY));
	CHECK(open(D, O_RDWR));
	CHECK(open("a", O_RDONLY | O_DIRECTORY));
	CHECK(open("a/", O_RDONLY));
	CHECK(open("a/x", O_RDONLY));
	CHECK(open("nodir/x", O_RDONLY));
	CHECK(open("newdir/", O_CREAT | O_WRONLY, 0666));
	CHECK(fd = open(".", O_RDONLY | O_DIRECTORY));
	CHECK(read(fd, buf, 1));
	CHECK(write(fd, buf, 1));
	CHECK(close(fd));
	CHECK(mkdir("sub", 0700));
	CHECK(mkdir("sub/inner", 0755));
	CHECK(mkdir("sub/inner/", 0755));
	CHECK(rmdir("sub"));
	CHECK(rmdir("a"));
	CHECK(rmdir("sub/inner/."));
	CHECK(rmdir("nothere"));
	CHECK(unlink("sub"));
	CHECK(unlink("a/"));
	CHECK(unlink("nothere"));
	show("sub");
	list(D);

	/* links */
	CHECK(link("a", "a2"));
	show("a");
	CHECK(link("a", "a2"));
	CHECK(link("sub", "sub2"));
	CHECK(link("nothere", "x"));
	CHECK(symlink("a", "la"));
	CHECK(symlink("nothere", "dangling"));
	CHECK(symlink("sub/inner", "ldir"));
	CHECK(symlink("loop1", "loop2"));
	CHECK(symlink("loop2", "loop1"));
	CHECK(symlink("", "empty"));
	CHECK(symlink("a", "la"));
	memset(buf, 0, sizeof buf);
	CHECK(readlink("la", buf, sizeof buf));
	printf("la -> %s\n", buf);
	CHECK(readlink("la", buf, 0));
	CHECK(readlink("a", buf, sizeof buf));
	CHECK(readlink("nothere", buf, sizeof buf));
	CHECK(stat("la", &st) == 0 && S_ISREG(st.st_mode));
	CHECK(lstat("la", &st) == 0 && S_ISLNK(st.st_mode));
	CHECK(stat("dangling", &st));
	CHECK(stat("loop1", &st));
	CHECK(open("loop1", O_RDONLY));
	CHECK(open("la", O_RDONLY | O_NOFOLLOW));
	CHECK(fd = open("dangling", O_WRONLY | O_CREAT, 0644));
	CHECK(close(fd));
	show("nothere");
	CHECK(open("la", O_CREAT | O_EXCL | O_WRONLY, 0644));
	CHECK(stat("ldir/", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK(chdir("ldir"));
	CHECK(getcwd(buf, sizeof buf) ? (printf("cwd %s\n", buf), 0) : -1);
	CHECK(chdir("../.."));
	CHECK(getcwd(buf, sizeof buf) ? (printf("cwd %s\n", buf), 0) : -1);
	CHECK(chdir("la"));
	CHECK(chdir("nothere"));
	CHECK(getcwd(buf, 5));

	/* rename */
	CHECK(rename("a2", "a3"));
	CHECK(rename("a3", "b"));
	show("b");
	show("a");
	CHECK(rename("nothere", "x"));
	CHECK(rename("b", "sub"));
	CHECK(rename("sub", "b"));
	CHECK(rename("sub", "sub/inner/deeper"));
	CHECK(mkdir("emptydir", 0755));
	CHECK(rename("sub", "emptydir"));
	CHECK(rename("emptydir", "sub"));
	CHECK(rename("a", "a"));
	CHECK(rename(".", "x"));
	CHECK(rename("b", "b/"));
	list(D);

	/* *at calls relative to a directory descriptor */
	CHECK(fd = open("sub", O_RDONLY | O_DIRECTORY));
	CHECK(fd2 = openat(fd, "f", O_CREAT | O_RDWR, 0644));
	CHECK(close(fd2));
	CHECK(fstatat(fd, "f", &st, 0) == 0 && S_ISREG(st.st_mode));
	CHECK(mkdirat(fd, "d", 0755));
	CHECK(unlinkat(fd, "d", 0));
	CHECK(unlinkat(fd, "d", AT_REMOVEDIR));
	CHECK(unlinkat(fd, "f", AT_REMOVEDIR));
	CHECK(unlinkat(fd, "f", 0));
	CHECK(faccessat(fd, "inner", F_OK, 0));
	CHECK(openat(fd2 = open("a", O_RDONLY), "x", O_RDONLY));
	CHECK(close(fd2));
	CHECK(openat(99, "x", O_RDONLY));
	CHECK(openat(99, D "/a", O_RDONLY) >= 0);
	CHECK(fchdir(fd));
	CHECK(getcwd(buf, sizeof buf) ? (printf("cwd %s\n", buf), 0) : -1);
	CHECK(close(fd));
	CHECK(chdir(D));

	/* access, modes, umask */
	CHECK(access("a", F_OK));
	CHECK(access("a", R_OK | W_OK));
	CHECK(access("a", X_OK));
	CHECK(access("sub", X_OK));
	CHECK(access("nothere", F_OK));
	CHECK(access("a", 8));
	CHECK(chmod("a", 0755));
	CHECK(access("a", X_OK));
	show("a");
	CHECK(umask(077));
	CHECK(mkdir("masked", 0777));
	show("masked");
	CHECK(umask(022));

	/* bad names */
	memset(buf, 'n', 255); buf[255] = 0;
	CHECK(fd = open(buf, O_CREAT | O_WRONLY, 0644));
	CHECK(close(fd));
	CHECK(unlink(buf));
	char longname[300];
	memset(longname, 'n', 256); longname[256] = 0;
	CHECK(open(longname, O_CREAT | O_WRONLY, 0644));
	char *longpath = malloc(PATH_MAX + 10);
	memset(longpath, 'a', PATH_MAX + 9); longpath[PATH_MAX + 9] = 0;
	CHECK(open(longpath, O_RDONLY));
	CHECK(open("", O_RDONLY));
	CHECK(open(BADPTR1, O_RDONLY));
	CHECK(stat(BADPTR1, &st));
	CHECK(mkdir("", 0755));

	/* an unlinked file stays readable through its descriptor */
	CHECK(fd = open("gone", O_CREAT | O_RDWR, 0644));
	CHECK(write(fd, "still here", 10));
	CHECK(unlink("gone"));
	CHECK(fstat(fd, &st));
	printf("nlink after unlink: %d\n", (int)st.st_nlink);
	memset(buf, 0, sizeof buf);
	CHECK(pread(fd, buf, 10, 0));
	printf("%s\n", buf);
	CHECK(close(fd));

	cleanup(D);
	CHECK(access(D, F_OK));
	return 0;
}
