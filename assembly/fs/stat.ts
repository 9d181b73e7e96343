// stat(2) and friends (fs/stat.c): generic_fillattr() into the i386 struct stat64, the
// old struct stat, or struct statx.
import { current } from "../kernel/sched";
import { File, FMODE_PATH } from "../kernel/fs";
import { files_lookup } from "../kernel/fdtable";
import { copy_to_user } from "../kernel/uaccess";
import { ktrace } from "../kernel/trace";
import { PTR_ERR, IS_ERR } from "../kernel/err";
import { Inode } from "./inode";
import { Dentry, dput } from "./dcache";
import { user_path_at, getname, pathbuf, filename_lookup, LOOKUP_FOLLOW } from "./namei";
import * as E from "../uapi/errno";
import * as S from "../uapi/stat";

/** struct kstat */
@unmanaged class Kstat {
  dev: u32;
  ino: u32;
  mode: u32;
  nlink: u32;
  uid: u32;
  gid: u32;
  rdev: u32;
  size: i64;
  blksize: u32;
  blocks: i64;
  atime: i64;
  mtime: i64;
  ctime: i64;
}
const kst = changetype<Kstat>(memory.data(offsetof<Kstat>()));
const out = memory.data(S.STATX_SIZE);

/** The device number of sockfs/pipefs/anon_inodefs files (no super block here). */
const ANON_DEV: u32 = 0x0d;

function generic_fillattr(inode: Inode): void {
  kst.dev = inode.i_sb.s_dev;
  kst.ino = inode.i_ino;
  kst.mode = inode.i_mode;
  kst.nlink = inode.i_nlink;
  kst.uid = inode.i_uid;
  kst.gid = inode.i_gid;
  kst.rdev = inode.i_rdev;
  kst.size = S.S_ISREG(inode.i_mode) || S.S_ISLNK(inode.i_mode) ? inode.i_size : 0;
  if (S.S_ISDIR(inode.i_mode)) kst.size = 4096; // Unlike tmpfs (entries * 20), one block
  kst.blksize = 4096;
  kst.blocks = <i64>(inode.i_cap >> 9);
  kst.atime = inode.i_atime;
  kst.mtime = inode.i_mtime;
  kst.ctime = inode.i_ctime;
}

/** A file without an inode of ours (socket, console, epoll): what sockfs/anon_inodefs show. */
function anon_fillattr(f: File): void {
  memory.fill(changetype<usize>(kst), 0, offsetof<Kstat>());
  kst.dev = ANON_DEV;
  kst.ino = <u32>changetype<usize>(f);
  kst.mode = f.f_op.anon_mode;
  kst.nlink = 1;
  kst.uid = current.uid;
  kst.gid = current.gid;
  kst.blksize = 4096;
  if (S.S_ISCHR(kst.mode)) kst.rdev = 136 << 8; // /dev/pts/0
}

function fill_file(f: File): void {
  if (f.f_inode) generic_fillattr(changetype<Inode>(f.f_inode));
  else anon_fillattr(f);
}

function put_time(off: i32, ns: i64): void {
  store<u32>(out + off, <u32>(ns / 1000000000));
  store<u32>(out + off + 4, <u32>(ns % 1000000000));
}

/** cp_new_stat64(): -EOVERFLOW is not needed, every field fits. */
function cp_new_stat64(ubuf: u32): i32 {
  memory.fill(out, 0, S.STAT64_SIZE);
  store<u64>(out + S.STAT64_DEV, <u64>kst.dev);
  store<u32>(out + S.STAT64___INO, kst.ino);
  store<u32>(out + S.STAT64_MODE, kst.mode);
  store<u32>(out + S.STAT64_NLINK, kst.nlink);
  store<u32>(out + S.STAT64_UID, kst.uid);
  store<u32>(out + S.STAT64_GID, kst.gid);
  store<u64>(out + S.STAT64_RDEV, <u64>kst.rdev);
  store<i64>(out + S.STAT64_SIZE_OFF, kst.size);
  store<u32>(out + S.STAT64_BLKSIZE, kst.blksize);
  store<i64>(out + S.STAT64_BLOCKS, kst.blocks);
  put_time(S.STAT64_ATIME, kst.atime);
  put_time(S.STAT64_MTIME, kst.mtime);
  put_time(S.STAT64_CTIME, kst.ctime);
  store<u64>(out + S.STAT64_INO, <u64>kst.ino);
  return copy_to_user(ubuf, out, S.STAT64_SIZE) ? -E.EFAULT : 0;
}

/**
 * cp_new_stat() for the i386 struct stat (64 bytes: u32 dev, ino; u16 mode, nlink, uid,
 * gid; u32 rdev, size, blksize, blocks, then three u32 sec/nsec pairs): -EOVERFLOW for
 * sizes past 2 GiB, as Linux.
 */
function cp_new_stat(ubuf: u32): i32 {
  if (kst.size > 0x7fffffff) return -E.EOVERFLOW;
  memory.fill(out, 0, 64);
  store<u32>(out, kst.dev);
  store<u32>(out, kst.ino, 4);
  store<u16>(out, <u16>kst.mode, 8);
  store<u16>(out, <u16>kst.nlink, 10);
  store<u16>(out, <u16>kst.uid, 12);
  store<u16>(out, <u16>kst.gid, 14);
  store<u32>(out, kst.rdev, 16);
  store<u32>(out, <u32>kst.size, 20);
  store<u32>(out, kst.blksize, 24);
  store<u32>(out, <u32>kst.blocks, 28);
  put_time(32, kst.atime);
  put_time(40, kst.mtime);
  put_time(48, kst.ctime);
  return copy_to_user(ubuf, out, 64) ? -E.EFAULT : 0;
}

function stx_time(off: i32, ns: i64): void {
  store<i64>(out + off, ns / 1000000000);
  store<u32>(out + off + 8, <u32>(ns % 1000000000));
}

/** cp_statx(): the basic stats (no birth time, as tmpfs). */
function cp_statx(ubuf: u32): i32 {
  memory.fill(out, 0, S.STATX_SIZE);
  store<u32>(out, S.STATX_BASIC_STATS);
  store<u32>(out, kst.blksize, 4);
  store<u32>(out, kst.nlink, 16);
  store<u32>(out, kst.uid, 20);
  store<u32>(out, kst.gid, 24);
  store<u16>(out, <u16>kst.mode, 28);
  store<u64>(out, <u64>kst.ino, 32);
  store<i64>(out, kst.size, 40);
  store<i64>(out, kst.blocks, 48);
  stx_time(64, kst.atime);
  stx_time(96, kst.ctime);
  stx_time(112, kst.mtime);
  store<u32>(out, kst.rdev >> 8, 128);
  store<u32>(out, kst.rdev & 0xff, 132);
  store<u32>(out, kst.dev >> 8, 136);
  store<u32>(out, kst.dev & 0xff, 140);
  return copy_to_user(ubuf, out, S.STATX_SIZE) ? -E.EFAULT : 0;
}

/** vfs_fstat() */
function vfs_fstat(fd: i32): i32 {
  const f = files_lookup(current.files, fd);
  if (!f) return -E.EBADF;
  fill_file(f);
  return 0;
}

/**
 * vfs_statx(): look the name up (AT_EMPTY_PATH with "" means the descriptor itself) and
 * fill kst. 0 or -errno.
 */
function vfs_statx(dfd: i32, filename: u32, flags: u32): i32 {
  ktrace("vfs_statx");
  if (flags & ~(S.AT_SYMLINK_NOFOLLOW | S.AT_NO_AUTOMOUNT | S.AT_EMPTY_PATH | S.AT_STATX_SYNC_TYPE)) return -E.EINVAL;
  const len = getname(pathbuf, filename);
  if (len < 0) return len;
  if (!len && (flags & S.AT_EMPTY_PATH)) {
    if (dfd == S.AT_FDCWD) {
      generic_fillattr(changetype<Dentry>(current.fs_cwd).d_inode!);
      return 0;
    }
    return vfs_fstat(dfd);
  }
  const d = filename_lookup(dfd, pathbuf, len, (flags & S.AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW);
  if (IS_ERR(d)) return PTR_ERR(d);
  generic_fillattr(d.d_inode!);
  dput(d);
  return 0;
}

export function sys_stat64(filename: u32, statbuf: u32): i32 {
  const err = vfs_statx(S.AT_FDCWD, filename, 0);
  return err < 0 ? err : cp_new_stat64(statbuf);
}

export function sys_lstat64(filename: u32, statbuf: u32): i32 {
  const err = vfs_statx(S.AT_FDCWD, filename, S.AT_SYMLINK_NOFOLLOW);
  return err < 0 ? err : cp_new_stat64(statbuf);
}

export function sys_fstat64(fd: i32, statbuf: u32): i32 {
  const err = vfs_fstat(fd);
  return err < 0 ? err : cp_new_stat64(statbuf);
}

export function sys_fstatat64(dfd: i32, filename: u32, statbuf: u32, flag: u32): i32 {
  const err = vfs_statx(dfd, filename, flag);
  return err < 0 ? err : cp_new_stat64(statbuf);
}

export function sys_stat(filename: u32, statbuf: u32): i32 {
  const err = vfs_statx(S.AT_FDCWD, filename, 0);
  return err < 0 ? err : cp_new_stat(statbuf);
}

export function sys_lstat(filename: u32, statbuf: u32): i32 {
  const err = vfs_statx(S.AT_FDCWD, filename, S.AT_SYMLINK_NOFOLLOW);
  return err < 0 ? err : cp_new_stat(statbuf);
}

export function sys_newfstat(fd: i32, statbuf: u32): i32 {
  const err = vfs_fstat(fd);
  return err < 0 ? err : cp_new_stat(statbuf);
}

export function sys_statx(dfd: i32, filename: u32, flags: u32, mask: u32, buffer: u32): i32 {
  if (mask & S.STATX__RESERVED) return -E.EINVAL;
  if ((flags & S.AT_STATX_SYNC_TYPE) == S.AT_STATX_SYNC_TYPE) return -E.EINVAL;
  const err = vfs_statx(dfd, filename, flags);
  return err < 0 ? err : cp_statx(buffer);
}
