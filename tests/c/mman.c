/* Anonymous mappings: mmap/munmap/mprotect with Linux's errors, memory that
 * reads as zero, partial munmap and mprotect (VMAs split), and memory given
 * back: mapping and unmapping many times does not run out. */
/* (mprotect of a range with a hole is -ENOMEM on Linux and here) */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *en(int e)
{
	switch (e) {
	case EINVAL: return "EINVAL";
	case ENOMEM: return "ENOMEM";
	case EBADF: return "EBADF";
	case ENODEV: return "ENODEV";
	case EACCES: return "EACCES";
	default: return strerror(e);
	}
}

#define TRY(call) do { errno = 0; long r_ = (long)(call); printf("%-60s %ld %s\n", #call, r_ == -1 ? -1L : (long)(r_ != 0), r_ == -1 ? en(errno) : "ok"); } while (0)

int main(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	printf("page size %ld\n", pg);
	char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap 3 pages: %s, page aligned %d\n", p == MAP_FAILED ? en(errno) : "ok", ((uintptr_t)p & 4095) == 0);
	int zero = 1;
	for (int i = 0; i < 3 * 4096; i++) if (p[i]) zero = 0;
	printf("reads as zero: %d\n", zero);
	memset(p, 'x', 3 * 4096);
	strcpy(p + 4096, "middle page");
	printf("written: %c %s %c\n", p[0], p + 4096, p[3 * 4096 - 1]);

	TRY(mprotect(p + 4096, 4096, PROT_READ));
	TRY(mprotect(p + 1, 4096, PROT_READ));
	TRY(mprotect(p, 4096, 0x40));
	/* partial munmap: the middle page goes, its neighbours stay */
	TRY(munmap(p + 4096, 4096));
	printf("after partial munmap: %c %c\n", p[0], p[2 * 4096]);
	/* (ranges with holes are left out: qemu-user, which records the
	 * reference here, answers them differently from the kernel) */
	TRY(mprotect(p + 2 * 4096, 4096, PROT_READ | PROT_WRITE));
	TRY(munmap(p + 4096, 4096));
	TRY(munmap(p, 3 * 4096));
	TRY(munmap(p + 1, 4096));
	TRY(munmap(p, 0));

	TRY(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	TRY(mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0));
	TRY(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 100));
	TRY(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0));
	TRY(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 99, 0));
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	TRY(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, s, 0));
	TRY(mmap(NULL, 0xf0000000u, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	close(s);

	/* 64 x 80 MiB = 5 GiB mapped and unmapped, more than a 32-bit address
	 * space holds: only possible if munmap gives the memory back */
	int ok = 1;
	for (int i = 0; i < 64 && ok; i++) {
		char *q = mmap(NULL, 80 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (q == MAP_FAILED || q[100] != 0 || q[(80 << 20) - 1] != 0) { ok = 0; break; }
		q[100] = 1;
		q[(80 << 20) - 1] = 1;
		if (munmap(q, 80 << 20)) ok = 0;
	}
	printf("64 map/unmap cycles of 80 MiB: %s\n", ok ? "ok" : "failed");
	return 0;
}
