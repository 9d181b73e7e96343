/* Temporary names and files: tmpnam and tempnam give names that do not exist
 * yet, mkstemp/mkstemps create a file (0600, O_EXCL) and mkdtemp a directory,
 * all with six random characters; a template without XXXXXX is EINVAL.
 * (Runs under int80 once the kernel has a file system.) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static int shape(const char *name, const char *prefix, size_t len)
{
	if (strncmp(name, prefix, strlen(prefix)) || strlen(name) != len) return 0;
	for (const char *p = name + strlen(prefix); *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))) return 0;
	return 1;
}

int main(void)
{
	char buf[L_tmpnam];
	char *n = tmpnam(buf);
	printf("tmpnam: %s, /tmp/fileXXXXXX shape %d, L_tmpnam %d\n", n == buf ? "into buf" : "?", shape(buf, "/tmp/file", 15), L_tmpnam);
	n = tmpnam(NULL);
	printf("tmpnam(NULL) shape %d\n", n && shape(n, "/tmp/file", 15));
	unsetenv("TMPDIR");
	char *t = tempnam("/tmp", "abcdefgh");
	printf("tempnam(/tmp, abcdefgh) shape %d\n", t && shape(t, "/tmp/abcde", 16));
	free(t);
	t = tempnam(NULL, NULL);
	printf("tempnam(NULL, NULL) shape %d\n", t && shape(t, "/tmp/file", 15));
	free(t);

	char tmpl[] = "/tmp/int80-testXXXXXX";
	int fd = mkstemp(tmpl);
	printf("mkstemp: fd %d shape %d\n", fd, shape(tmpl, "/tmp/int80-test", 21));
	struct stat st;
	if (fd >= 0) {
		printf("write %zd\n", write(fd, "hello", 5));
		fstat(fd, &st);
		printf("mode 0%o size %ld\n", (unsigned)(st.st_mode & 0777), (long)st.st_size);
		close(fd);
		printf("unlink %d\n", unlink(tmpl));
	}
	char suf[] = "/tmp/int80-XXXXXX.txt";
	fd = mkstemps(suf, 4);
	printf("mkstemps: fd %d suffix kept %d\n", fd, strcmp(suf + strlen(suf) - 4, ".txt") == 0 && strstr(suf, "XXXXXX") == NULL);
	if (fd >= 0) { close(fd); unlink(suf); }
	char bad[] = "/tmp/nox";
	errno = 0;
	int r = mkstemp(bad);
	printf("mkstemp no XXXXXX: %d %s\n", r, errno == EINVAL ? "EINVAL" : strerror(errno));
	char dtmpl[] = "/tmp/int80-dirXXXXXX";
	char *d = mkdtemp(dtmpl);
	printf("mkdtemp: %s\n", d ? "ok" : strerror(errno));
	if (d) {
		stat(d, &st);
		printf("dir %d mode 0%o rmdir %d\n", S_ISDIR(st.st_mode), (unsigned)(st.st_mode & 0777), rmdir(d));
	}
	return 0;
}
