// Helpers every simple file system shares (fs/libfs.c, fs/readdir.c's filldir64,
// fs/read_write.c's generic_file_llseek).
import { File, FileOperations, no_llseek } from "../kernel/fs";
import { IovIter } from "../kernel/iov_iter";
import { PollTable, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from "../kernel/poll";
import { copy_to_user } from "../kernel/uaccess";
import { Inode } from "./inode";
import { Dentry } from "./dcache";
import { EFAULT, EINVAL, EISDIR, ENOTTY } from "../uapi/errno";
import * as S from "../uapi/stat";

/**
 * struct dir_context for getdents64: entries go to the user buffer `buf`.
 *   count    bytes left in the user buffer
 *   written  bytes written so far
 *   error    -EINVAL when the first entry does not fit, -EFAULT on a bad buffer
 *   pos      f_pos of the entry being emitted (d_off is the position after it)
 *   compat   1 for getdents(2)'s struct linux_dirent, 0 for linux_dirent64
 */
@unmanaged export class DirContext {
  buf: u32;
  count: u32;
  written: u32;
  error: i32;
  pos: i64;
  compat: i32;
}

const direntbuf = memory.data(S.DIRENT64_NAME + S.NAME_MAX + 8 + 8);

export function dt_type(mode: u32): u8 {
  return <u8>((mode >> 12) & 15);
}

/** filldir64()/filldir(): one entry; false when the buffer is full (or failed). */
export function dir_emit(ctx: DirContext, name: usize, len: i32, ino: u32, type: u8): bool {
  const compat = ctx.compat != 0;
  const base = compat ? S.DIRENT_NAME : S.DIRENT64_NAME;
  const reclen = compat ? (<u32>base + <u32>len + 2 + 3) & ~3 : (<u32>base + <u32>len + 1 + 7) & ~7;
  if (reclen > ctx.count) {
    if (!ctx.written) ctx.error = -EINVAL;
    return false;
  }
  memory.fill(direntbuf, 0, reclen);
  if (compat) {
    store<u32>(direntbuf, ino);
    store<u32>(direntbuf, <u32>(ctx.pos + 1), 4);
    store<u16>(direntbuf, <u16>reclen, 8);
    memory.copy(direntbuf + base, name, <usize>len);
    store<u8>(direntbuf + reclen - 1, type);
  } else {
    store<u64>(direntbuf, <u64>ino);
    store<i64>(direntbuf, ctx.pos + 1, 8);
    store<u16>(direntbuf, <u16>reclen, 16);
    store<u8>(direntbuf, type, 18);
    memory.copy(direntbuf + base, name, <usize>len);
  }
  if (copy_to_user(ctx.buf + ctx.written, direntbuf, reclen)) {
    ctx.error = -EFAULT;
    return false;
  }
  ctx.written += reclen;
  ctx.count -= reclen;
  return true;
}

const dot = memory.data<u8>([46, 46]);

/**
 * dcache_readdir(): "." and ".." first, then the children in the tree. f_pos counts
 * entries (0 ".", 1 "..", 2 + n the n-th child).
 */
export function dcache_readdir(file: File, ctxp: usize): i32 {
  const ctx = changetype<DirContext>(ctxp);
  const d = changetype<Dentry>(file.f_path);
  let pos = file.f_pos;
  if (pos == 0) {
    ctx.pos = 0;
    if (!dir_emit(ctx, dot, 1, d.d_inode!.i_ino, S.DT_DIR)) return 0;
    file.f_pos = pos = 1;
  }
  if (pos == 1) {
    ctx.pos = 1;
    if (!dir_emit(ctx, dot, 2, d.d_parent.d_inode!.i_ino, S.DT_DIR)) return 0;
    file.f_pos = pos = 2;
  }
  let n: i64 = 2;
  for (let c = d.d_subdirs; c; c = c!.d_sibling) {
    if (n++ < pos) continue;
    const inode = c.d_inode!;
    ctx.pos = pos;
    if (!dir_emit(ctx, c.d_name, c.d_namelen, inode.i_ino, dt_type(inode.i_mode))) return 0;
    file.f_pos = ++pos;
  }
  return 0;
}

/** generic_file_llseek(): SEEK_SET/CUR/END (and DATA/HOLE as one data extent) within i_size. */
export function generic_file_llseek(file: File, offset: i64, whence: i32): i64 {
  const size = changetype<Inode>(file.f_inode).i_size;
  let pos: i64;
  switch (whence) {
    case S.SEEK_SET: pos = offset; break;
    case S.SEEK_CUR: pos = file.f_pos + offset; break;
    case S.SEEK_END: pos = size + offset; break;
    case S.SEEK_DATA:
      if (offset < 0 || offset >= size) return -6; // -ENXIO
      pos = offset; break;
    case S.SEEK_HOLE:
      if (offset < 0 || offset >= size) return -6;
      pos = size; break;
    default: return -EINVAL;
  }
  if (pos < 0) return -EINVAL;
  file.f_pos = pos;
  return pos;
}

/** dcache_dir_lseek(), reduced: a directory's position is an entry count. */
export function dcache_dir_lseek(file: File, offset: i64, whence: i32): i64 {
  let pos: i64;
  if (whence == S.SEEK_SET) pos = offset;
  else if (whence == S.SEEK_CUR) pos = file.f_pos + offset;
  else return -EINVAL;
  if (pos < 0) return -EINVAL;
  file.f_pos = pos;
  return pos;
}

function dir_read(file: File, iter: IovIter): i32 { return -EISDIR; }
function dir_poll(file: File, pt: PollTable | null): u32 { return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM; }
function dir_ioctl(file: File, cmd: u32, arg: u32): i32 { return -ENOTTY; }
function dir_release(file: File): void {}

/** simple_dir_operations (tmpfs directories). */
export const simple_dir_operations = new FileOperations();
simple_dir_operations.read_iter = dir_read;
simple_dir_operations.write_iter = dir_read;
simple_dir_operations.poll = dir_poll;
simple_dir_operations.unlocked_ioctl = dir_ioctl;
simple_dir_operations.release = dir_release;
simple_dir_operations.llseek = dcache_dir_lseek;
simple_dir_operations.iterate_shared = dcache_readdir;

/** DEFAULT_POLLMASK: regular files and devices are always ready. */
export function default_poll(file: File, pt: PollTable | null): u32 {
  return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
}
export function noop_release(file: File): void {}
export function no_ioctl(file: File, cmd: u32, arg: u32): i32 { return -ENOTTY; }
export { no_llseek };
