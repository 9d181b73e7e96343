// read(2), write(2), readv(2), writev(2) (fs/read_write.c): through the file's
// read_iter/write_iter, so a socket is read exactly as recvmsg reads it.
import { current } from "../kernel/sched";
import { files_lookup } from "../kernel/fdtable";
import { IovIter, import_single_range, import_iovec, iov_iter_free } from "../kernel/iov_iter";
import { kzalloc_obj } from "../kernel/slab";
import { EBADF } from "../uapi/errno";
import { O_ACCMODE, O_WRONLY, O_RDONLY } from "../uapi/fcntl";
import { UIO_FASTIOV, IOVEC_SIZE } from "../uapi/net";

const iter = kzalloc_obj<IovIter>();
const iovstack = memory.data(UIO_FASTIOV * IOVEC_SIZE);

export function sys_read(fd: i32, buf: u32, count: u32): i32 {
  const file = files_lookup(current.files, fd);
  if (!file || (file.f_flags & O_ACCMODE) == O_WRONLY) return -EBADF;
  import_single_range(iter, iovstack, buf, count);
  return file.f_op.read_iter(file, iter);
}

export function sys_write(fd: i32, buf: u32, count: u32): i32 {
  const file = files_lookup(current.files, fd);
  if (!file || (file.f_flags & O_ACCMODE) == O_RDONLY) return -EBADF;
  import_single_range(iter, iovstack, buf, count);
  return file.f_op.write_iter(file, iter);
}

export function sys_readv(fd: i32, vec: u32, vlen: u32): i32 {
  const file = files_lookup(current.files, fd);
  if (!file || (file.f_flags & O_ACCMODE) == O_WRONLY) return -EBADF;
  const err = import_iovec(iter, iovstack, vec, vlen);
  if (err < 0) return err;
  const ret = err == 0 ? 0 : file.f_op.read_iter(file, iter);
  iov_iter_free(iter);
  return ret;
}

export function sys_writev(fd: i32, vec: u32, vlen: u32): i32 {
  const file = files_lookup(current.files, fd);
  if (!file || (file.f_flags & O_ACCMODE) == O_RDONLY) return -EBADF;
  const err = import_iovec(iter, iovstack, vec, vlen);
  if (err < 0) return err;
  const ret = err == 0 ? 0 : file.f_op.write_iter(file, iter);
  iov_iter_free(iter);
  return ret;
}
