// read(2), write(2), readv(2), writev(2), pread64, pwrite64, preadv, pwritev, lseek,
// _llseek (fs/read_write.c): through the file's read_iter/write_iter at f_pos, so a
// socket is read exactly as recvmsg reads it and a tmpfs file from its position.
import { current } from "../kernel/sched";
import { File, FMODE_READ, FMODE_WRITE, FMODE_PREAD, FMODE_PWRITE, FMODE_LSEEK } from "../kernel/fs";
import { files_lookup } from "../kernel/fdtable";
import { IovIter, import_single_range, import_iovec, iov_iter_free, iov_iter_kvec, MAX_RW_COUNT } from "../kernel/iov_iter";
import { finish_wait } from "../kernel/wait";
import { Inode } from "./inode";
import { TMPFS_MAX_FILE } from "./tmpfs";
import { S_ISREG } from "../uapi/stat";
import { O_APPEND } from "../uapi/fcntl";
import { kzalloc_obj } from "../kernel/slab";
import { copy_to_user, copy_from_user } from "../kernel/uaccess";
import { ktrace } from "../kernel/trace";
import { EBADF, EINVAL, ESPIPE, EFAULT, EOVERFLOW, ERESTARTSYS } from "../uapi/errno";
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

// ---- sendfile(2), sendfile64(2) (do_sendfile, do_splice_direct) ----

/** The bounce buffer sendfile moves data through (Linux splices through a pipe's pages). */
const SENDFILE_CHUNK: u32 = 65536;
const sfbuf = memory.data(<i32>SENDFILE_CHUNK);
const sfvec = memory.data(8);
const sfiter = kzalloc_obj<IovIter>();
const posbuf = memory.data(8);
/** MAX_NON_LFS: sendfile(2) with a 32-bit offset stops below 2 GiB. */
const MAX_NON_LFS: i64 = 0x7fffffff;

/**
 * do_sendfile(): copy from in_fd at *ppos (kept in the caller's variable) or at its f_pos,
 * to out_fd at its position. A short write ends the copy; an error after some bytes moved
 * returns the bytes. Unlike Linux (which splices from any file with splice_read, sockets
 * too), the input must be a regular file: others are -EINVAL.
 */
function do_sendfile(out_fd: i32, in_fd: i32, ppos: bool, count: u32, max: i64): i32 {
  ktrace("do_sendfile");
  const inf = files_lookup(current.files, in_fd);
  if (!inf) return -EBADF;
  if (!(inf.f_mode & FMODE_READ)) return -EBADF;
  let pos: i64;
  if (!ppos) pos = inf.f_pos;
  else {
    pos = sf_pos;
    if (!(inf.f_mode & FMODE_PREAD)) return -ESPIPE;
  }
  if (pos < 0) return -EINVAL; // rw_verify_area
  if (count > MAX_RW_COUNT) count = MAX_RW_COUNT;
  const outf = files_lookup(current.files, out_fd);
  if (!outf) return -EBADF;
  if (!(outf.f_mode & FMODE_WRITE)) return -EBADF;
  if (!max) max = TMPFS_MAX_FILE;
  if (pos + <i64>count > max) {
    if (pos >= max) return -EOVERFLOW;
    count = <u32>(max - pos);
  }
  const inode = inf.f_inode ? changetype<Inode>(inf.f_inode) : null;
  if (!inode || !S_ISREG(inode.i_mode)) return -EINVAL; // no splice_read here
  if (outf.f_flags & O_APPEND) return -EINVAL; // do_splice_direct()
  let done: u32 = 0;
  let ret: i32 = 0;
  while (done < count) {
    let want = count - done;
    if (want > SENDFILE_CHUNK) want = SENDFILE_CHUNK;
    // read at pos (f_pos is the file's own unless sendfile moves it)
    const saved = inf.f_pos;
    inf.f_pos = pos;
    iov_iter_kvec(sfiter, sfvec, sfbuf, want);
    const n = inf.f_op.read_iter(inf, sfiter);
    inf.f_pos = saved;
    if (n <= 0) { ret = n; break; }
    iov_iter_kvec(sfiter, sfvec, sfbuf, <u32>n);
    const w = outf.f_op.write_iter(outf, sfiter);
    if (w <= 0) {
      ret = w;
      if (w == -ERESTARTSYS && done > 0 && current.waits) {
        // the output is full after earlier chunks: return what moved (with the part of
        // this chunk the write took before it would wait) instead of sleeping
        finish_wait(current);
        const p = current.restart_progress;
        pos += <i64>p;
        done += <u32>p;
        current.restart_progress = 0;
      }
      // with nothing moved yet the call sleeps; the re-issued call reads this chunk again
      // at the same pos and the write skips the restart_progress bytes it already took
      break;
    }
    current.restart_progress = 0;
    pos += <i64>w;
    done += <u32>w;
    if (w < n) break;
  }
  if (!ppos) inf.f_pos = pos;
  sf_pos = pos;
  return done > 0 ? <i32>done : ret;
}
let sf_pos: i64 = 0;

/** sendfile(2), i386: a 32-bit off_t *offset (MAX_NON_LFS). */
export function sys_sendfile(out_fd: i32, in_fd: i32, offset: u32, count: u32): i32 {
  if (!offset) return do_sendfile(out_fd, in_fd, false, count, MAX_NON_LFS);
  if (copy_from_user(posbuf, offset, 4)) return -EFAULT;
  sf_pos = <i64>load<i32>(posbuf);
  const ret = do_sendfile(out_fd, in_fd, true, count, MAX_NON_LFS);
  store<i32>(posbuf, <i32>sf_pos);
  if (copy_to_user(offset, posbuf, 4)) return -EFAULT;
  return ret;
}

/** sendfile64(2): a loff_t *offset. */
export function sys_sendfile64(out_fd: i32, in_fd: i32, offset: u32, count: u32): i32 {
  if (!offset) return do_sendfile(out_fd, in_fd, false, count, 0);
  if (copy_from_user(posbuf, offset, 8)) return -EFAULT;
  sf_pos = load<i64>(posbuf);
  const ret = do_sendfile(out_fd, in_fd, true, count, 0);
  store<i64>(posbuf, sf_pos);
  if (copy_to_user(offset, posbuf, 8)) return -EFAULT;
  return ret;
}
