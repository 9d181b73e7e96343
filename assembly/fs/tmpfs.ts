// tmpfs (mm/shmem.c, fs/ramfs): a file system that lives in the dentry cache. A regular
// file's bytes are one kernel buffer (i_data, i_cap bytes, page-rounded) charged to the
// super block; the size= limit gives ENOSPC as Linux's tmpfs does.
import { File, FileOperations, alloc_file, set_shmem_zero_setup, FMODE_LSEEK, FMODE_PREAD, FMODE_PWRITE } from "../kernel/fs";
import { IovIter, copy_to_iter, copy_from_iter } from "../kernel/iov_iter";
import { kzalloc_obj, krealloc, kmalloc } from "../kernel/slab";
import { copy_to_user, copy_from_user, raw_copy_to_user } from "../kernel/uaccess";
import { ktrace } from "../kernel/trace";
import { Inode, InodeOperations, SuperBlock, new_inode, current_time, iput } from "./inode";
import { Dentry, d_instantiate, d_alloc } from "./dcache";
import { generic_file_llseek, simple_dir_operations, default_poll, noop_release, no_ioctl } from "./libfs";
import { no_iterate } from "../kernel/fs";
import { EFAULT, ENOSPC, EFBIG, EINVAL, ENOENT, EPERM } from "../uapi/errno";
import { O_APPEND, O_RDWR } from "../uapi/fcntl";
import * as S from "../uapi/stat";

export const TMPFS_MAGIC: u32 = 0x01021994;
const PAGE_SIZE: u32 = 4096;
/** The largest tmpfs file (the kernel's memory is a wasm32 linear memory). */
export const TMPFS_MAX_FILE: i64 = 0x40000000;

/** The file operations of a special inode (FIFO, device), set by the file system that made it. */
let special_fops: (mode: u32, dev: u32) => FileOperations = no_special_fops;
function no_special_fops(mode: u32, dev: u32): FileOperations { return changetype<FileOperations>(0); }
export function set_init_special_inode(fn: (mode: u32, dev: u32) => FileOperations): void {
  special_fops = fn;
}

/**
 * Grow the data buffer to hold `size` bytes; 0, -EFBIG or -ENOSPC. The buffer grows by
 * half (appends stay linear, and the buffers freed on the way add up to more than the
 * next one, so the kernel heap reuses them), or to all the room the size= limit leaves,
 * never one write's worth at a time: growing a file near the limit by 64 KiB per write
 * once copied it whole each time and left the kernel at 1152 MiB (fuzz seed 3).
 */
function shmem_reserve(inode: Inode, size: i64): i32 {
  if (size > TMPFS_MAX_FILE) return -EFBIG;
  if (size <= <i64>inode.i_cap) return 0;
  const need = (size + PAGE_SIZE - 1) & ~(<i64>PAGE_SIZE - 1);
  const sb = inode.i_sb;
  const room = (sb.s_maxbytes - sb.s_bytes + <i64>inode.i_cap) & ~(<i64>PAGE_SIZE - 1);
  if (need > room) return -ENOSPC;
  let grown = ((<i64>inode.i_cap * 3 / 2) + PAGE_SIZE - 1) & ~(<i64>PAGE_SIZE - 1);
  if (grown < need) grown = need;
  if (grown > TMPFS_MAX_FILE) grown = TMPFS_MAX_FILE;
  if (grown > room) grown = room;
  const cap = <u32>grown;
  // krealloc: in place when the heap allows (a growing file at the heap's end is not
  // copied); the bytes past i_size are zero (shmem_setsize keeps them so), the new ones too
  const p = krealloc(inode.i_data, inode.i_cap, cap);
  memory.fill(p + <usize>inode.i_cap, 0, <usize>(cap - inode.i_cap));
  sb.s_bytes += <i64>cap - <i64>inode.i_cap;
  inode.i_data = p;
  inode.i_cap = cap;
  return 0;
}

/** shmem_setattr() with ATTR_SIZE: truncate or extend with zeros. */
export function shmem_setsize(inode: Inode, size: i64): i32 {
  if (size < 0) return -EINVAL;
  if (size > inode.i_size) {
    const err = shmem_reserve(inode, size);
    if (err < 0) return err;
  } else if (inode.i_data) {
    memory.fill(inode.i_data + <usize>size, 0, <usize>(inode.i_size - size));
  }
  inode.i_size = size;
  inode.i_version++;
  const now = current_time();
  inode.i_mtime = now;
  inode.i_ctime = now;
  return 0;
}

/** shmem_file_read_iter(): bytes from f_pos up to i_size. */
export function shmem_file_read_iter(file: File, iter: IovIter): i32 {
  ktrace("shmem_file_read_iter");
  const inode = changetype<Inode>(file.f_inode);
  const pos = file.f_pos;
  if (pos >= inode.i_size || !iter.count) return 0;
  let n = inode.i_size - pos;
  if (n > <i64>iter.count) n = <i64>iter.count;
  const done = copy_to_iter(inode.i_data + <usize>pos, <u32>n, iter);
  if (!done) return -EFAULT;
  file.f_pos = pos + done;
  inode.i_atime = current_time();
  return <i32>done;
}

/** Bytes generic_perform_write() reserves before copying them (Linux: one folio at a time). */
const WRITE_CHUNK: i64 = 65536;

/**
 * generic_perform_write() into the buffer; O_APPEND writes at the end. Room is reserved a
 * chunk at a time as the bytes are copied, as Linux allocates pages as it copies: a length
 * the user's memory cannot back (1 GiB from a 256 KiB process) faults after what was there,
 * it never grows the kernel to the length first.
 */
export function shmem_file_write_iter(file: File, iter: IovIter): i32 {
  ktrace("shmem_file_write_iter");
  const inode = changetype<Inode>(file.f_inode);
  if (file.f_flags & O_APPEND) file.f_pos = inode.i_size;
  const pos = file.f_pos;
  let n = <i64>iter.count;
  if (!n) return 0;
  if (pos >= TMPFS_MAX_FILE) return -EFBIG;
  if (pos + n > TMPFS_MAX_FILE) n = TMPFS_MAX_FILE - pos;
  let done: i64 = 0;
  while (done < n) {
    let chunk = n - done;
    if (chunk > WRITE_CHUNK) chunk = WRITE_CHUNK;
    const at = pos + done;
    let err = shmem_reserve(inode, at + chunk);
    if (err == -ENOSPC) {
      // what the remaining space holds, as a partial write
      const room = <i64>inode.i_cap + inode.i_sb.s_maxbytes - inode.i_sb.s_bytes;
      chunk = room - at;
      err = chunk > 0 ? shmem_reserve(inode, at + chunk) : -ENOSPC;
    }
    if (err < 0) {
      if (!done) return err;
      break;
    }
    if (at > inode.i_size) memory.fill(inode.i_data + <usize>inode.i_size, 0, <usize>(at - inode.i_size));
    const copied = <i64>copy_from_iter(inode.i_data + <usize>at, <u32>chunk, iter);
    done += copied;
    if (at + copied > inode.i_size) inode.i_size = at + copied;
    if (copied < chunk) break; // a fault: the bytes before it are written
  }
  if (!done) return -EFAULT;
  file.f_pos = pos + done;
  inode.i_version++;
  const now = current_time();
  inode.i_mtime = now;
  inode.i_ctime = now;
  return <i32>done;
}

/** shmem_mmap(): the mapping starts with the file's bytes from page pgoff (zero past EOF). */
function shmem_mmap(file: File, addr: u32, len: u32, pgoff: u32, prot: u32): i32 {
  ktrace("shmem_mmap");
  const inode = changetype<Inode>(file.f_inode);
  const off = <i64>pgoff << 12;
  if (off >= inode.i_size) return 0;
  let n = inode.i_size - off;
  if (n > <i64>len) n = <i64>len;
  return copy_to_user(addr, inode.i_data + <usize>off, <u32>n) ? -EFAULT : 0;
}

/**
 * Bytes of a mapping compared and copied at a time: copy out goes through this buffer, and
 * copy in zero-fills from it (cleared first). Taken from the heap at the first shared
 * mapping's first sync and kept (the kernel's static data has no room left in its
 * initial pages, and a boot-time allocation would change the heap's layout).
 */
const SYNC_CHUNK: u32 = 16384;
let sync_buf: usize = 0;
function sync_buffer(): usize {
  if (!sync_buf) sync_buf = kmalloc(<usize>SYNC_CHUNK);
  return sync_buf;
}

/** Whether n bytes at a and b differ (n a multiple of 16, 16-aligned: 64 bytes per step). */
function chunk_differs(a: usize, b: usize, n: u32): bool {
  let i: usize = 0;
  const end = <usize>n & ~63;
  for (; i < end; i += 64) {
    const x = v128.or(
      v128.or(v128.xor(v128.load(a + i), v128.load(b + i)), v128.xor(v128.load(a + i, 16), v128.load(b + i, 16))),
      v128.or(v128.xor(v128.load(a + i, 32), v128.load(b + i, 32)), v128.xor(v128.load(a + i, 48), v128.load(b + i, 48))));
    if (v128.any_true(x)) return true;
  }
  return memory.compare(a + i, b + i, <usize>n - i) != 0;
}

/**
 * Copy out (mm/mmap.ts): a shared mapping's bytes into the file, up to its size (a mapping
 * never extends it). Chunk by chunk, the user's bytes are compared with the file's and only a
 * chunk that differs is copied; the version goes up only when a byte changed, so the other
 * processes mapping the file copy nothing in when this one wrote nothing.
 */
function shmem_mmap_sync(file: File, addr: u32, len: u32, pgoff: u32, prot: u32): i32 {
  const inode = changetype<Inode>(file.f_inode);
  const off = <i64>pgoff << 12;
  if (off >= inode.i_size) return 0;
  let n = inode.i_size - off;
  if (n > <i64>len) n = <i64>len;
  let changed = false;
  const buf = sync_buffer();
  for (let done: u32 = 0; done < <u32>n;) {
    const chunk = min<u32>(SYNC_CHUNK, <u32>n - done);
    if (copy_from_user(buf, addr + done, chunk)) return -EFAULT;
    const dst = inode.i_data + <usize>off + done;
    if (chunk_differs(dst, buf, chunk)) {
      memory.copy(dst, buf, chunk);
      changed = true;
    }
    done += chunk;
  }
  if (changed) {
    ktrace("shmem_mmap_sync");
    inode.i_version++;
    const now = current_time();
    inode.i_mtime = now;
    inode.i_ctime = now;
  }
  return 0;
}

/** Copy in (mm/mmap.ts): the file's bytes into a shared mapping, zero past EOF. */
function shmem_mmap_fill(file: File, addr: u32, len: u32, pgoff: u32, prot: u32): i32 {
  ktrace("shmem_mmap_fill");
  const inode = changetype<Inode>(file.f_inode);
  const off = <i64>pgoff << 12;
  let n: u32 = 0;
  if (off < inode.i_size) n = <u32>min<i64>(inode.i_size - off, <i64>len);
  if (n && raw_copy_to_user(addr, inode.i_data + <usize>off, n)) return -EFAULT;
  // Unlike Linux, where a page past EOF is gone (SIGBUS), it reads as zeros
  if (n >= len) return 0;
  const zero = sync_buffer();
  memory.fill(zero, 0, SYNC_CHUNK);
  for (let at = n; at < len;) {
    const chunk = min<u32>(SYNC_CHUNK, len - at);
    if (raw_copy_to_user(addr + at, zero, chunk)) return -EFAULT;
    at += chunk;
  }
  return 0;
}

function shmem_mmap_version(file: File): u32 {
  return changetype<Inode>(file.f_inode).i_version;
}

/** The kernel stored into a shared mapping (copy_to_user): the bytes go into the file too. */
function shmem_mmap_store(file: File, pos: i64, from: usize, n: u32): void {
  const inode = changetype<Inode>(file.f_inode);
  if (pos >= inode.i_size) return;
  const m = <u32>min<i64>(inode.i_size - pos, <i64>n);
  memory.copy(inode.i_data + <usize>pos, from, m);
  inode.i_version++;
}

export const shmem_file_operations = new FileOperations();
shmem_file_operations.read_iter = shmem_file_read_iter;
shmem_file_operations.write_iter = shmem_file_write_iter;
shmem_file_operations.poll = default_poll;
shmem_file_operations.unlocked_ioctl = no_ioctl;
shmem_file_operations.release = noop_release;
shmem_file_operations.llseek = generic_file_llseek;
shmem_file_operations.iterate_shared = no_iterate;
shmem_file_operations.mmap = shmem_mmap;
shmem_file_operations.mmap_sync = shmem_mmap_sync;
shmem_file_operations.mmap_fill = shmem_mmap_fill;
shmem_file_operations.mmap_version = shmem_mmap_version;
shmem_file_operations.mmap_store = shmem_mmap_store;

// ---- inode operations (shmem_dir_inode_operations, simple_* of fs/libfs.c) ----

function shmem_lookup(dir: Inode, name: usize, len: i32): Inode | null {
  return null; // every tmpfs name is in the dcache
}

/** shmem_get_inode(): a new inode of any type in the same super block. */
export function shmem_get_inode(sb: SuperBlock, mode: u32, dev: u32): Inode {
  let fop = shmem_file_operations;
  const type = mode & S.S_IFMT;
  if (type == S.S_IFDIR) fop = simple_dir_operations;
  else if (type != S.S_IFREG && type != S.S_IFLNK) fop = special_fops(mode, dev);
  const inode = new_inode(sb, mode, shmem_dir_inode_operations, fop);
  inode.i_rdev = dev;
  if (type == S.S_IFDIR) inode.i_nlink = 2;
  return inode;
}

function dir_touch(dir: Inode): void {
  const now = current_time();
  dir.i_mtime = now;
  dir.i_ctime = now;
}

function shmem_mknod(dir: Inode, dentry: usize, mode: u32, dev: u32): i32 {
  const inode = shmem_get_inode(dir.i_sb, mode, dev);
  d_instantiate(dentry, inode);
  if (S.S_ISDIR(mode)) dir.i_nlink++;
  dir_touch(dir);
  return 0;
}

function shmem_create(dir: Inode, dentry: usize, mode: u32): i32 {
  return shmem_mknod(dir, dentry, (mode & S.S_IALLUGO) | S.S_IFREG, 0);
}

function shmem_mkdir(dir: Inode, dentry: usize, mode: u32): i32 {
  return shmem_mknod(dir, dentry, (mode & S.S_IALLUGO) | S.S_IFDIR, 0);
}

function shmem_symlink(dir: Inode, dentry: usize, target: usize, len: i32): i32 {
  const inode = shmem_get_inode(dir.i_sb, S.S_IFLNK | 0o777, 0);
  const err = shmem_reserve(inode, <i64>len);
  if (err < 0) {
    iput(inode);
    return err;
  }
  memory.copy(inode.i_data, target, <usize>len);
  inode.i_size = len;
  d_instantiate(dentry, inode);
  dir_touch(dir);
  return 0;
}

/** simple_link(): one more name for the inode. */
function shmem_link(old_dentry: usize, dir: Inode, dentry: usize): i32 {
  const inode = changetype<Dentry>(old_dentry).d_inode!;
  inode.i_nlink++;
  inode.i_count++;
  inode.i_ctime = current_time();
  d_instantiate(dentry, inode);
  dir_touch(dir);
  return 0;
}

/** simple_unlink(): one name less; the VFS drops the dentry. */
function shmem_unlink(dir: Inode, dentry: usize): i32 {
  const inode = changetype<Dentry>(dentry).d_inode!;
  inode.i_nlink--;
  inode.i_ctime = current_time();
  dir_touch(dir);
  return 0;
}

/** simple_rmdir(): the VFS checked that it is empty. */
function shmem_rmdir(dir: Inode, dentry: usize): i32 {
  const inode = changetype<Dentry>(dentry).d_inode!;
  inode.i_nlink = 0;
  dir.i_nlink--;
  dir_touch(dir);
  return 0;
}

/** simple_rename(): the VFS moves the dentry; directories' link counts follow. */
function shmem_rename(old_dir: Inode, old_dentry: usize, new_dir: Inode, new_dentry: usize): i32 {
  const inode = changetype<Dentry>(old_dentry).d_inode!;
  if (S.S_ISDIR(inode.i_mode) && old_dir != new_dir) {
    old_dir.i_nlink--;
    new_dir.i_nlink++;
  }
  dir_touch(old_dir);
  dir_touch(new_dir);
  inode.i_ctime = current_time();
  return 0;
}

export const shmem_dir_inode_operations = new InodeOperations();
shmem_dir_inode_operations.lookup = shmem_lookup;
shmem_dir_inode_operations.create = shmem_create;
shmem_dir_inode_operations.mkdir = shmem_mkdir;
shmem_dir_inode_operations.mknod = shmem_mknod;
shmem_dir_inode_operations.symlink = shmem_symlink;
shmem_dir_inode_operations.link = shmem_link;
shmem_dir_inode_operations.unlink = shmem_unlink;
shmem_dir_inode_operations.rmdir = shmem_rmdir;
shmem_dir_inode_operations.rename = shmem_rename;
shmem_dir_inode_operations.setsize = shmem_setsize;

/** shmem_fill_super(): a tmpfs with its root directory (the root dentry's reference is the tree's). */
export function shmem_fill_super(dev: u32, maxbytes: i64): SuperBlock {
  const sb = kzalloc_obj<SuperBlock>();
  sb.s_dev = dev;
  sb.s_magic = TMPFS_MAGIC;
  sb.s_maxbytes = maxbytes;
  return sb;
}

// ---- shared anonymous memory (mm/shmem.c shmem_zero_setup, shmem_file_setup) ----

/** The kernel's internal tmpfs (shm_mnt): files without names, for MAP_SHARED | MAP_ANONYMOUS. */
const shm_sb = shmem_fill_super(0x10, TMPFS_MAX_FILE * 4);

/**
 * shmem_file_setup("dev/zero", size): an unlinked tmpfs inode of `size` zero bytes behind a
 * dentry that is in no directory ("/dev/zero (deleted)" in Linux's /proc/PID/maps), opened
 * read-write. The file is the mapping's vm_file: fork shares it, and the last unmap's fput
 * frees the dentry, the inode and its bytes. null when the memory cannot be had.
 */
function shmem_zero_file(size: u32): File | null {
  const inode = shmem_get_inode(shm_sb, S.S_IFREG | 0o777, 0);
  inode.i_nlink = 0;
  if (shmem_setsize(inode, <i64>size) < 0) {
    iput(inode);
    return null;
  }
  const name = memory.data<u8>([0x64, 0x65, 0x76, 0x2f, 0x7a, 0x65, 0x72, 0x6f]); // "dev/zero"
  const d = d_alloc(null, name, 8);
  d.d_inode = inode; // takes over the inode's reference; never hashed
  const file = alloc_file(shmem_file_operations, O_RDWR, 0);
  file.f_path = changetype<usize>(d);
  file.f_inode = changetype<usize>(inode);
  file.f_mode |= FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
  return file;
}
set_shmem_zero_setup(shmem_zero_file);
