// File types, permission bits and the user-visible file structs of i386 Linux:
// include/uapi/linux/stat.h, arch/x86/include/uapi/asm/stat.h (struct stat64),
// include/uapi/linux/stat.h (struct statx), include/linux/dirent.h (linux_dirent64),
// include/uapi/linux/fcntl.h (AT_*).

export const S_IFMT: u32 = 0o170000;
export const S_IFSOCK: u32 = 0o140000;
export const S_IFLNK: u32 = 0o120000;
export const S_IFREG: u32 = 0o100000;
export const S_IFBLK: u32 = 0o060000;
export const S_IFDIR: u32 = 0o040000;
export const S_IFCHR: u32 = 0o020000;
export const S_IFIFO: u32 = 0o010000;
export const S_ISUID: u32 = 0o4000;
export const S_ISGID: u32 = 0o2000;
export const S_ISVTX: u32 = 0o1000;
export const S_IALLUGO: u32 = 0o7777;

// @ts-ignore: decorator
@inline export function S_ISDIR(m: u32): bool { return (m & S_IFMT) == S_IFDIR; }
// @ts-ignore: decorator
@inline export function S_ISREG(m: u32): bool { return (m & S_IFMT) == S_IFREG; }
// @ts-ignore: decorator
@inline export function S_ISLNK(m: u32): bool { return (m & S_IFMT) == S_IFLNK; }
// @ts-ignore: decorator
@inline export function S_ISFIFO(m: u32): bool { return (m & S_IFMT) == S_IFIFO; }
// @ts-ignore: decorator
@inline export function S_ISCHR(m: u32): bool { return (m & S_IFMT) == S_IFCHR; }
// @ts-ignore: decorator
@inline export function S_ISSOCK(m: u32): bool { return (m & S_IFMT) == S_IFSOCK; }

// AT_* (include/uapi/linux/fcntl.h)
export const AT_FDCWD: i32 = -100;
export const AT_SYMLINK_NOFOLLOW: u32 = 0x100;
export const AT_REMOVEDIR: u32 = 0x200;
export const AT_EACCESS: u32 = 0x200;
export const AT_SYMLINK_FOLLOW: u32 = 0x400;
export const AT_NO_AUTOMOUNT: u32 = 0x800;
export const AT_EMPTY_PATH: u32 = 0x1000;
export const AT_STATX_SYNC_TYPE: u32 = 0x6000;

// renameat2 flags
export const RENAME_NOREPLACE: u32 = 1;
export const RENAME_EXCHANGE: u32 = 2;
export const RENAME_WHITEOUT: u32 = 4;

// access(2) modes
export const F_OK: i32 = 0;
export const X_OK: i32 = 1;
export const W_OK: i32 = 2;
export const R_OK: i32 = 4;

// lseek whence
export const SEEK_SET = 0;
export const SEEK_CUR = 1;
export const SEEK_END = 2;
export const SEEK_DATA = 3;
export const SEEK_HOLE = 4;

/**
 * struct stat64 (i386), 96 bytes:
 *   0 u64 st_dev   8 pad[4]   12 u32 __st_ino   16 u32 st_mode   20 u32 st_nlink
 *   24 u32 st_uid  28 u32 st_gid  32 u64 st_rdev  40 pad[4]  44 i64 st_size
 *   52 u32 st_blksize  56 u64 st_blocks  64 u32 st_atime 68 st_atime_nsec
 *   72 st_mtime 76 st_mtime_nsec  80 st_ctime 84 st_ctime_nsec  88 u64 st_ino
 */
export const STAT64_SIZE = 96;
export const STAT64_DEV = 0;
export const STAT64___INO = 12;
export const STAT64_MODE = 16;
export const STAT64_NLINK = 20;
export const STAT64_UID = 24;
export const STAT64_GID = 28;
export const STAT64_RDEV = 32;
export const STAT64_SIZE_OFF = 44;
export const STAT64_BLKSIZE = 52;
export const STAT64_BLOCKS = 56;
export const STAT64_ATIME = 64;
export const STAT64_MTIME = 72;
export const STAT64_CTIME = 80;
export const STAT64_INO = 88;

/**
 * struct statx, 256 bytes:
 *   0 u32 stx_mask  4 u32 stx_blksize  8 u64 stx_attributes  16 u32 stx_nlink
 *   20 u32 stx_uid  24 u32 stx_gid  28 u16 stx_mode  32 u64 stx_ino  40 u64 stx_size
 *   48 u64 stx_blocks  56 u64 stx_attributes_mask
 *   64 atime {i64 sec, u32 nsec, pad}  80 btime  96 ctime  112 mtime
 *   128 u32 rdev_major 132 rdev_minor 136 dev_major 140 dev_minor
 */
export const STATX_SIZE = 256;
export const STATX_BASIC_STATS: u32 = 0x7ff;
export const STATX__RESERVED: u32 = 0x80000000;

/** struct linux_dirent64: u64 d_ino, i64 d_off, u16 d_reclen, u8 d_type, char d_name[]. */
export const DIRENT64_NAME = 19;
export const DT_UNKNOWN: u8 = 0;
export const DT_FIFO: u8 = 1;
export const DT_CHR: u8 = 2;
export const DT_DIR: u8 = 4;
export const DT_BLK: u8 = 6;
export const DT_REG: u8 = 8;
export const DT_LNK: u8 = 10;
export const DT_SOCK: u8 = 12;

/** struct linux_dirent (getdents(2), 32-bit): u32 d_ino, u32 d_off, u16 d_reclen, name, pad, d_type. */
export const DIRENT_NAME = 10;

export const PATH_MAX = 4096;
export const NAME_MAX = 255;
/** MAXSYMLINKS (include/linux/namei.h): links followed in one lookup. */
export const MAXSYMLINKS = 40;
