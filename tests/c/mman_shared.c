/* MAP_SHARED mappings shared between processes: anonymous (and /dev/zero) memory
 * inherited by fork, a tmpfs file mapped by a child and by processes that map it on
 * their own, write()/pwrite()/ftruncate() seen through a mapping, MAP_PRIVATE keeping
 * the bytes it wrote, munmap and exit in one process leaving the other's mapping, and a
 * futex word in a shared mapping woken across processes (FUTEX_WAKE without
 * FUTEX_PRIVATE_FLAG). Every step is ordered by a pipe or wait, never by time. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/futex.h>

static void reap(void)
{
	int st;
	wait(&st);
}

static char rd1(int fd)
{
	char c = 0;
	if (read(fd, &c, 1) != 1) return 0;
	return c;
}

static void anon_fork(void)
{
	int *p = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	*p = 1;
	if (fork() == 0) {
		printf("child sees %d\n", *p);
		*p = 42;
		_exit(0);
	}
	reap();
	printf("anonymous: parent sees %d\n", *p);
	munmap(p, 4096);

	/* a shared mapping of /dev/zero is the same kind of memory */
	int z = open("/dev/zero", O_RDWR);
	p = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, z, 0);
	close(z);
	p[1024] = 5;
	if (fork() == 0) {
		p[1024] += 10;
		p[2000] = 7;
		_exit(0);
	}
	reap();
	printf("/dev/zero shared: %d %d\n", p[1024], p[2000]);
	munmap(p, 8192);

	/* MAP_PRIVATE anonymous memory is the child's own */
	p = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*p = 3;
	if (fork() == 0) {
		*p = 4;
		_exit(0);
	}
	reap();
	printf("anonymous private: parent sees %d\n", *p);
	munmap(p, 4096);
}

/* a counter incremented in turn by the parent and the child, a pipe each way */
static void ping_pong(void)
{
	int *n = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int to_child[2], to_parent[2];
	pipe(to_child);
	pipe(to_parent);
	if (fork() == 0) {
		for (int i = 0; i < 5; i++) {
			rd1(to_child[0]);
			*n += 1;
			n[1 + i] = *n * 100; /* a different word each round */
			write(to_parent[1], "c", 1);
		}
		_exit(0);
	}
	for (int i = 0; i < 5; i++) {
		*n += 1;
		write(to_child[1], "p", 1);
		rd1(to_parent[0]);
	}
	reap();
	printf("counter %d, words %d %d %d %d %d\n", *n, n[1], n[2], n[3], n[4], n[5]);
	close(to_child[0]); close(to_child[1]); close(to_parent[0]); close(to_parent[1]);
	munmap(n, 4096);
}

static void file_bytes(const char *what, const char *path, off_t off, int len)
{
	char buf[64];
	int fd = open(path, O_RDONLY);
	int r = pread(fd, buf, len, off);
	close(fd);
	printf("%s: %.*s\n", what, r, buf);
}

static void file_fork(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ftruncate(fd, 8192);
	int *p = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	*p = 7;
	if (fork() == 0) {
		*p = 99;
		_exit(0);
	}
	reap();
	printf("file: parent sees %d\n", *p);
	int v = 0;
	pread(fd, &v, 4, 0);
	printf("file: read(2) sees %d\n", v);

	/* pwrite and write go into the mapping of this process */
	pwrite(fd, "PWRITE", 6, 100);
	printf("pwrite seen through the mapping: %.6s\n", (char *)p + 100);
	lseek(fd, 4096, SEEK_SET);
	write(fd, "WRITE", 5);
	printf("write seen through the mapping: %.5s\n", (char *)p + 4096);

	/* and of another process: the child waits for the parent's pwrite */
	int go[2], done[2];
	pipe(go);
	pipe(done);
	if (fork() == 0) {
		rd1(go[0]);
		printf("child sees the parent's pwrite: %.5s\n", (char *)p + 200);
		memcpy((char *)p + 300, "CHILD", 5);
		write(done[1], "d", 1);
		rd1(go[0]);
		printf("child sees the parent's store: %.6s\n", (char *)p + 400);
		_exit(0);
	}
	pwrite(fd, "HELLO", 5, 200);
	write(go[1], "g", 1);
	rd1(done[0]);
	printf("parent sees the child's store: %.5s\n", (char *)p + 300);
	file_bytes("and the file has it", path, 300, 5);
	memcpy((char *)p + 400, "PARENT", 6);
	write(go[1], "g", 1);
	reap();

	/* a read(2) into the mapping (the kernel's store) is seen by another process */
	int src[2];
	pipe(src);
	write(src[1], "FROMPIPE", 8);
	read(src[0], (char *)p + 500, 8);
	if (fork() == 0) {
		printf("child sees read(2) into the mapping: %.8s\n", (char *)p + 500);
		_exit(0);
	}
	reap();
	close(src[0]); close(src[1]);

	/* ftruncate shrinking the file: the bytes past the end are gone for everyone */
	ftruncate(fd, 4096);
	ftruncate(fd, 8192);
	printf("after truncate and extend: %d %d\n", ((char *)p)[4096], ((char *)p)[100]);

	/* munmap in the child does not touch the parent's mapping; its stores before stay */
	if (fork() == 0) {
		p[10] = 1234;
		munmap(p, 8192);
		_exit(0);
	}
	reap();
	printf("after the child's munmap: %d, parent stores: ", p[10]);
	p[11] = 5678;
	v = 0;
	pread(fd, &v, 4, 44);
	printf("%d\n", v);
	munmap(p, 8192);
	close(fd);

	/* a shared mapping of a file open read-only cannot become writable */
	fd = open(path, O_RDONLY);
	p = mmap(0, 4096, PROT_READ, MAP_SHARED, fd, 0);
	errno = 0;
	int r = mprotect(p, 4096, PROT_READ | PROT_WRITE);
	printf("mprotect PROT_WRITE, shared, O_RDONLY: %d %s\n", r, errno == EACCES ? "EACCES" : "other");
	printf("mprotect PROT_READ: %d\n", mprotect(p, 4096, PROT_READ));
	munmap(p, 4096);
	close(fd);
}

/* two processes that map the file on their own (no mapping inherited) */
static void unrelated(const char *path)
{
	int a_go[2], b_go[2], back[2];
	pipe(a_go);
	pipe(b_go);
	pipe(back);
	if (fork() == 0) {
		int fd = open(path, O_RDWR);
		char *m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
		write(back[1], "a", 1);        /* mapped */
		rd1(a_go[0]);
		strcpy(m + 1000, "from A");
		write(back[1], "a", 1);        /* stored */
		rd1(a_go[0]);
		printf("A sees: %s\n", m + 2000);
		_exit(0);
	}
	if (fork() == 0) {
		int fd = open(path, O_RDWR);
		char *m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
		write(back[1], "b", 1);        /* mapped */
		rd1(b_go[0]);
		printf("B sees: %s\n", m + 1000);
		strcpy(m + 2000, "from B");
		write(back[1], "b", 1);
		_exit(0);
	}
	rd1(back[0]);
	rd1(back[0]);
	write(a_go[1], "g", 1);
	rd1(back[0]);
	write(b_go[1], "g", 1);
	rd1(back[0]);
	write(a_go[1], "g", 1);
	reap();
	reap();
	file_bytes("file after A and B", path, 1000, 6);
	close(a_go[0]); close(a_go[1]); close(b_go[0]); close(b_go[1]); close(back[0]); close(back[1]);
}

/* MAP_PRIVATE: a page the process wrote stays its own */
static void private_cow(const char *path)
{
	int fd = open(path, O_RDWR);
	pwrite(fd, "original", 8, 0);
	char *priv = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *shared = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memcpy(priv, "private!", 8);
	pwrite(fd, "pwritten", 8, 0);
	printf("private after pwrite: %.8s, shared: %.8s\n", priv, shared);
	if (fork() == 0) {
		memcpy(shared, "by child", 8);
		_exit(0);
	}
	reap();
	printf("private after the child's store: %.8s, shared: %.8s\n", priv, shared);
	munmap(priv, 4096);
	munmap(shared, 4096);
	close(fd);
}

/* no system call at all between the stores: each side spins until the other's store shows
 * (int80 preempts a spinning process; its switches carry the stores across) */
static void spin_handshake(void)
{
	volatile int *f = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (fork() == 0) {
		while (*f != 1) ;
		*f = 2;
		while (*f != 3) ;
		f[1] = 42;
		_exit(0);
	}
	*f = 1;
	while (*f != 2) ;
	*f = 3;
	reap();
	printf("spin handshake: %d %d\n", f[0], f[1]);
	munmap((void *)f, 4096);
}

static long futex(int *uaddr, int op, int val)
{
	return syscall(SYS_futex, uaddr, op, val, NULL, NULL, 0);
}

/* a shared futex: the child sleeps on a word of a shared mapping, the parent wakes it */
static void shared_futex(void)
{
	int *w = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	w[100] = 0;
	if (fork() == 0) {
		long r = futex(&w[100], FUTEX_WAIT, 0);
		printf("child woken: %ld, word %d\n", r, w[100]);
		_exit(0);
	}
	/* wake until the child was there to be woken (it sleeps while the word is 0); a
	 * private wake never finds a shared waiter */
	long n = 0, priv = 0;
	for (int i = 0; i < 1000000 && n == 0; i++) {
		priv += futex(&w[100], FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1);
		n = futex(&w[100], FUTEX_WAKE, 1);
		if (!n) sched_yield();
	}
	reap();
	printf("parent woke %ld (private wakes woke %ld)\n", n, priv);
	munmap(w, 4096);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	const char *path = "/tmp/int80_mman_shared.bin";
	anon_fork();
	ping_pong();
	file_fork(path);
	unrelated(path);
	private_cow(path);
	spin_handshake();
	shared_futex();
	unlink(path);
	return 0;
}
