// statfs(2), fstatfs(2), statfs64(2), fstatfs64(2) (fs/statfs.c, mm/shmem.c shmem_statfs,
// fs/libfs.c simple_statfs) into the i386 struct statfs (64 bytes, 32-bit counts) and
// struct statfs64 (84 bytes, packed: 64-bit counts at 4-byte alignment).
import { current } from "../kernel/sched";
import { File } from "../kernel/fs";
import { files_lookup } from "../kernel/fdtable";
import { copy_to_user } from "../kernel/uaccess";
import { ktrace } from "../kernel/trace";
import { PTR_ERR, IS_ERR } from "../kernel/err";
import { Inode, SuperBlock, SB_RDONLY, StatfsOp, nr_inodes } from "./inode";
import { dput } from "./dcache";
import { user_path_at, LOOKUP_FOLLOW } from "./namei";
import { TMPFS_MAGIC } from "./tmpfs";
import * as E from "../uapi/errno";
import * as S from "../uapi/stat";

const SOCKFS_MAGIC: u32 = 0x534f434b;
const ANON_INODE_FS_MAGIC: u32 = 0x09041934;
const DEVPTS_SUPER_MAGIC: u32 = 0x1cd1;
const PAGE_SIZE: u64 = 4096;

// include/linux/statfs.h: f_flags bits
const ST_RDONLY: u32 = 0x0001;
const ST_VALID: u32 = 0x0020;
const ST_RELATIME: u32 = 0x1000;

/** The inodes a tmpfs offers (tmpfs nr_inodes=): Unlike Linux (half the RAM's pages), one per page of size=. */
function tmpfs_max_inodes(sb: SuperBlock): u64 {
  return <u64>sb.s_maxbytes / PAGE_SIZE;
}

/** struct kstatfs */
@unmanaged class Kstatfs {
  f_type: u32;
  f_bsize: u32;
  f_blocks: u64;
  f_bfree: u64;
  f_bavail: u64;
  f_files: u64;
  f_ffree: u64;
  f_fsid: u64;
  f_namelen: u32;
  f_frsize: u32;
  f_flags: u32;
}
const st = changetype<Kstatfs>(memory.data(offsetof<Kstatfs>()));
const out = memory.data(84);

/** simple_statfs(): the type, the page size and NAME_MAX; no counts. */
function simple_statfs(magic: u32): void {
  memory.fill(changetype<usize>(st), 0, offsetof<Kstatfs>());
  st.f_type = magic;
  st.f_bsize = <u32>PAGE_SIZE;
  st.f_namelen = S.NAME_MAX;
}

/**
 * The super block's statfs: shmem_statfs() for a tmpfs (blocks of size= and what its files
 * hold, inodes), the host's numbers for a host mount (its s_statfs), simple_statfs otherwise.
 */
function sb_statfs(sb: SuperBlock): void {
  simple_statfs(sb.s_magic);
  if (sb.s_magic == TMPFS_MAGIC && sb.s_maxbytes > 0) {
    st.f_blocks = <u64>sb.s_maxbytes / PAGE_SIZE;
    const used = (<u64>sb.s_bytes + PAGE_SIZE - 1) / PAGE_SIZE;
    st.f_bfree = st.f_bavail = used < st.f_blocks ? st.f_blocks - used : 0;
    st.f_files = tmpfs_max_inodes(sb);
    const inodes = <u64>nr_inodes;
    st.f_ffree = inodes < st.f_files ? st.f_files - inodes : 0;
  } else if (sb.s_statfs) {
    changetype<StatfsOp>(sb.s_statfs)(sb, changetype<usize>(st));
  }
}

/** vfs_statfs() + calculate_f_flags(): ST_VALID, ST_RDONLY for a read-only mount, relatime. */
function vfs_statfs_inode(inode: Inode): void {
  sb_statfs(inode.i_sb);
  st.f_flags = ST_VALID | ST_RELATIME | ((inode.i_sb.s_flags & SB_RDONLY) ? ST_RDONLY : 0);
  if (!st.f_frsize) st.f_frsize = st.f_bsize;
}

/** fd_statfs(): a file without an inode is in sockfs, anon_inodefs or devpts (the console). */
function fd_statfs(fd: i32): i32 {
  const f = files_lookup(current.files, fd);
  if (!f) return -E.EBADF;
  if (f.f_inode) {
    vfs_statfs_inode(changetype<Inode>(f.f_inode));
    return 0;
  }
  const type = f.f_op.anon_mode & S.S_IFMT;
  simple_statfs(type == S.S_IFSOCK ? SOCKFS_MAGIC : type == S.S_IFCHR ? DEVPTS_SUPER_MAGIC : ANON_INODE_FS_MAGIC);
  st.f_flags = ST_VALID | ST_RELATIME;
  st.f_frsize = st.f_bsize;
  return 0;
}

function user_statfs(upath: u32): i32 {
  ktrace("user_statfs");
  const d = user_path_at(S.AT_FDCWD, upath, LOOKUP_FOLLOW);
  if (IS_ERR(d)) return PTR_ERR(d);
  vfs_statfs_inode(d.d_inode!);
  dput(d);
  return 0;
}

/** do_statfs_native(): the 32-bit struct statfs; -EOVERFLOW when a count does not fit (put_compat_statfs). */
function do_statfs_native(ubuf: u32): i32 {
  const big: u64 = 0xffffffff;
  if (st.f_blocks > big || st.f_bfree > big || st.f_bavail > big) return -E.EOVERFLOW;
  if ((st.f_files > big && st.f_files != <u64>-1) || (st.f_ffree > big && st.f_ffree != <u64>-1)) return -E.EOVERFLOW;
  memory.fill(out, 0, 64);
  store<u32>(out, st.f_type);
  store<u32>(out, st.f_bsize, 4);
  store<u32>(out, <u32>st.f_blocks, 8);
  store<u32>(out, <u32>st.f_bfree, 12);
  store<u32>(out, <u32>st.f_bavail, 16);
  store<u32>(out, <u32>st.f_files, 20);
  store<u32>(out, <u32>st.f_ffree, 24);
  store<u64>(out, st.f_fsid, 28);
  store<u32>(out, st.f_namelen, 36);
  store<u32>(out, st.f_frsize, 40);
  store<u32>(out, st.f_flags, 44);
  return copy_to_user(ubuf, out, 64) ? -E.EFAULT : 0;
}

/** do_statfs64(): struct statfs64, 84 bytes on i386 (any other size: -EINVAL, checked first). */
function do_statfs64(ubuf: u32): i32 {
  memory.fill(out, 0, 84);
  store<u32>(out, st.f_type);
  store<u32>(out, st.f_bsize, 4);
  store<u64>(out, st.f_blocks, 8);
  store<u64>(out, st.f_bfree, 16);
  store<u64>(out, st.f_bavail, 24);
  store<u64>(out, st.f_files, 32);
  store<u64>(out, st.f_ffree, 40);
  store<u64>(out, st.f_fsid, 48);
  store<u32>(out, st.f_namelen, 56);
  store<u32>(out, st.f_frsize, 60);
  store<u32>(out, st.f_flags, 64);
  return copy_to_user(ubuf, out, 84) ? -E.EFAULT : 0;
}

export const STATFS64_SIZE: u32 = 84;

export function sys_statfs(pathname: u32, buf: u32): i32 {
  const err = user_statfs(pathname);
  return err < 0 ? err : do_statfs_native(buf);
}

export function sys_fstatfs(fd: i32, buf: u32): i32 {
  const err = fd_statfs(fd);
  return err < 0 ? err : do_statfs_native(buf);
}

export function sys_statfs64(pathname: u32, sz: u32, buf: u32): i32 {
  if (sz != STATFS64_SIZE) return -E.EINVAL;
  const err = user_statfs(pathname);
  return err < 0 ? err : do_statfs64(buf);
}

export function sys_fstatfs64(fd: i32, sz: u32, buf: u32): i32 {
  if (sz != STATFS64_SIZE) return -E.EINVAL;
  const err = fd_statfs(fd);
  return err < 0 ? err : do_statfs64(buf);
}
