// open(2) and the calls on a name or descriptor that do not read or write data
// (fs/open.c, fs/d_path.c, fs/sync.c, fs/utimes.c, fs/attr.c).
import { current } from "../kernel/sched";
import { File, alloc_file, FMODE_LSEEK, FMODE_PREAD, FMODE_PWRITE, FMODE_PATH, FMODE_WRITE, FMODE_READ } from "../kernel/fs";
import { files_lookup, get_unused_fd_flags, put_unused_fd, fd_install } from "../kernel/fdtable";
import { copy_to_user, copy_from_user } from "../kernel/uaccess";
import { kfree_obj } from "../kernel/slab";
import { ktrace } from "../kernel/trace";
import { ERR_PTR, PTR_ERR, IS_ERR } from "../kernel/err";
import { Inode, SB_NOCACHE, current_time } from "./inode";
import { Dentry, dget, dput, d_alloc, d_unhashed } from "./dcache";
import {
  Nameidata, getname, pathbuf, link_path_walk, lookup_last, lookup_one, walk_link_body,
  reset_total_links, root_dentry, is_rdonly, is_deaddir, user_path_at, LAST_NORM, LOOKUP_FOLLOW, LOOKUP_DIRECTORY,
} from "./namei";
import { kzalloc_obj } from "../kernel/slab";
import * as E from "../uapi/errno";
import * as F from "../uapi/fcntl";
import * as S from "../uapi/stat";

/** Set by fs/pipe: a FIFO's open (may wait for the other end). 0 or -errno. */
let fifo_open: (inode: Inode, file: File) => i32 = fifo_open_none;
function fifo_open_none(inode: Inode, file: File): i32 { return -E.ENXIO; }
export function set_fifo_open(fn: (inode: Inode, file: File) => i32): void {
  fifo_open = fn;
}

const nd = kzalloc_obj<Nameidata>();
const linkbuf = memory.data(S.PATH_MAX);

/** path_init() for open: root, cwd or the directory descriptor. */
function open_path_init(dfd: i32, name: usize, len: i32): i32 {
  nd.trailing = 0;
  if (load<u8>(name) == 0x2f) { nd.dentry = dget(root_dentry); return 0; }
  if (dfd == S.AT_FDCWD) { nd.dentry = dget(changetype<Dentry>(current.fs_cwd)); return 0; }
  const f = files_lookup(current.files, dfd);
  if (!f) return -E.EBADF;
  if (!f.f_path || !S.S_ISDIR(changetype<Dentry>(f.f_path).d_inode!.i_mode)) return -E.ENOTDIR;
  nd.dentry = dget(changetype<Dentry>(f.f_path));
  return 0;
}

/** open_last_lookups(): the last component, created with O_CREAT; `created` tells do_open. */
let created = false;
function open_last_lookups(flags: u32, mode: u32): Dentry {
  while (true) {
    if (!(flags & F.O_CREAT)) {
      let lf: u32 = (flags & F.O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
      if (flags & F.O_DIRECTORY) lf |= LOOKUP_DIRECTORY;
      const d = lookup_last(nd, lf);
      if (IS_ERR(d)) return d;
      if ((flags & F.O_NOFOLLOW) && !(flags & F.O_PATH) && S.S_ISLNK(d.d_inode!.i_mode)) {
        dput(d);
        return ERR_PTR<Dentry>(-E.ELOOP);
      }
      return d;
    }
    if (nd.last_type != LAST_NORM || nd.trailing) return ERR_PTR<Dentry>(-E.EISDIR);
    if (nd.last_len > S.NAME_MAX) return ERR_PTR<Dentry>(-E.ENAMETOOLONG);
    const c = lookup_one(nd.dentry, nd.last, nd.last_len);
    if (c) {
      if (flags & F.O_EXCL) { dput(c); return ERR_PTR<Dentry>(-E.EEXIST); }
      if (S.S_ISLNK(c.d_inode!.i_mode)) {
        if (flags & F.O_NOFOLLOW) { dput(c); return ERR_PTR<Dentry>(-E.ELOOP); }
        const err = walk_link_body(nd, c, linkbuf);
        dput(c);
        if (err < 0) return ERR_PTR<Dentry>(err);
        continue;
      }
      if (S.S_ISDIR(c.d_inode!.i_mode)) { dput(c); return ERR_PTR<Dentry>(-E.EISDIR); }
      return c;
    }
    if (is_deaddir(nd.dentry)) return ERR_PTR<Dentry>(-E.ENOENT);
    if (is_rdonly(nd.dentry)) return ERR_PTR<Dentry>(-E.EROFS);
    const d = d_alloc(nd.dentry, nd.last, nd.last_len);
    const dir = nd.dentry.d_inode!;
    ktrace("vfs_create");
    const err = dir.i_op.create(dir, changetype<usize>(d), mode & S.S_IALLUGO & ~current.fs_umask);
    if (err < 0) { dput(d); return ERR_PTR<Dentry>(err); }
    created = true;
    return d;
  }
}

/** do_open() + vfs_open(): the struct file for a looked-up dentry (takes the reference). */
function do_open(d: Dentry, flags: u32): File {
  ktrace("vfs_open");
  const inode = d.d_inode!;
  const mode = inode.i_mode;
  const acc = flags & F.O_ACCMODE;
  const writes = acc == F.O_WRONLY || acc == F.O_RDWR || (flags & F.O_TRUNC) != 0;
  let err = 0;
  if (flags & F.O_PATH) {
    // an O_PATH descriptor names the file; it can neither read nor write
  } else if (S.S_ISDIR(mode) && writes) err = -E.EISDIR;
  else if (S.S_ISSOCK(mode)) err = -E.ENXIO;
  else if (writes && is_rdonly(d) && !S.S_ISFIFO(mode) && !S.S_ISCHR(mode)) err = -E.EROFS;
  // a /proc file that cannot be written (mode 0444): EACCES, even for root, as Linux answers
  else if (writes && (inode.i_sb.s_flags & SB_NOCACHE) && !(mode & 0o222)) err = -E.EACCES;
  if (err < 0) { dput(d); return ERR_PTR<File>(err); }
  const keep = flags & ~(F.O_CREAT | F.O_EXCL | F.O_NOCTTY | F.O_TRUNC);
  const file = alloc_file(inode.i_fop, keep, 0);
  file.f_path = changetype<usize>(d);
  file.f_inode = changetype<usize>(inode);
  if (flags & F.O_PATH) {
    file.f_mode = FMODE_PATH;
    return file;
  }
  if (S.S_ISREG(mode) || S.S_ISDIR(mode) || S.S_ISCHR(mode) || S.S_ISLNK(mode)) {
    file.f_mode |= FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
  }
  if (S.S_ISFIFO(mode)) {
    err = fifo_open(inode, file);
    if (err < 0) {
      // never counted as a reader or writer: free without ->release
      dput(d);
      kfree_obj(file);
      return ERR_PTR<File>(err);
    }
  } else if (S.S_ISREG(mode) && (flags & F.O_TRUNC) && !created) {
    err = inode.i_op.setsize(inode, 0);
    if (err < 0) {
      dput(d);
      kfree_obj(file);
      return ERR_PTR<File>(err);
    }
  }
  return file;
}

/** do_filp_open() / path_openat(). */
export function do_filp_open(dfd: i32, name: usize, len: i32, flags: u32, mode: u32): File {
  ktrace("path_openat");
  if (!len) return ERR_PTR<File>(-E.ENOENT);
  reset_total_links();
  created = false;
  let err = open_path_init(dfd, name, len);
  if (err < 0) return ERR_PTR<File>(err);
  err = link_path_walk(nd, name, len);
  if (err < 0) { dput(nd.dentry); return ERR_PTR<File>(err); }
  const d = open_last_lookups(flags, mode);
  dput(nd.dentry);
  if (IS_ERR(d)) return ERR_PTR<File>(PTR_ERR(d));
  if ((flags & F.O_DIRECTORY) && !S.S_ISDIR(d.d_inode!.i_mode)) { dput(d); return ERR_PTR<File>(-E.ENOTDIR); }
  return do_open(d, flags);
}

/** do_sys_openat2() with build_open_flags()'s rules for open(2)/openat(2). */
export function do_sys_open(dfd: i32, filename: u32, flags: u32, mode: u32): i32 {
  ktrace("do_sys_open");
  // open(2) ignores unknown flags; O_PATH keeps only O_DIRECTORY, O_NOFOLLOW and O_CLOEXEC
  flags &= F.VALID_OPEN_FLAGS;
  if (flags & F.O_PATH) flags &= F.O_DIRECTORY | F.O_NOFOLLOW | F.O_PATH | F.O_CLOEXEC;
  // Unlike Linux, no unnamed O_TMPFILE files
  if ((flags & F.O_TMPFILE) == F.O_TMPFILE) return -E.EOPNOTSUPP;
  if (!(flags & F.O_CREAT)) mode = 0;
  const len = getname(pathbuf, filename);
  if (len < 0) return len;
  const fd = get_unused_fd_flags(current.files, flags);
  if (fd < 0) return fd;
  const f = do_filp_open(dfd, pathbuf, len, flags, mode);
  if (IS_ERR(f)) {
    put_unused_fd(current.files, fd);
    return PTR_ERR(f);
  }
  fd_install(current.files, fd, f);
  return fd;
}

export function sys_open(filename: u32, flags: u32, mode: u32): i32 {
  return do_sys_open(S.AT_FDCWD, filename, flags, mode);
}

export function sys_openat(dfd: i32, filename: u32, flags: u32, mode: u32): i32 {
  return do_sys_open(dfd, filename, flags, mode);
}

export function sys_creat(pathname: u32, mode: u32): i32 {
  return do_sys_open(S.AT_FDCWD, pathname, F.O_CREAT | F.O_WRONLY | F.O_TRUNC, mode);
}

// ---- access(2) ----

export function do_faccessat(dfd: i32, filename: u32, mode: i32, flags: u32): i32 {
  if (mode & ~7) return -E.EINVAL;
  if (flags & ~(S.AT_SYMLINK_NOFOLLOW | S.AT_EACCESS | S.AT_EMPTY_PATH)) return -E.EINVAL;
  const d = user_path_at(dfd, filename, (flags & S.AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW);
  if (IS_ERR(d)) return PTR_ERR(d);
  const inode = d.d_inode!;
  let err = 0;
  // root may read and write anything; it may execute what has an x bit (or a directory)
  if ((mode & S.X_OK) && !S.S_ISDIR(inode.i_mode) && !(inode.i_mode & 0o111)) err = -E.EACCES;
  else if ((mode & S.W_OK) && is_rdonly(d) && (S.S_ISREG(inode.i_mode) || S.S_ISDIR(inode.i_mode) || S.S_ISLNK(inode.i_mode))) err = -E.EROFS;
  dput(d);
  return err;
}

export function sys_faccessat(dfd: i32, filename: u32, mode: i32): i32 {
  return do_faccessat(dfd, filename, mode, 0);
}

export function sys_faccessat2(dfd: i32, filename: u32, mode: i32, flags: u32): i32 {
  return do_faccessat(dfd, filename, mode, flags);
}

export function sys_access(filename: u32, mode: i32): i32 {
  return do_faccessat(S.AT_FDCWD, filename, mode, 0);
}

// ---- working directory (fs/open.c chdir, fs/d_path.c getcwd) ----

function set_fs_pwd(d: Dentry): void {
  const old = current.fs_cwd;
  current.fs_cwd = changetype<usize>(d);
  if (old) dput(changetype<Dentry>(old));
}

export function sys_chdir(filename: u32): i32 {
  const d = user_path_at(S.AT_FDCWD, filename, LOOKUP_FOLLOW | LOOKUP_DIRECTORY);
  if (IS_ERR(d)) return PTR_ERR(d);
  set_fs_pwd(d);
  return 0;
}

export function sys_fchdir(fd: i32): i32 {
  const f = files_lookup(current.files, fd);
  if (!f) return -E.EBADF;
  if (!f.f_path || !S.S_ISDIR(changetype<Dentry>(f.f_path).d_inode!.i_mode)) return -E.ENOTDIR;
  set_fs_pwd(dget(changetype<Dentry>(f.f_path)));
  return 0;
}

const cwdbuf = memory.data(S.PATH_MAX);

/** d_path(): the absolute name of d into buf (from the end); its start, or -ENAMETOOLONG. */
export function d_path(d: Dentry, buf: usize, size: i32): i32 {
  let p = size;
  if (d == root_dentry || d.d_parent == d) {
    store<u8>(buf + --p, 0x2f);
    return p;
  }
  while (d.d_parent != d) {
    const n = d.d_namelen;
    if (p - n - 1 < 0) return -E.ENAMETOOLONG;
    p -= n;
    memory.copy(buf + p, d.d_name, <usize>n);
    store<u8>(buf + --p, 0x2f);
    d = d.d_parent;
  }
  return p;
}

export function sys_getcwd(buf: u32, size: u32): i32 {
  const d = changetype<Dentry>(current.fs_cwd);
  if (d_unhashed(d) && d != root_dentry) return -E.ENOENT;
  const start = d_path(d, cwdbuf, S.PATH_MAX - 1);
  if (start < 0) return start;
  const len = <u32>(S.PATH_MAX - 1 - start);
  store<u8>(cwdbuf + S.PATH_MAX - 1, 0);
  if (len + 1 > size) return -E.ERANGE;
  if (copy_to_user(buf, cwdbuf + start, len + 1)) return -E.EFAULT;
  return <i32>(len + 1);
}

// ---- attributes: chmod, chown, truncate, utimensat, umask ----

function notify_change_mode(d: Dentry, mode: u32): i32 {
  if (is_rdonly(d)) return -E.EROFS;
  const inode = d.d_inode!;
  inode.i_mode = (inode.i_mode & S.S_IFMT) | (mode & S.S_IALLUGO);
  inode.i_ctime = current_time();
  return 0;
}

export function sys_fchmodat(dfd: i32, filename: u32, mode: u32): i32 {
  const d = user_path_at(dfd, filename, LOOKUP_FOLLOW);
  if (IS_ERR(d)) return PTR_ERR(d);
  const err = notify_change_mode(d, mode);
  dput(d);
  return err;
}

export function sys_chmod(filename: u32, mode: u32): i32 {
  return sys_fchmodat(S.AT_FDCWD, filename, mode);
}

/** The inode behind a descriptor (sockets and pipes without a name have none: 0). */
function fd_inode(f: File): Inode | null {
  return changetype<Inode | null>(f.f_inode);
}

export function sys_fchmod(fd: i32, mode: u32): i32 {
  const f = files_lookup(current.files, fd);
  if (!f || (f.f_mode & FMODE_PATH)) return -E.EBADF;
  if (!f.f_path) return 0; // a socket's inode: accepted
  return notify_change_mode(changetype<Dentry>(f.f_path), mode);
}

function chown_common(d: Dentry, user: u32, group: u32): i32 {
  if (is_rdonly(d)) return -E.EROFS;
  const inode = d.d_inode!;
  if (user != 0xffffffff) inode.i_uid = user;
  if (group != 0xffffffff) inode.i_gid = group;
  inode.i_ctime = current_time();
  return 0;
}

export function do_fchownat(dfd: i32, filename: u32, user: u32, group: u32, flag: u32): i32 {
  if (flag & ~(S.AT_SYMLINK_NOFOLLOW | S.AT_EMPTY_PATH)) return -E.EINVAL;
  const d = user_path_at(dfd, filename, (flag & S.AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW);
  if (IS_ERR(d)) return PTR_ERR(d);
  const err = chown_common(d, user, group);
  dput(d);
  return err;
}

export function sys_fchownat(dfd: i32, filename: u32, user: u32, group: u32, flag: u32): i32 {
  return do_fchownat(dfd, filename, user, group, flag);
}
export function sys_chown32(filename: u32, user: u32, group: u32): i32 {
  return do_fchownat(S.AT_FDCWD, filename, user, group, 0);
}
export function sys_lchown32(filename: u32, user: u32, group: u32): i32 {
  return do_fchownat(S.AT_FDCWD, filename, user, group, S.AT_SYMLINK_NOFOLLOW);
}
/** The 16-bit id calls: -1 (0xffff) keeps the id. */
function id16(id: u32): u32 {
  return (id & 0xffff) == 0xffff ? 0xffffffff : id & 0xffff;
}
export function sys_chown(filename: u32, user: u32, group: u32): i32 {
  return do_fchownat(S.AT_FDCWD, filename, id16(user), id16(group), 0);
}
export function sys_lchown(filename: u32, user: u32, group: u32): i32 {
  return do_fchownat(S.AT_FDCWD, filename, id16(user), id16(group), S.AT_SYMLINK_NOFOLLOW);
}

function do_fchown(fd: i32, user: u32, group: u32): i32 {
  const f = files_lookup(current.files, fd);
  if (!f || (f.f_mode & FMODE_PATH)) return -E.EBADF;
  if (!f.f_path) return 0;
  return chown_common(changetype<Dentry>(f.f_path), user, group);
}
export function sys_fchown32(fd: i32, user: u32, group: u32): i32 {
  return do_fchown(fd, user, group);
}
export function sys_fchown(fd: i32, user: u32, group: u32): i32 {
  return do_fchown(fd, id16(user), id16(group));
}

export function sys_umask(mask: u32): i32 {
  const old = current.fs_umask;
  current.fs_umask = mask & 0o777;
  return <i32>old;
}

/** vfs_truncate()/do_truncate(): regular files only. */
function do_truncate(d: Dentry, length: i64): i32 {
  ktrace("do_truncate");
  if (length < 0) return -E.EINVAL;
  const inode = d.d_inode!;
  if (S.S_ISDIR(inode.i_mode)) return -E.EISDIR;
  if (!S.S_ISREG(inode.i_mode)) return -E.EINVAL;
  if (is_rdonly(d)) return -E.EROFS;
  return inode.i_op.setsize(inode, length);
}

function do_sys_truncate(path: u32, length: i64): i32 {
  const d = user_path_at(S.AT_FDCWD, path, LOOKUP_FOLLOW);
  if (IS_ERR(d)) return PTR_ERR(d);
  const err = do_truncate(d, length);
  dput(d);
  return err;
}

function do_sys_ftruncate(fd: i32, length: i64): i32 {
  const f = files_lookup(current.files, fd);
  if (!f || (f.f_mode & FMODE_PATH)) return -E.EBADF;
  if (length < 0) return -E.EINVAL;
  if (!f.f_path) return -E.EINVAL;
  if (!(f.f_mode & FMODE_WRITE)) return -E.EINVAL;
  return do_truncate(changetype<Dentry>(f.f_path), length);
}

export function sys_truncate(path: u32, length: i32): i32 { return do_sys_truncate(path, <i64>length); }
export function sys_ftruncate(fd: i32, length: i32): i32 { return do_sys_ftruncate(fd, <i64>length); }
/** i386 passes the 64-bit length in two registers, low word first. */
export function sys_truncate64(path: u32, lo: u32, hi: u32): i32 {
  return do_sys_truncate(path, <i64>(<u64>hi << 32 | <u64>lo));
}
export function sys_ftruncate64(fd: i32, lo: u32, hi: u32): i32 {
  return do_sys_ftruncate(fd, <i64>(<u64>hi << 32 | <u64>lo));
}

/** fsync(2): tmpfs has nothing to write back (noop_fsync); pipes, sockets and devices: EINVAL. */
function do_fsync(fd: i32): i32 {
  const f = files_lookup(current.files, fd);
  if (!f || (f.f_mode & FMODE_PATH)) return -E.EBADF;
  const inode = fd_inode(f);
  if (!inode || !(S.S_ISREG(inode.i_mode) || S.S_ISDIR(inode.i_mode))) return -E.EINVAL;
  return 0;
}
export function sys_fsync(fd: i32): i32 { return do_fsync(fd); }
export function sys_fdatasync(fd: i32): i32 { return do_fsync(fd); }
export function sys_sync(): i32 { return 0; }

const UTIME_NOW: i64 = (1 << 30) - 1;
const UTIME_OMIT: i64 = (1 << 30) - 2;
const tsbuf = memory.data(32);

function set_time(d: Dentry, which: i32, sec: i64, nsec: i64): void {
  const inode = d.d_inode!;
  if (nsec == UTIME_OMIT) return;
  const t = nsec == UTIME_NOW ? current_time() : sec * 1000000000 + nsec;
  if (which == 0) inode.i_atime = t;
  else inode.i_mtime = t;
}

/** do_utimes(): times is null (now) or two timespecs (64-bit time_t for utimensat_time64). */
function do_utimes(dfd: i32, filename: u32, times: u32, flags: u32, ts64: bool): i32 {
  if (flags & ~(S.AT_SYMLINK_NOFOLLOW | S.AT_EMPTY_PATH)) return -E.EINVAL;
  const sz: u32 = ts64 ? 16 : 8;
  let sec0: i64 = 0, nsec0: i64 = UTIME_NOW, sec1: i64 = 0, nsec1: i64 = UTIME_NOW;
  if (times) {
    if (copy_from_user(tsbuf, times, sz * 2)) return -E.EFAULT;
    if (ts64) {
      sec0 = load<i64>(tsbuf); nsec0 = <i64>load<i32>(tsbuf, 8);
      sec1 = load<i64>(tsbuf, 16); nsec1 = <i64>load<i32>(tsbuf, 24);
    } else {
      sec0 = <i64>load<i32>(tsbuf); nsec0 = <i64>load<i32>(tsbuf, 4);
      sec1 = <i64>load<i32>(tsbuf, 8); nsec1 = <i64>load<i32>(tsbuf, 12);
    }
    const ok0 = nsec0 == UTIME_NOW || nsec0 == UTIME_OMIT || (nsec0 >= 0 && nsec0 < 1000000000);
    const ok1 = nsec1 == UTIME_NOW || nsec1 == UTIME_OMIT || (nsec1 >= 0 && nsec1 < 1000000000);
    if (!ok0 || !ok1) return -E.EINVAL;
  }
  let d: Dentry;
  if (!filename) {
    // utimensat(fd, NULL, ...): futimens
    const f = files_lookup(current.files, dfd);
    if (!f) return -E.EBADF;
    if (!f.f_path) return 0;
    d = dget(changetype<Dentry>(f.f_path));
  } else {
    d = user_path_at(dfd, filename, (flags & S.AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW);
    if (IS_ERR(d)) return PTR_ERR(d);
  }
  let err = 0;
  if (is_rdonly(d)) err = -E.EROFS;
  else {
    set_time(d, 0, sec0, nsec0);
    set_time(d, 1, sec1, nsec1);
    d.d_inode!.i_ctime = current_time();
  }
  dput(d);
  return err;
}

export function sys_utimensat(dfd: i32, filename: u32, utimes: u32, flags: u32): i32 {
  return do_utimes(dfd, filename, utimes, flags, false);
}
export function sys_utimensat_time64(dfd: i32, filename: u32, utimes: u32, flags: u32): i32 {
  return do_utimes(dfd, filename, utimes, flags, true);
}
