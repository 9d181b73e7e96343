// struct file and struct file_operations (include/linux/fs.h, fs/file_table.c).
import { kzalloc_obj, kfree_obj } from "./slab";
import { IovIter } from "./iov_iter";
import { PollTable } from "./poll";

/**
 * struct file_operations. Every slot is filled; files that cannot do something use the
 * no_* functions below, which return Linux's errno for that case.
 */
@unmanaged export class FileOperations {
  name: usize; // static string for traces ("socket", "console")
  /** the st_mode fstat shows for a file of these operations that has no inode (sockets, console) */
  anon_mode: u32;
  read_iter!: (file: File, iter: IovIter) => i32;
  write_iter!: (file: File, iter: IovIter) => i32;
  poll!: (file: File, pt: PollTable | null) => u32;
  unlocked_ioctl!: (file: File, cmd: u32, arg: u32) => i32;
  release!: (file: File) => void;
  /** lseek(2): the new position or -errno (no_llseek: -ESPIPE) */
  llseek!: (file: File, offset: i64, whence: i32) => i64;
  /** getdents64(2): emit entries from f_pos through the DirContext (not a directory: -ENOTDIR) */
  iterate_shared!: (file: File, ctx: usize) => i32;
  /**
   * mmap(2) of the file, optional: left as no_mmap, the file cannot be mapped (-ENODEV), as
   * with a NULL f_op->mmap on Linux. It fills the new mapping's user pages [addr, addr+len) with
   * the file's bytes from page pgoff (what the page cache would show; past EOF stays zero),
   * or refuses the protection (-errno: the mapping is undone).
   */
  mmap: (file: File, addr: u32, len: u32, pgoff: u32, prot: u32) => i32 = no_mmap;
  /**
   * The rest is for files whose MAP_SHARED mappings are shared (tmpfs, mm/mmap.ts "Shared
   * mappings"): each process's mapping is a copy of the file's pages in its own memory, kept
   * exact by copying at the points where control passes between processes. A file without
   * them (no_mmap) has mappings that are copies made once, at mmap.
   *
   * mmap_sync: copy out. The mapping's user pages [addr, addr+len) at file page pgoff go into
   * the file, up to its size (a mapping never extends a file); when a byte changed, the file's
   * version goes up. 0 or -errno.
   */
  mmap_sync: (file: File, addr: u32, len: u32, pgoff: u32, prot: u32) => i32 = no_mmap;
  /** copy in: the file's bytes from page pgoff into [addr, addr+len), zero past EOF. 0 or -errno. */
  mmap_fill: (file: File, addr: u32, len: u32, pgoff: u32, prot: u32) => i32 = no_mmap;
  /**
   * The file's data version (inode->i_version): it changes with every change of its bytes or
   * size (write, truncate, a mapping's copy out), so a mapping that saw version v is current
   * while the file still has v.
   */
  mmap_version: (file: File) => u32 = no_mmap_version;
  /**
   * The kernel stored n bytes (kernel memory at `from`) into a process's shared mapping at
   * file byte `pos` (copy_to_user into the mapping, e.g. read(2) into it): they go into the
   * file too, up to its size, and the version goes up.
   */
  mmap_store: (file: File, pos: i64, from: usize, n: u32) => void = no_mmap_store;
  /**
   * A MAP_SHARED mapping of this file is anonymous shared memory instead (mmap_zero() of
   * /dev/zero calls shmem_zero_setup for a VM_SHARED vma): 1, else 0.
   */
  mmap_shared_anon: u32 = 0;
}

/** The unset mmap_version slot: never called for a file without mmap_fill. */
export function no_mmap_version(file: File): u32 {
  return 0;
}

/** The unset mmap_store slot. */
export function no_mmap_store(file: File, pos: i64, from: usize, n: u32): void {}

/** Whether a MAP_SHARED mapping of the file is kept shared (f_op->mmap_fill is set). */
export function file_mmap_shared(file: File): bool {
  return changetype<usize>(file.f_op.mmap_fill) != changetype<usize>(no_mmap);
}

/**
 * shmem_zero_setup() / shmem_file_setup("dev/zero"): the object behind a MAP_SHARED |
 * MAP_ANONYMOUS mapping, an unlinked tmpfs file of `size` bytes (zero) opened read-write,
 * or null (-ENOMEM). Set by fs/tmpfs.ts (the kernel layer cannot name tmpfs).
 */
let shmem_zero_file: (size: u32) => File | null = no_shmem_zero_file;
function no_shmem_zero_file(size: u32): File | null { return null; }
export function set_shmem_zero_setup(fn: (size: u32) => File | null): void {
  shmem_zero_file = fn;
}
export function shmem_zero_setup(size: u32): File | null {
  return shmem_zero_file(size);
}

/** The unset mmap slots. */
export function no_mmap(file: File, addr: u32, len: u32, pgoff: u32, prot: u32): i32 {
  return -19; // -ENODEV
}

/** f_op->mmap is set (Linux's `if (!file->f_op->mmap)` test). */
export function file_can_mmap(file: File): bool {
  return changetype<usize>(file.f_op.mmap) != changetype<usize>(no_mmap);
}

/**
 * struct file:
 *   f_op           operations
 *   f_flags        O_* status flags (O_RDWR, O_NONBLOCK, ...)
 *   f_count        references (fd table slots, in-flight SCM_RIGHTS)
 *   private_data   the struct socket of a socket file; the console fd for a console file;
 *                  the pipe of a pipe or FIFO
 *   f_pos          the file position (read/write/lseek/getdents)
 *   f_path         the dentry the file was opened through (a reference), 0 for sockets,
 *                  epoll and console files, which have no name
 *   f_inode        the inode behind f_path (0 when none)
 *   f_mode         FMODE_* bits: what the file may do (read, write, seek, pread)
 */
@unmanaged export class File {
  f_op: FileOperations;
  f_flags: u32;
  f_count: i32;
  private_data: usize;
  f_pos: i64;
  f_path: usize;
  f_inode: usize;
  f_mode: u32;
}

// f_mode bits (include/linux/fs.h)
export const FMODE_READ: u32 = 0x1;
export const FMODE_WRITE: u32 = 0x2;
export const FMODE_LSEEK: u32 = 0x4;
export const FMODE_PREAD: u32 = 0x8;
export const FMODE_PWRITE: u32 = 0x10;
export const FMODE_PATH: u32 = 0x4000;

/** no_llseek(): files without a position (sockets, pipes, the console). */
export function no_llseek(file: File, offset: i64, whence: i32): i64 {
  return -29; // -ESPIPE
}

/** Files that are not directories: getdents64 answers -ENOTDIR. */
export function no_iterate(file: File, ctx: usize): i32 {
  return -20; // -ENOTDIR
}

/** Set by fs/dcache: drop the file's dentry when the last reference goes (fput -> dput). */
let fput_path: (path: usize) => void = fput_path_nop;
function fput_path_nop(path: usize): void {}
export function set_fput_path(fn: (path: usize) => void): void {
  fput_path = fn;
}

/** Set by fs/locks: drop the flock lock of a file whose last reference goes (locks_remove_file). */
let locks_remove_file: (f: File) => void = locks_remove_nop;
function locks_remove_nop(f: File): void {}
export function set_locks_remove_file(fn: (f: File) => void): void {
  locks_remove_file = fn;
}

export function alloc_file(fop: FileOperations, flags: u32, private_data: usize): File {
  const f = kzalloc_obj<File>();
  f.f_op = fop;
  f.f_flags = flags;
  f.f_count = 1;
  f.private_data = private_data;
  f.f_mode = (flags + 1) & 3; // OPEN_FMODE(): FMODE_READ, FMODE_WRITE from O_ACCMODE
  return f;
}

export function get_file(f: File): File {
  f.f_count++;
  return f;
}

/** fput(): drop a reference; the last one releases the file. */
export function fput(f: File): void {
  if (--f.f_count > 0) return;
  locks_remove_file(f);
  f.f_op.release(f);
  if (f.f_path) fput_path(f.f_path);
  kfree_obj(f);
}
