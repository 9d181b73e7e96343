/* int80: stat(2) family. The kernel fills i386's struct stat64 (96 bytes); this copies it
 * into wasi-libc's struct stat (64-bit fields, struct timespec times). */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <fcntl.h>
#include <errno.h>
#include <string.h>
#include <stdint.h>
#include "int80.h"

struct __int80_stat64 {
	uint64_t st_dev;
	uint32_t __pad0;
	uint32_t __st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint32_t __pad3;
	int64_t st_size;
	uint32_t st_blksize;
	uint64_t st_blocks;
	uint32_t k_atime, k_atime_nsec;
	uint32_t k_mtime, k_mtime_nsec;
	uint32_t k_ctime, k_ctime_nsec;
	uint64_t st_ino;
} __attribute__((packed));

_Static_assert(sizeof(struct __int80_stat64) == 96, "i386 struct stat64");

static int cp(int r, const struct __int80_stat64 *k, struct stat *st)
{
	if (r < 0) return __syscall_ret(r);
	memset(st, 0, sizeof *st);
	st->st_dev = k->st_dev;
	st->st_ino = k->st_ino;
	st->st_nlink = k->st_nlink;
	st->st_mode = k->st_mode;
	st->st_uid = k->st_uid;
	st->st_gid = k->st_gid;
	st->st_rdev = k->st_rdev;
	st->st_size = k->st_size;
	st->st_blksize = k->st_blksize;
	st->st_blocks = k->st_blocks;
	st->st_atim.tv_sec = k->k_atime; st->st_atim.tv_nsec = k->k_atime_nsec;
	st->st_mtim.tv_sec = k->k_mtime; st->st_mtim.tv_nsec = k->k_mtime_nsec;
	st->st_ctim.tv_sec = k->k_ctime; st->st_ctim.tv_nsec = k->k_ctime_nsec;
	return 0;
}

int fstatat(int dfd, const char *restrict p, struct stat *restrict st, int flags)
{
	struct __int80_stat64 k;
	return cp(__syscall4(__NR_fstatat64, dfd, p, &k, flags), &k, st);
}

int stat(const char *restrict p, struct stat *restrict st)
{
	struct __int80_stat64 k;
	return cp(__syscall2(__NR_stat64, p, &k), &k, st);
}

int lstat(const char *restrict p, struct stat *restrict st)
{
	struct __int80_stat64 k;
	return cp(__syscall2(__NR_lstat64, p, &k), &k, st);
}

int fstat(int fd, struct stat *st)
{
	struct __int80_stat64 k;
	return cp(__syscall2(__NR_fstat64, fd, &k), &k, st);
}

int __wasilibc_stat(const char *p, struct stat *st, int flags) { return fstatat(AT_FDCWD, p, st, flags); }

#include <sys/statfs.h>

int statfs(const char *p, struct statfs *b) { return __syscall_ret(__syscall2(__NR_statfs, p, b)); }
int fstatfs(int fd, struct statfs *b) { return __syscall_ret(__syscall2(__NR_fstatfs, fd, b)); }
int statfs64(const char *p, struct statfs64 *b) { return __syscall_ret(__syscall3(__NR_statfs64, p, sizeof *b, b)); }
int fstatfs64(int fd, struct statfs64 *b) { return __syscall_ret(__syscall3(__NR_fstatfs64, fd, sizeof *b, b)); }

/* statfs64(2) fills i386's struct statfs64 (84 bytes): type, bsize, u64 blocks, bfree,
 * bavail, files, ffree, fsid[2], namelen, frsize, flags, spare[4]. */
struct __int80_statfs64 {
	uint32_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
} __attribute__((packed));

static int cpvfs(int r, const struct __int80_statfs64 *k, struct statvfs *v)
{
	if (r < 0) return __syscall_ret(r);
	memset(v, 0, sizeof *v);
	v->f_bsize = k->f_bsize;
	v->f_frsize = k->f_frsize ? k->f_frsize : k->f_bsize;
	v->f_blocks = k->f_blocks;
	v->f_bfree = k->f_bfree;
	v->f_bavail = k->f_bavail;
	v->f_files = k->f_files;
	v->f_ffree = k->f_ffree;
	v->f_favail = k->f_ffree;
	v->f_fsid = (unsigned)k->f_fsid[0];
	v->f_flag = k->f_flags & ~0x20; /* without ST_VALID, as glibc */
	v->f_namemax = k->f_namelen;
	return 0;
}

int statvfs(const char *restrict p, struct statvfs *restrict v)
{
	struct __int80_statfs64 k;
	return cpvfs(__syscall3(__NR_statfs64, p, sizeof k, &k), &k, v);
}

int fstatvfs(int fd, struct statvfs *v)
{
	struct __int80_statfs64 k;
	return cpvfs(__syscall3(__NR_fstatfs64, fd, sizeof k, &k), &k, v);
}
