/* int80 <linux/fs.h>: the user-visible part of include/uapi/linux/fs.h that programs
 * use: block device and file ioctls, inode flags, RENAME_* and SEEK_* values. */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <stddef.h>
#include <sys/ioctl.h>
#include <linux/types.h>
#include <linux/limits.h>

#define INR_OPEN_CUR 1024
#define INR_OPEN_MAX 4096
#define BLOCK_SIZE_BITS 10
#define BLOCK_SIZE (1 << BLOCK_SIZE_BITS)

#ifndef SEEK_SET
#define SEEK_SET  0
#define SEEK_CUR  1
#define SEEK_END  2
#endif
#ifndef SEEK_DATA
#define SEEK_DATA 3
#define SEEK_HOLE 4
#endif
#define SEEK_MAX  SEEK_HOLE

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE  (1 << 1)
#define RENAME_WHITEOUT  (1 << 2)
#endif

#define BLKROSET   _IO(0x12, 93)
#define BLKROGET   _IO(0x12, 94)
#define BLKRRPART  _IO(0x12, 95)
#define BLKGETSIZE _IO(0x12, 96)
#define BLKFLSBUF  _IO(0x12, 97)
#define BLKRASET   _IO(0x12, 98)
#define BLKRAGET   _IO(0x12, 99)
#define BLKFRASET  _IO(0x12, 100)
#define BLKFRAGET  _IO(0x12, 101)
#define BLKSECTSET _IO(0x12, 102)
#define BLKSECTGET _IO(0x12, 103)
#define BLKSSZGET  _IO(0x12, 104)
#define BLKBSZGET  _IOR(0x12, 112, size_t)
#define BLKBSZSET  _IOW(0x12, 113, size_t)
#define BLKGETSIZE64 _IOR(0x12, 114, size_t)
#define BLKDISCARD _IO(0x12, 119)
#define BLKIOMIN   _IO(0x12, 120)
#define BLKIOOPT   _IO(0x12, 121)
#define BLKALIGNOFF _IO(0x12, 122)
#define BLKPBSZGET _IO(0x12, 123)
#define BLKDISCARDZEROES _IO(0x12, 124)
#define BLKSECDISCARD _IO(0x12, 125)
#define BLKROTATIONAL _IO(0x12, 126)
#define BLKZEROOUT _IO(0x12, 127)

#define BMAP_IOCTL 1
#define FIBMAP     _IO(0x00, 1)
#define FIGETBSZ   _IO(0x00, 2)
#define FIFREEZE   _IOWR('X', 119, int)
#define FITHAW     _IOWR('X', 120, int)
#define FITRIM     _IOWR('X', 121, struct fstrim_range)
#define FICLONE    _IOW(0x94, 9, int)
#define FICLONERANGE _IOW(0x94, 13, struct file_clone_range)
#define FIDEDUPERANGE _IOWR(0x94, 54, struct file_dedupe_range)

struct fstrim_range { __u64 start; __u64 len; __u64 minlen; };
struct file_clone_range { __s64 src_fd; __u64 src_offset; __u64 src_length; __u64 dest_offset; };

#define FS_IOC_GETFLAGS   _IOR('f', 1, long)
#define FS_IOC_SETFLAGS   _IOW('f', 2, long)
#define FS_IOC_GETVERSION _IOR('v', 1, long)
#define FS_IOC_SETVERSION _IOW('v', 2, long)
#define FS_IOC32_GETFLAGS _IOR('f', 1, int)
#define FS_IOC32_SETFLAGS _IOW('f', 2, int)
#define FS_IOC_FSGETXATTR _IOR('X', 31, struct fsxattr)
#define FS_IOC_FSSETXATTR _IOW('X', 32, struct fsxattr)

struct fsxattr {
	__u32 fsx_xflags;
	__u32 fsx_extsize;
	__u32 fsx_nextents;
	__u32 fsx_projid;
	__u32 fsx_cowextsize;
	unsigned char fsx_pad[8];
};

#define FS_SECRM_FL        0x00000001
#define FS_UNRM_FL         0x00000002
#define FS_COMPR_FL        0x00000004
#define FS_SYNC_FL         0x00000008
#define FS_IMMUTABLE_FL    0x00000010
#define FS_APPEND_FL       0x00000020
#define FS_NODUMP_FL       0x00000040
#define FS_NOATIME_FL      0x00000080
#define FS_DIRTY_FL        0x00000100
#define FS_COMPRBLK_FL     0x00000200
#define FS_NOCOMP_FL       0x00000400
#define FS_ENCRYPT_FL      0x00000800
#define FS_BTREE_FL        0x00001000
#define FS_INDEX_FL        0x00001000
#define FS_IMAGIC_FL       0x00002000
#define FS_JOURNAL_DATA_FL 0x00004000
#define FS_NOTAIL_FL       0x00008000
#define FS_DIRSYNC_FL      0x00010000
#define FS_TOPDIR_FL       0x00020000
#define FS_HUGE_FILE_FL    0x00040000
#define FS_EXTENT_FL       0x00080000
#define FS_VERITY_FL       0x00100000
#define FS_EA_INODE_FL     0x00200000
#define FS_EOFBLOCKS_FL    0x00400000
#define FS_NOCOW_FL        0x00800000
#define FS_DAX_FL          0x02000000
#define FS_INLINE_DATA_FL  0x10000000
#define FS_PROJINHERIT_FL  0x20000000
#define FS_CASEFOLD_FL     0x40000000
#define FS_RESERVED_FL     0x80000000
#define FS_FL_USER_VISIBLE    0x0003DFFF
#define FS_FL_USER_MODIFIABLE 0x000380FF

#define SYNC_FILE_RANGE_WAIT_BEFORE 1
#define SYNC_FILE_RANGE_WRITE       2
#define SYNC_FILE_RANGE_WAIT_AFTER  4
#endif
