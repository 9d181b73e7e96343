/* File mappings: mmap of a regular file (private and shared), /dev/zero, and the
 * files that cannot be mapped; msync and munmap writing a shared mapping back;
 * mmap's and msync's errors. (Recorded with qemu-i386; the line "msync unmapped"
 * is the x86_64 kernel's answer: qemu-user answers msync of an unmapped range itself.) */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *en(int e)
{
	switch (e) {
	case EACCES: return "EACCES";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ENOMEM: return "ENOMEM";
	case EBADF: return "EBADF";
	case EPERM: return "EPERM";
	default: return "other";
	}
}

static void show(const char *what, void *p)
{
	if (p == MAP_FAILED) printf("%-40s MAP_FAILED %s\n", what, en(errno));
	else printf("%-40s ok\n", what);
}

static void file_bytes(const char *what, const char *path, off_t off, int n)
{
	char buf[64];
	int fd = open(path, O_RDONLY);
	int r = pread(fd, buf, n, off);
	close(fd);
	printf("%-40s %.*s\n", what, r, buf);
}

int main(void)
{
	const char *path = "/tmp/int80_mman_file.txt";
	unlink(path);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	char page[4096];
	memset(page, 'a', sizeof page);
	memcpy(page, "first page", 10);
	write(fd, page, sizeof page);
	write(fd, "second page, short", 18);
	close(fd);

	/* a private read-only mapping of the whole file, and of its second page */
	int rd = open(path, O_RDONLY);
	char *p = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, rd, 0);
	show("private, whole file", p);
	if (p != MAP_FAILED) {
		printf("page 0: %.10s, page 1: %.18s, after EOF: %d %d\n", p, p + 4096, p[4096 + 18], p[8191]);
		munmap(p, 8192);
	}
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, rd, 4096);
	show("private, offset 4096", p);
	if (p != MAP_FAILED) { printf("at offset 4096: %.18s\n", p); munmap(p, 4096); }
	show("offset not page aligned", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, rd, 100));

	/* a private writable mapping of a read-only fd: copy on write, the file keeps its bytes */
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, rd, 0);
	show("private writable, O_RDONLY fd", p);
	if (p != MAP_FAILED) {
		memcpy(p, "CHANGED", 7);
		printf("mapping: %.10s\n", p);
		munmap(p, 4096);
		file_bytes("file after private write:", path, 0, 10);
	}
	show("shared writable, O_RDONLY fd", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, rd, 0));
	show("shared read-only, O_RDONLY fd", p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, rd, 0));
	if (p != MAP_FAILED) munmap(p, 4096);
	close(rd);

	int wr = open(path, O_WRONLY);
	show("private, O_WRONLY fd", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, wr, 0));
	close(wr);

	/* shared writable: msync writes back; munmap does too */
	int rw = open(path, O_RDWR);
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, rw, 0);
	show("shared writable, O_RDWR fd", p);
	if (p != MAP_FAILED) {
		memcpy(p, "SHARED", 6);
		printf("msync MS_SYNC: %d\n", msync(p, 8192, MS_SYNC));
		file_bytes("file after msync:", path, 0, 10);
		memcpy(p + 4096, "SECOND", 6);
		printf("munmap: %d\n", munmap(p, 8192));
		file_bytes("file after munmap:", path, 4096, 18);
		struct stat st;
		fstat(rw, &st);
		printf("size unchanged: %lld\n", (long long)st.st_size);
	}
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, rw, 0);
	if (p != MAP_FAILED) {
		int r = msync(p + 1, 10, MS_SYNC);
		printf("msync unaligned: %d %s\n", r, en(errno));
		r = msync(p, 10, MS_ASYNC | MS_SYNC);
		printf("msync MS_ASYNC|MS_SYNC: %d %s\n", r, en(errno));
		r = msync(p, 10, 8);
		printf("msync bad flag: %d %s\n", r, en(errno));
		printf("msync MS_ASYNC: %d\n", msync(p, 4096, MS_ASYNC));
		printf("msync len 0: %d\n", msync(p, 0, MS_SYNC));
		munmap(p, 4096);
		r = msync(p, 4096, MS_SYNC);
		printf("msync unmapped: %d %s\n", r, en(errno));
	}
	close(rw);

	/* /dev/zero: anonymous zeros */
	int z = open("/dev/zero", O_RDWR);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, z, 0);
	show("/dev/zero private", p);
	if (p != MAP_FAILED) { printf("zeros: %d %d\n", p[0], p[4095]); munmap(p, 4096); }
	close(z);

	/* what has no mmap: pipes, sockets, directories; a closed fd */
	int pfd[2];
	pipe(pfd);
	show("pipe read end", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, pfd[0], 0));
	show("pipe write end", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, pfd[1], 0));
	int s = socket(AF_INET, SOCK_STREAM, 0);
	show("TCP socket, read-only (tcp_mmap)", p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, s, 0));
	if (p != MAP_FAILED) munmap(p, 4096);
	show("TCP socket, writable", mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, s, 0));
	int u = socket(AF_UNIX, SOCK_STREAM, 0);
	show("AF_UNIX socket", mmap(NULL, 4096, PROT_READ, MAP_SHARED, u, 0));
	int g = socket(AF_INET, SOCK_DGRAM, 0);
	show("UDP socket", mmap(NULL, 4096, PROT_READ, MAP_SHARED, g, 0));
	int d = open("/tmp", O_RDONLY | O_DIRECTORY);
	show("directory", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, d, 0));
	show("closed fd", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 99, 0));
	unlink(path);
	return 0;
}
