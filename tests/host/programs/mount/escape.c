/* escape: everything a guest can try to reach the host's files from inside a mount at
 * /mnt/m: "..", absolute and relative symlinks pointing out, a symlink to the mount's
 * parent, and writes to a read-only mount. It prints what it sees; the test checks that
 * no host content outside the mounted directory ever appears. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>

static void cat(const char *p)
{
	char b[128] = {0};
	errno = 0;
	int fd = open(p, O_RDONLY);
	if (fd < 0) { printf("open %s: %s\n", p, strerror(errno)); return; }
	ssize_t n = read(fd, b, sizeof b - 1);
	if (n < 0) printf("read %s: %s\n", p, strerror(errno));
	else { b[n] = 0; for (char *c = b; *c; c++) if (*c == '\n') *c = '|'; printf("read %s: %s\n", p, b); }
	close(fd);
}

static void ls(const char *p)
{
	DIR *d = opendir(p);
	if (!d) { printf("opendir %s: %s\n", p, strerror(errno)); return; }
	printf("ls %s:", p);
	struct dirent *e;
	while ((e = readdir(d))) printf(" %s", e->d_name);
	printf("\n");
	closedir(d);
}

#define T(x) do { errno = 0; long r = (long)(x); printf("%s = %ld %s\n", #x, r, r < 0 ? strerror(errno) : ""); } while (0)

int main(void)
{
	cat("/mnt/m/inside.txt");
	cat("/mnt/m/../outside.txt");
	cat("/mnt/m/../../outside.txt");
	cat("/mnt/m/abs_link");          /* -> /etc/hostname: the guest's */
	cat("/mnt/m/rel_link");          /* -> ../outside.txt */
	cat("/mnt/m/deep_link");         /* -> ../../../../../../../../../etc/hostname */
	cat("/mnt/m/parent_link/outside.txt"); /* -> .. */
	cat("/mnt/m/host_abs_link");     /* -> the host's absolute path of outside.txt */
	cat("/mnt/m/dir/../../outside.txt");
	ls("/mnt/m");
	ls("/mnt/m/..");
	ls("/mnt/m/parent_link");
	char cwd[256];
	T(chdir("/mnt/m/dir"));
	T(chdir("../../.."));
	printf("cwd %s\n", getcwd(cwd, sizeof cwd));
	cat("outside.txt");
	T(open("/mnt/m/new.txt", O_CREAT | O_WRONLY, 0644));
	T(open("/mnt/m/inside.txt", O_WRONLY));
	T(open("/mnt/m/inside.txt", O_RDONLY | O_TRUNC));
	T(unlink("/mnt/m/inside.txt"));
	T(mkdir("/mnt/m/d2", 0755));
	T(rename("/mnt/m/inside.txt", "/mnt/m/x.txt"));
	T(rename("/mnt/m/inside.txt", "/tmp/x.txt"));
	T(link("/mnt/m/inside.txt", "/tmp/x.txt"));
	T(symlink("/etc/passwd", "/mnt/m/s"));
	T(truncate("/mnt/m/inside.txt", 0));
	T(rmdir("/mnt/m"));
	T(rename("/mnt/m", "/mnt/n"));
	struct stat st;
	T(stat("/etc/hostname", &st));
	cat("/etc/hostname");
	return 0;
}
