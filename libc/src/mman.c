/* mmap(2), munmap(2), mprotect(2), msync(2): i386's mmap2 (offset in 4096-byte pages),
 * munmap, mprotect, through the kernel (assembly/mm/mmap.ts keeps the VMAs and
 * Linux's checks).
 *
 * The memory of an anonymous mapping comes from this process's allocator: the
 * kernel asks the host, and the host calls __int80_mm_alloc below (exported
 * from the program), which takes a page-aligned block from malloc's heap,
 * growing the Wasm memory when needed, and zeroes it as a fresh mapping is.
 * When munmap has unmapped every page of a block the kernel has the host call
 * __int80_mm_free, and the block goes back to malloc for reuse.
 *
 * Unlike Linux, page protections are not enforced (Wasm memory has none) and
 * MAP_FIXED is refused with EINVAL: see assembly/mm/mmap.ts. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "int80.h"

#define PAGE_SIZE 4096

__attribute__((export_name("__int80_mm_alloc")))
void *__int80_mm_alloc(size_t len)
{
	void *p = aligned_alloc(PAGE_SIZE, len);
	if (p) memset(p, 0, len);
	return p;
}

__attribute__((export_name("__int80_mm_free")))
void __int80_mm_free(void *p)
{
	free(p);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	/* glibc: an offset that is not a multiple of the page size is EINVAL */
	if (off & (PAGE_SIZE - 1)) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	long r = __int80(__NR_mmap2, __sc(addr), (int)len, prot, flags, fd, (int)(off / PAGE_SIZE));
	if (r < 0 && r > -4096) {
		__syscall_ret(r);
		return MAP_FAILED;
	}
	return (void *)(uintptr_t)(unsigned long)r;
}

int munmap(void *addr, size_t len)
{
	return __syscall_ret(__syscall2(__NR_munmap, addr, len));
}

int mprotect(void *addr, size_t len, int prot)
{
	return __syscall_ret(__syscall3(__NR_mprotect, addr, len, prot));
}

int msync(void *addr, size_t len, int flags)
{
	return __syscall_ret(__syscall3(__NR_msync, addr, len, flags));
}
