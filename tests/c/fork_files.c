/* fork_files: what parent and child share after fork(2) (issue #13 part 2, #14 part 3).
 * A pipe between parent and child (data both ways, EOF when the last writer closes,
 * EPIPE when no reader is left); one open file shared by both (the child's writes move
 * the parent's offset, lseek in one is seen by the other, O_APPEND and not); anonymous
 * mappings copied into the child (it reads the parent's data, its writes stay its own,
 * munmap in the child leaves the parent's mapping).
 * Recorded from the x86_64 build: qemu-i386 keeps its own page table and answers mprotect of
 * an unmapped page with 0, where the kernel (do_mprotect_pkey) says ENOMEM. */
#include "common.h"
#include <sys/wait.h>
#include <sys/mman.h>
#include <sys/stat.h>

static pid_t xfork(void)
{
	fflush(stdout);
	return fork();
}

static void reap(const char *what, pid_t p)
{
	int st = 0;
	pid_t r = waitpid(p, &st, 0);
	printf("%s: waitpid %s, exited %d status %d\n", what, r == p ? "ok" : "wrong", WIFEXITED(st), WEXITSTATUS(st));
}

static void show_file(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0) n = 0;
	buf[n] = 0;
	printf("%s holds %zd bytes: \"", path, n);
	for (ssize_t i = 0; i < n; i++) putchar(buf[i] == '\n' ? '|' : buf[i]);
	printf("\"\n");
}

static void pipes(void)
{
	int down[2], up[2];
	char buf[64];
	printf("pipe = %d, pipe = %d\n", pipe(down), pipe(up));
	pid_t p = xfork();
	if (p == 0) {
		close(down[1]);
		close(up[0]);
		ssize_t n = read(down[0], buf, sizeof buf);
		printf("child: read %zd bytes: %.*s\n", n, (int)n, buf);
		for (ssize_t i = 0; i < n; i++) if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] -= 32;
		printf("child: write = %zd\n", write(up[1], buf, n));
		n = read(down[0], buf, sizeof buf);
		printf("child: read after the parent closed = %zd\n", n);
		close(down[0]);
		close(up[1]);
		fflush(stdout);
		_exit(0);
	}
	close(down[0]);
	close(up[1]);
	printf("parent: write = %zd\n", write(down[1], "hello child", 11));
	ssize_t n = read(up[0], buf, sizeof buf);
	printf("parent: read %zd bytes: %.*s\n", n, (int)n, buf);
	close(down[1]);
	n = read(up[0], buf, sizeof buf);
	printf("parent: read after the child closed = %zd\n", n);
	reap("pipe child", p);
	/* no reader left: EPIPE (SIGPIPE ignored) */
	int q[2];
	pipe(q);
	signal(SIGPIPE, SIG_IGN);
	p = xfork();
	if (p == 0) { close(q[0]); close(q[1]); _exit(0); }
	close(q[0]);
	reap("closer", p);
	errno = 0;
	n = write(q[1], "x", 1);
	printf("write with no reader = %zd %s\n", n, n < 0 ? errname(errno) : "");
	close(q[1]);
	signal(SIGPIPE, SIG_DFL);
}

static void offsets(void)
{
	const char *path = "/tmp/int80_fork_files.txt";
	unlink(path);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	printf("open = %d\n", fd >= 0 ? 3 : fd);
	write(fd, "parent1\n", 8);
	pid_t p = xfork();
	if (p == 0) {
		printf("child: offset at start = %ld\n", (long)lseek(fd, 0, SEEK_CUR));
		write(fd, "child1\n", 7);
		printf("child: offset after write = %ld\n", (long)lseek(fd, 0, SEEK_CUR));
		fflush(stdout);
		_exit(0);
	}
	reap("writer", p);
	printf("parent: offset after the child wrote = %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	write(fd, "parent2\n", 8);
	show_file(path);
	/* lseek in the child moves the parent's offset */
	p = xfork();
	if (p == 0) {
		printf("child: lseek(fd, 2, SEEK_SET) = %ld\n", (long)lseek(fd, 2, SEEK_SET));
		fflush(stdout);
		_exit(0);
	}
	reap("seeker", p);
	printf("parent: offset = %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	printf("parent: write = %zd\n", write(fd, "XY", 2));
	show_file(path);
	/* a file opened again is another open file: its own offset */
	int fd2 = open(path, O_RDWR);
	p = xfork();
	if (p == 0) {
		lseek(fd2, 0, SEEK_END);
		printf("child: own open file at %ld\n", (long)lseek(fd2, 0, SEEK_CUR));
		fflush(stdout);
		_exit(0);
	}
	reap("other file", p);
	printf("parent: fd offset %ld, fd2 offset %ld\n", (long)lseek(fd, 0, SEEK_CUR), (long)lseek(fd2, 0, SEEK_CUR));
	close(fd2);
	close(fd);
	/* O_APPEND: both write at the end, whatever the offset says */
	fd = open(path, O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	p = xfork();
	if (p == 0) {
		write(fd, "child-append\n", 13);
		printf("child: O_APPEND offset after write = %ld\n", (long)lseek(fd, 0, SEEK_CUR));
		lseek(fd, 1, SEEK_SET);
		fflush(stdout);
		_exit(0);
	}
	reap("appender", p);
	printf("parent: O_APPEND offset after the child = %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	write(fd, "parent-append\n", 14);
	printf("parent: offset = %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	printf("fcntl(F_GETFL) has O_APPEND: %d\n", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
	close(fd);
	show_file(path);
	unlink(path);
}

static void mappings(void)
{
	size_t len = 3 * 4096;
	char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap %s\n", m == MAP_FAILED ? "failed" : "ok");
	strcpy(m, "from the parent");
	strcpy(m + 8192, "third page");
	pid_t p = xfork();
	if (p == 0) {
		printf("child: reads \"%s\" and \"%s\"\n", m, m + 8192);
		strcpy(m, "from the child");
		printf("child: munmap(middle page) = %d\n", munmap(m + 4096, 4096));
		printf("child: mprotect(first page) = %d\n", mprotect(m, 4096, PROT_READ));
		errno = 0;
		int r = mprotect(m + 4096, 4096, PROT_READ);
		printf("child: mprotect(middle page) = %d %s\n", r, r < 0 ? errname(errno) : "");
		printf("child: munmap(all) = %d\n", munmap(m, len));
		fflush(stdout);
		_exit(0);
	}
	reap("mapper", p);
	printf("parent: still reads \"%s\"\n", m);
	errno = 0;
	int r = mprotect(m + 4096, 4096, PROT_READ);
	printf("parent: mprotect(middle page) = %d %s\n", r, r < 0 ? errname(errno) : "");
	printf("parent: munmap = %d\n", munmap(m, len));
	errno = 0;
	r = mprotect(m, 4096, PROT_READ);
	printf("parent: mprotect after munmap = %d %s\n", r, r < 0 ? errname(errno) : "");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOFBF, 0);
	pipes();
	offsets();
	mappings();
	return 0;
}
