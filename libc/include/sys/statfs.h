/* <sys/statfs.h>: statfs(2)/fstatfs(2) with i386's struct statfs (32-bit counts: a file
 * system too large for them is EOVERFLOW, as with glibc without _FILE_OFFSET_BITS=64). */
#ifndef _SYS_STATFS_H
#define _SYS_STATFS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct { int __val[2]; } fsid_t;

struct statfs {
	int f_type, f_bsize;
	unsigned long f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	fsid_t f_fsid;
	int f_namelen, f_frsize, f_flags, f_spare[4];
};

struct statfs64 {
	uint32_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	fsid_t f_fsid;
	uint32_t f_namelen, f_frsize, f_flags, f_spare[4];
} __attribute__((packed));

int statfs (const char *, struct statfs *);
int fstatfs (int, struct statfs *);
int statfs64 (const char *, struct statfs64 *);
int fstatfs64 (int, struct statfs64 *);

/* f_type values (include/uapi/linux/magic.h) */
#define TMPFS_MAGIC         0x01021994
#define PROC_SUPER_MAGIC    0x9fa0
#define SOCKFS_MAGIC        0x534F434B
#define PIPEFS_MAGIC        0x50495045

#ifdef __cplusplus
}
#endif

#endif
