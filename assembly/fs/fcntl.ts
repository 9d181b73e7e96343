// close(2), dup(2), dup2(2), dup3(2), fcntl(2), ioctl(2) on descriptors (fs/open.c,
// fs/file.c, fs/fcntl.c, fs/ioctl.c).
import { current } from "../kernel/sched";
import { File, get_file, fput, FMODE_READ, FMODE_WRITE } from "../kernel/fs";
import {
  FilesStruct, files_lookup, close_fd, get_unused_fd_flags, fd_install, get_close_on_exec,
  set_close_on_exec, NR_OPEN_DEFAULT,
} from "../kernel/fdtable";
import { get_user, copy_from_user, copy_to_user } from "../kernel/uaccess";
import { pipe_fcntl } from "./pipe";
import { EBADF, EBUSY, EFAULT, EINVAL } from "../uapi/errno";
import * as F from "../uapi/fcntl";

export function sys_close(fd: i32): i32 {
  return close_fd(current.files, fd);
}

/** f_dupfd(): the lowest free descriptor >= from. */
function f_dupfd(files: FilesStruct, from: i32, file: File, cloexec: bool): i32 {
  if (from < 0 || from >= NR_OPEN_DEFAULT) return -EINVAL;
  const saved = files.next_fd;
  if (from > files.next_fd) files.next_fd = from;
  const fd = get_unused_fd_flags(files, cloexec ? F.O_CLOEXEC : 0);
  if (from > saved) files.next_fd = saved; // the hint must stay the lowest free slot
  if (fd < 0) return fd;
  fd_install(files, fd, get_file(file));
  return fd;
}

/** do_dup2(): newfd refers to file; an open newfd is closed first. */
function do_dup2(files: FilesStruct, file: File, newfd: i32, flags: i32): i32 {
  const old = files_lookup(files, newfd);
  fd_install(files, newfd, get_file(file));
  set_close_on_exec(files, newfd, (flags & F.O_CLOEXEC) != 0);
  if (newfd >= files.next_fd) {
    // keep next_fd the lowest free slot
  }
  if (old) fput(old);
  return newfd;
}

export function sys_dup(fildes: u32): i32 {
  const files = current.files;
  const file = files_lookup(files, <i32>fildes);
  if (!file) return -EBADF;
  return f_dupfd(files, 0, file, false);
}

export function sys_dup3(oldfd: u32, newfd: u32, flags: i32): i32 {
  const files = current.files;
  if (flags & ~F.O_CLOEXEC) return -EINVAL;
  if (oldfd == newfd) return -EINVAL;
  if (newfd >= <u32>NR_OPEN_DEFAULT) return -EBADF;
  const file = files_lookup(files, <i32>oldfd);
  if (!file) return -EBADF;
  if (load<u32>(files.fd + (<usize>newfd << 2)) == 1) return -EBUSY; // slot reserved mid-call
  return do_dup2(files, file, <i32>newfd, flags);
}

export function sys_dup2(oldfd: u32, newfd: u32): i32 {
  if (oldfd == newfd) return files_lookup(current.files, <i32>oldfd) ? <i32>newfd : -EBADF;
  return sys_dup3(oldfd, newfd, 0);
}

function do_fcntl(fd: i32, cmd: u32, arg: u32): i32 {
  const files = current.files;
  const file = files_lookup(files, fd);
  if (!file) return -EBADF;
  switch (cmd) {
    case F.F_DUPFD: return f_dupfd(files, <i32>arg, file, false);
    case F.F_DUPFD_CLOEXEC: return f_dupfd(files, <i32>arg, file, true);
    case F.F_GETFD: return get_close_on_exec(files, fd) ? F.FD_CLOEXEC : 0;
    case F.F_SETFD: set_close_on_exec(files, fd, (arg & F.FD_CLOEXEC) != 0); return 0;
    case F.F_GETFL: return <i32>file.f_flags;
    case F.F_SETFL:
      file.f_flags = (arg & F.SETFL_MASK) | (file.f_flags & ~F.SETFL_MASK);
      return 0;
    // Unlike Linux, no SIGIO is ever sent, so there is no owner to keep: F_SETOWN is accepted
    // and F_GETOWN reports none (0)
    case F.F_GETOWN: return 0;
    case F.F_SETOWN: return 0;
    case F.F_GETPIPE_SZ:
    case F.F_SETPIPE_SZ: return pipe_fcntl(file, cmd, arg);
    case F.F_GETLK: case F.F_SETLK: case F.F_SETLKW: return fcntl_lock(file, cmd, arg, false);
    case F.F_GETLK64: case F.F_SETLK64: case F.F_SETLKW64: return fcntl_lock(file, cmd - 7, arg, true);
    case F.F_OFD_GETLK: case F.F_OFD_SETLK: case F.F_OFD_SETLKW: return fcntl_lock(file, cmd, arg, true);
  }
  return -EINVAL;
}

const flockbuf = memory.data(24);

/**
 * fcntl_getlk()/fcntl_setlk(), reduced: int80's processes never conflict over a lock
 * (Unlike Linux, no lock is recorded), so F_GETLK answers F_UNLCK and F_SETLK(W) succeeds
 * after Linux's checks (the lock type must match the open mode: EBADF; a bad type: EINVAL).
 * `wide`: struct flock64 (l_start, l_len 64-bit at 4 and 12; 24 bytes), else struct flock
 * (32-bit; 16 bytes).
 */
function fcntl_lock(file: File, cmd: u32, arg: u32, wide: bool): i32 {
  const size: u32 = wide ? 24 : 16;
  if (copy_from_user(flockbuf, arg, size)) return -EFAULT;
  const type = load<i16>(flockbuf);
  const whence = load<i16>(flockbuf, 2);
  if (whence < 0 || whence > 2) return -EINVAL;
  if (cmd == F.F_GETLK || cmd == F.F_OFD_GETLK) {
    if (type != 0 && type != 1) return -EINVAL;
    store<i16>(flockbuf, F.F_UNLCK);
    return copy_to_user(arg, flockbuf, size) ? -EFAULT : 0;
  }
  if (type == 0) return (file.f_mode & FMODE_READ) ? 0 : -EBADF;
  if (type == 1) return (file.f_mode & FMODE_WRITE) ? 0 : -EBADF;
  if (type == F.F_UNLCK) return 0;
  return -EINVAL;
}

export function sys_fcntl(fd: u32, cmd: u32, arg: u32): i32 {
  return do_fcntl(<i32>fd, cmd, arg);
}

export function sys_fcntl64(fd: u32, cmd: u32, arg: u32): i32 {
  return do_fcntl(<i32>fd, cmd, arg);
}

const onbuf = memory.data(4);

/** do_vfs_ioctl() takes the generic commands; the rest go to the file. */
export function sys_ioctl(fd: u32, cmd: u32, arg: u32): i32 {
  const files = current.files;
  const file = files_lookup(files, <i32>fd);
  if (!file) return -EBADF;
  switch (cmd) {
    case F.FIOCLEX: set_close_on_exec(files, <i32>fd, true); return 0;
    case F.FIONCLEX: set_close_on_exec(files, <i32>fd, false); return 0;
    case F.FIONBIO: {
      if (get_user(onbuf, arg)) return -EFAULT;
      if (load<i32>(onbuf)) file.f_flags |= F.O_NONBLOCK;
      else file.f_flags &= ~F.O_NONBLOCK;
      return 0;
    }
  }
  return file.f_op.unlocked_ioctl(file, cmd, arg);
}
