// read(2), write(2), readv(2), writev(2), pread64, pwrite64, preadv, pwritev, lseek,
// _llseek (fs/read_write.c): through the file's read_iter/write_iter at f_pos, so a
// socket is read exactly as recvmsg reads it and a tmpfs file from its position.
import { current } from "../kernel/sched";
import { File, FMODE_READ, FMODE_WRITE, FMODE_PREAD, FMODE_PWRITE, FMODE_LSEEK } from "../kernel/fs";
import { files_lookup } from "../kernel/fdtable";
import { IovIter, import_single_range, import_iovec, iov_iter_free } from "../kernel/iov_iter";
import { kzalloc_obj } from "../kernel/slab";
import { copy_to_user } from "../kernel/uaccess";
import { ktrace } from "../kernel/trace";
import { EBADF, EINVAL, ESPIPE, EFAULT, EOVERFLOW } from "../uapi/errno";
import { UIO_FASTIOV, IOVEC_SIZE } from "../uapi/net";

const iter = kzalloc_obj<IovIter>();
const iovstack = memory.data(UIO_FASTIOV * IOVEC_SIZE);

/** vfs_read(): the iterator is set up; the file reads at f_pos. */
export function vfs_read(file: File, it: IovIter): i32 {
  ktrace("vfs_read");
  if (!(file.f_mode & FMODE_READ)) return -EBADF;
  return file.f_op.read_iter(file, it);
}

export function vfs_write(file: File, it: IovIter): i32 {
  ktrace("vfs_write");
  if (!(file.f_mode & FMODE_WRITE)) return -EBADF;
  return file.f_op.write_iter(file, it);
}

export function sys_read(fd: i32, buf: u32, count: u32): i32 {
  const file = files_lookup(current.files, fd);
  if (!file) return -EBADF;
  import_single_range(iter, iovstack, buf, count);
  return vfs_read(file, iter);
}

export function sys_write(fd: i32, buf: u32, count: u32): i32 {
  const file = files_lookup(current.files, fd);
  if (!file) return -EBADF;
  import_single_range(iter, iovstack, buf, count);
  return vfs_write(file, iter);
}

function do_readv(fd: i32, vec: u32, vlen: u32, write: bool): i32 {
  const file = files_lookup(current.files, fd);
  if (!file) return -EBADF;
  if (!(file.f_mode & (write ? FMODE_WRITE : FMODE_READ))) return -EBADF;
  const err = import_iovec(iter, iovstack, vec, vlen);
  if (err < 0) return err;
  const ret = err == 0 ? 0 : write ? vfs_write(file, iter) : vfs_read(file, iter);
  iov_iter_free(iter);
  return ret;
}

export function sys_readv(fd: i32, vec: u32, vlen: u32): i32 {
  return do_readv(fd, vec, vlen, false);
}

export function sys_writev(fd: i32, vec: u32, vlen: u32): i32 {
  return do_readv(fd, vec, vlen, true);
}

/** A positioned read or write: f_pos is kept (the file is read at pos). */
function do_pio(fd: i32, pos: i64, vec: u32, vlen: u32, single: bool, write: bool): i32 {
  const file = files_lookup(current.files, fd);
  if (!file) return -EBADF;
  if (!(file.f_mode & (write ? FMODE_WRITE : FMODE_READ))) return -EBADF;
  if (pos < 0) return -EINVAL;
  if (!(file.f_mode & (write ? FMODE_PWRITE : FMODE_PREAD))) return -ESPIPE;
  let err: i32;
  if (single) err = import_single_range(iter, iovstack, vec, vlen);
  else err = import_iovec(iter, iovstack, vec, vlen);
  if (err < 0) return err;
  const saved = file.f_pos;
  file.f_pos = pos;
  // pwrite on an O_APPEND file appends (Linux's documented bug); the position stays
  const ret = iter.count == 0 ? 0 : write ? vfs_write(file, iter) : vfs_read(file, iter);
  file.f_pos = saved;
  if (!single) iov_iter_free(iter);
  return ret;
}

/** i386 passes 64-bit offsets in two registers, low word first. */
function pos64(lo: u32, hi: u32): i64 {
  return <i64>(<u64>hi << 32 | <u64>lo);
}

export function sys_pread64(fd: i32, buf: u32, count: u32, lo: u32, hi: u32): i32 {
  return do_pio(fd, pos64(lo, hi), buf, count, true, false);
}

export function sys_pwrite64(fd: i32, buf: u32, count: u32, lo: u32, hi: u32): i32 {
  return do_pio(fd, pos64(lo, hi), buf, count, true, true);
}

export function sys_preadv(fd: i32, vec: u32, vlen: u32, lo: u32, hi: u32): i32 {
  return do_pio(fd, pos64(lo, hi), vec, vlen, false, false);
}

export function sys_pwritev(fd: i32, vec: u32, vlen: u32, lo: u32, hi: u32): i32 {
  return do_pio(fd, pos64(lo, hi), vec, vlen, false, true);
}

/** vfs_llseek() */
function vfs_llseek(file: File, offset: i64, whence: i32): i64 {
  ktrace("vfs_llseek");
  if (!(file.f_mode & FMODE_LSEEK)) return -ESPIPE;
  if (whence < 0 || whence > 4) return -EINVAL;
  return file.f_op.llseek(file, offset, whence);
}

export function sys_lseek(fd: i32, offset: i32, whence: u32): i32 {
  const file = files_lookup(current.files, fd);
  if (!file) return -EBADF;
  if (whence > 4) return -EINVAL;
  const pos = vfs_llseek(file, <i64>offset, <i32>whence);
  if (pos < 0) return <i32>pos;
  // a 32-bit off_t cannot tell a position past 2 GiB
  if (pos > 0x7fffffff) return -EOVERFLOW;
  return <i32>pos;
}

const resbuf = memory.data(8);

/** _llseek(fd, offset_high, offset_low, result, whence) */
export function sys_llseek(fd: i32, offset_high: u32, offset_low: u32, result: u32, whence: u32): i32 {
  const file = files_lookup(current.files, fd);
  if (!file) return -EBADF;
  if (whence > 4) return -EINVAL;
  const pos = vfs_llseek(file, pos64(offset_low, offset_high), <i32>whence);
  if (pos < 0) return <i32>pos;
  store<i64>(resbuf, pos);
  if (copy_to_user(result, resbuf, 8)) return -EFAULT;
  return 0;
}
