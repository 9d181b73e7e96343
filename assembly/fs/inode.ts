// struct inode, struct super_block, struct inode_operations (include/linux/fs.h,
// fs/inode.c, fs/super.c).
import { kzalloc_obj, kfree_obj, kfree } from "../kernel/slab";
import { FileOperations } from "../kernel/fs";
import { S_IFMT } from "../uapi/stat";

import { host_ktime_get_real_ns } from "../arch/host";

/** current_time(): inode timestamps are wall-clock nanoseconds. */
export function current_time(): i64 {
  return <i64>host_ktime_get_real_ns();
}

/** SB_RDONLY (include/linux/fs.h): the file system is mounted read-only. */
export const SB_RDONLY: u32 = 1;
/** The file system's names are not kept in the dentry cache (/proc: what they name changes). */
export const SB_NOCACHE: u32 = 0x100;

/**
 * struct super_block, what a tmpfs or a host mount needs:
 *   s_dev        device number stat reports (st_dev)
 *   s_flags      SB_RDONLY
 *   s_magic      the f_type statfs would report (TMPFS_MAGIC, ...)
 *   s_bytes      bytes of file data the file system holds (tmpfs: counted against s_maxbytes)
 *   s_maxbytes   tmpfs's size= limit (ENOSPC beyond it)
 *   s_root       the root dentry (a Dentry)
 *   s_private    the file system's own data (a host mount's handle)
 *   s_statfs     super_operations->statfs of a file system that is not tmpfs: a StatfsOp
 *                kept as its address (0: simple_statfs will do; a null function field traps)
 */
@unmanaged export class SuperBlock {
  s_dev: u32;
  s_flags: u32;
  s_magic: u32;
  s_bytes: i64;
  s_maxbytes: i64;
  s_root: usize;
  s_private: usize;
  s_statfs: usize;
}

/** super_operations->statfs: fill the struct kstatfs at buf (fs/statfs.ts). */
export type StatfsOp = (sb: SuperBlock, buf: usize) => void;

/**
 * struct inode:
 *   i_ino, i_mode, i_nlink, i_uid, i_gid, i_rdev   what stat shows (i_rdev: major << 8 | minor)
 *   i_count     references: one per dentry that names the inode, one per open pipe end
 *   i_size      bytes (regular file data, symlink target length)
 *   i_atime..   timestamps, ns since the epoch
 *   i_op, i_fop  inode and file operations
 *   i_sb         the super block
 *   i_data, i_cap  tmpfs: the file's bytes or the symlink's target, and the buffer's size
 *   i_pipe       the pipe of a FIFO (struct pipe_inode_info), once opened
 *   i_private    a S_IFSOCK inode: the AF_UNIX socket bound to it (0 once it closed)
 *   i_mark       scratch for walks over the tree (fs_tree_objects counts each inode once)
 *   i_host       a host mount's inode: the host's node number for the file (0 otherwise)
 *   i_proc       a /proc inode: what it is (fs/proc.ts PROC_*)
 *   i_version    tmpfs: goes up with every change of a regular file's bytes or size
 *                (inode_inc_iversion()); shared mappings compare it (mm/mmap.ts)
 */
@unmanaged export class Inode {
  i_ino: u32;
  i_mode: u32;
  i_nlink: u32;
  i_uid: u32;
  i_gid: u32;
  i_rdev: u32;
  i_count: i32;
  i_size: i64;
  i_atime: i64;
  i_mtime: i64;
  i_ctime: i64;
  i_op: InodeOperations;
  i_fop: FileOperations;
  i_sb: SuperBlock;
  i_data: usize;
  i_cap: u32;
  i_pipe: usize;
  i_private: usize;
  i_mark: u32;
  i_host: i32;
  i_proc: i32;
  i_version: u32;
}

/**
 * struct inode_operations. Every slot is filled (the file system's own, or a
 * simple_/no_ function answering Linux's errno). `dentry` arguments are Dentry addresses.
 *   lookup   an inode for name in dir that the dcache does not know yet, or null
 *   create, mkdir, mknod, symlink: make the inode, then d_instantiate(dentry, inode)
 *   link, unlink, rmdir, rename: change the names' inodes (the VFS moves the dentries)
 *   setsize  truncate/extend a regular file: 0 or -errno
 */
@unmanaged export class InodeOperations {
  lookup!: (dir: Inode, name: usize, len: i32) => Inode | null;
  create!: (dir: Inode, dentry: usize, mode: u32) => i32;
  mkdir!: (dir: Inode, dentry: usize, mode: u32) => i32;
  mknod!: (dir: Inode, dentry: usize, mode: u32, dev: u32) => i32;
  symlink!: (dir: Inode, dentry: usize, target: usize, len: i32) => i32;
  link!: (old_dentry: usize, dir: Inode, dentry: usize) => i32;
  unlink!: (dir: Inode, dentry: usize) => i32;
  rmdir!: (dir: Inode, dentry: usize) => i32;
  rename!: (old_dir: Inode, old_dentry: usize, new_dir: Inode, new_dentry: usize) => i32;
  setsize!: (inode: Inode, size: i64) => i32;
}

/** Inodes alive (the fuzzer checks none outlives its last reference). */
export let nr_inodes: i32 = 0;
let last_ino: u32 = 1;

/** new_inode() + get_next_ino(): one reference, for the dentry about to name it. */
export function new_inode(sb: SuperBlock, mode: u32, iop: InodeOperations, fop: FileOperations): Inode {
  const inode = kzalloc_obj<Inode>();
  inode.i_ino = ++last_ino;
  inode.i_mode = mode;
  inode.i_nlink = 1;
  inode.i_count = 1;
  inode.i_op = iop;
  inode.i_fop = fop;
  inode.i_sb = sb;
  const now = current_time();
  inode.i_atime = now;
  inode.i_mtime = now;
  inode.i_ctime = now;
  nr_inodes++;
  return inode;
}

/** Set by fs/hostfs: tell the host that a node is forgotten (its inode is evicted). */
let evict_host: (node: i32) => void = evict_host_nop;
function evict_host_nop(node: i32): void {}
export function set_evict_host(fn: (node: i32) => void): void {
  evict_host = fn;
}

/** Set by fs/pipe: free a FIFO's pipe with its inode. */
let evict_pipe: (pipe: usize) => void = evict_pipe_nop;
function evict_pipe_nop(pipe: usize): void {}
export function set_evict_pipe(fn: (pipe: usize) => void): void {
  evict_pipe = fn;
}

export function ihold(inode: Inode): Inode {
  inode.i_count++;
  return inode;
}

/** iput(): the last reference evicts the inode and frees its data (evict()). */
export function iput(inode: Inode): void {
  if (--inode.i_count > 0) return;
  if (inode.i_data) {
    kfree(inode.i_data, inode.i_cap);
    inode.i_sb.s_bytes -= <i64>inode.i_cap;
  }
  if (inode.i_pipe) evict_pipe(inode.i_pipe);
  if (inode.i_host) evict_host(inode.i_host);
  nr_inodes--;
  kfree_obj(inode);
}

export function inode_type(inode: Inode): u32 {
  return inode.i_mode & S_IFMT;
}
