// Path name lookup and the calls that change names (fs/namei.c).
//
// A lookup walks the dentry tree from the root ("/..."), the task's working directory or a
// directory descriptor (the *at calls): link_path_walk() resolves every component but the
// last, following symbolic links (at most MAXSYMLINKS per lookup: ELOOP); the last
// component is then looked up, created or removed by the caller. "." stays, ".." goes to the
// parent (the root's parent is the root). Processes run as root, so permission bits never
// refuse a lookup; a read-only mount refuses changes with EROFS.
import { current, Task } from "../kernel/sched";
import { files_lookup } from "../kernel/fdtable";
import { strncpy_from_user, copy_to_user } from "../kernel/uaccess";
import { kzalloc_obj, kfree_obj } from "../kernel/slab";
import { ktrace } from "../kernel/trace";
import { ERR_PTR, PTR_ERR, IS_ERR } from "../kernel/err";
import { Inode, SB_RDONLY, SB_NOCACHE, ihold, iput } from "./inode";
import { Dentry, dget, dput, d_alloc, d_add, d_lookup, d_drop, d_move, is_subdir, simple_empty } from "./dcache";
import * as E from "../uapi/errno";
import * as S from "../uapi/stat";

export const LAST_NORM = 0;
export const LAST_ROOT = 1;
export const LAST_DOT = 2;
export const LAST_DOTDOT = 3;

export const LOOKUP_FOLLOW: u32 = 1;
export const LOOKUP_DIRECTORY: u32 = 2;

/**
 * struct nameidata:
 *   dentry     the directory reached so far (a reference)
 *   last       the last component (pointer into the name), last_len bytes
 *   last_type  LAST_NORM, LAST_ROOT ("/"), LAST_DOT, LAST_DOTDOT
 *   trailing   the name ends in "/" (the last component must be a directory)
 */
@unmanaged export class Nameidata {
  dentry: Dentry;
  last: usize;
  last_len: i32;
  last_type: i32;
  trailing: i32;
}

/** The root of the name space (set by fs/init). */
export let root_dentry: Dentry = changetype<Dentry>(0);
export function set_root(d: Dentry): void {
  root_dentry = d;
}

/** Symbolic links followed in the current lookup. */
let total_links = 0;

/** Kernel copies of the names of one call (rename, link and symlink take two). */
export const pathbuf = memory.data(S.PATH_MAX);
export const pathbuf2 = memory.data(S.PATH_MAX);
const nd_a = kzalloc_obj<Nameidata>();
const nd_b = kzalloc_obj<Nameidata>();

/** getname(): copy a user path in; its length (0 for ""), -EFAULT or -ENAMETOOLONG. */
export function getname(buf: usize, upath: u32): i32 {
  const len = strncpy_from_user(buf, upath, S.PATH_MAX);
  if (len < 0) return len;
  if (len >= S.PATH_MAX) return -E.ENAMETOOLONG;
  return len;
}

// ---- fs_struct: the working directory and umask of a task (fs/fs_struct.c) ----

export function init_task_fs(t: Task): void {
  t.fs_cwd = changetype<usize>(dget(root_dentry));
  t.fs_umask = 0o022;
}

/** copy_fs() for a child process: the same directory, another reference. */
export function copy_fs(parent: Task, child: Task): void {
  child.fs_cwd = changetype<usize>(dget(changetype<Dentry>(parent.fs_cwd)));
  child.fs_umask = parent.fs_umask;
}

export function exit_fs(t: Task): void {
  if (t.fs_cwd) dput(changetype<Dentry>(t.fs_cwd));
  t.fs_cwd = 0;
}

/** IS_DEADDIR(): a directory that was removed (its cwd users may still name it): no new names. */
export function is_deaddir(d: Dentry): bool {
  return d.d_inode!.i_nlink == 0;
}

export function is_rdonly(d: Dentry): bool {
  return (d.d_inode!.i_sb.s_flags & SB_RDONLY) != 0;
}

// ---- the walk ----

/** path_init(): where a lookup starts. */
function path_init(nd: Nameidata, dfd: i32, name: usize, len: i32): i32 {
  nd.trailing = 0;
  if (len > 0 && load<u8>(name) == 0x2f) {
    nd.dentry = dget(root_dentry);
    return 0;
  }
  if (dfd == S.AT_FDCWD) {
    nd.dentry = dget(changetype<Dentry>(current.fs_cwd));
    return 0;
  }
  const f = files_lookup(current.files, dfd);
  if (!f) return -E.EBADF;
  if (!f.f_path) return -E.ENOTDIR;
  const d = changetype<Dentry>(f.f_path);
  if (!S.S_ISDIR(d.d_inode!.i_mode)) return -E.ENOTDIR;
  nd.dentry = dget(d);
  return 0;
}

/** lookup_one(): the child named name of dir, from the dcache or the file system. */
export function lookup_one(dir: Dentry, name: usize, len: i32): Dentry | null {
  const d = d_lookup(dir, name, len);
  if (d) return d;
  const di = dir.d_inode!;
  const inode = di.i_op.lookup(di, name, len);
  if (!inode) return null;
  const nd = d_alloc(dir, name, len);
  if (di.i_sb.s_flags & SB_NOCACHE) nd.d_inode = inode; // unhashed: freed with its last reference
  else d_add(nd, inode);
  return nd;
}

function component_type(name: usize, len: i32): i32 {
  if (len == 1 && load<u8>(name) == 0x2e) return LAST_DOT;
  if (len == 2 && load<u8>(name) == 0x2e && load<u8>(name, 1) == 0x2e) return LAST_DOTDOT;
  return LAST_NORM;
}

/**
 * pick_link() + the nested walk: the dentry a symbolic link (in dir) points to, with a
 * reference; drops the link's reference.
 */
function follow_link(dir: Dentry, link: Dentry, flags: u32): Dentry {
  ktrace("pick_link");
  if (++total_links > S.MAXSYMLINKS) { dput(link); return ERR_PTR<Dentry>(-E.ELOOP); }
  const inode = link.d_inode!;
  const len = <i32>inode.i_size;
  if (!len) { dput(link); return ERR_PTR<Dentry>(-E.ENOENT); }
  const nd = kzalloc_obj<Nameidata>();
  nd.trailing = 0;
  nd.dentry = load<u8>(inode.i_data) == 0x2f ? dget(root_dentry) : dget(dir);
  let res: Dentry;
  const err = link_path_walk(nd, inode.i_data, len);
  if (err < 0) res = ERR_PTR<Dentry>(err);
  else res = lookup_last(nd, flags | LOOKUP_FOLLOW);
  dput(nd.dentry);
  kfree_obj(nd);
  dput(link);
  return res;
}

/** link_path_walk(): every component but the last; nd.dentry ends at the last's parent. */
export function link_path_walk(nd: Nameidata, name: usize, len: i32): i32 {
  ktrace("link_path_walk");
  let i = 0;
  while (i < len && load<u8>(name + i) == 0x2f) i++;
  if (i >= len) {
    nd.last = name + i;
    nd.last_len = 0;
    nd.last_type = LAST_ROOT;
    return 0;
  }
  while (true) {
    const s = i;
    while (i < len && load<u8>(name + i) != 0x2f) i++;
    const clen = i - s;
    let slash = 0;
    while (i < len && load<u8>(name + i) == 0x2f) { i++; slash = 1; }
    const type = component_type(name + s, clen);
    if (i >= len) {
      nd.last = name + s;
      nd.last_len = clen;
      nd.last_type = type;
      nd.trailing = slash;
      return 0;
    }
    if (clen > S.NAME_MAX) return -E.ENAMETOOLONG;
    if (type == LAST_DOT) continue;
    let next: Dentry;
    if (type == LAST_DOTDOT) {
      next = dget(nd.dentry.d_parent);
    } else {
      const c = lookup_one(nd.dentry, name + s, clen);
      if (!c) return -E.ENOENT;
      next = c;
      if (S.S_ISLNK(c.d_inode!.i_mode)) {
        next = follow_link(nd.dentry, c, LOOKUP_DIRECTORY);
        if (IS_ERR(next)) return PTR_ERR(next);
      }
    }
    if (!S.S_ISDIR(next.d_inode!.i_mode)) {
      dput(next);
      return -E.ENOTDIR;
    }
    dput(nd.dentry);
    nd.dentry = next;
  }
}

/** lookup_last(): the last component, following a final symlink when asked (or for "name/"). */
export function lookup_last(nd: Nameidata, flags: u32): Dentry {
  let d: Dentry;
  if (nd.last_type == LAST_DOTDOT) d = dget(nd.dentry.d_parent);
  else if (nd.last_type != LAST_NORM) d = dget(nd.dentry);
  else {
    if (nd.last_len > S.NAME_MAX) return ERR_PTR<Dentry>(-E.ENAMETOOLONG);
    const c = lookup_one(nd.dentry, nd.last, nd.last_len);
    if (!c) return ERR_PTR<Dentry>(-E.ENOENT);
    d = c;
    if (S.S_ISLNK(c.d_inode!.i_mode) && ((flags & LOOKUP_FOLLOW) || nd.trailing)) {
      d = follow_link(nd.dentry, c, flags);
      if (IS_ERR(d)) return d;
    }
  }
  if ((nd.trailing || (flags & LOOKUP_DIRECTORY)) && !S.S_ISDIR(d.d_inode!.i_mode)) {
    dput(d);
    return ERR_PTR<Dentry>(-E.ENOTDIR);
  }
  return d;
}

/** filename_lookup(): the dentry a name refers to, with a reference, or ERR_PTR. */
export function filename_lookup(dfd: i32, name: usize, len: i32, flags: u32): Dentry {
  ktrace("filename_lookup");
  if (!len) return ERR_PTR<Dentry>(-E.ENOENT);
  total_links = 0;
  const nd = nd_a;
  let err = path_init(nd, dfd, name, len);
  if (err < 0) return ERR_PTR<Dentry>(err);
  err = link_path_walk(nd, name, len);
  const d = err < 0 ? ERR_PTR<Dentry>(err) : lookup_last(nd, flags);
  dput(nd.dentry);
  return d;
}

/** user_path_at(): copy the name in and look it up. */
export function user_path_at(dfd: i32, upath: u32, flags: u32): Dentry {
  const len = getname(pathbuf, upath);
  if (len < 0) return ERR_PTR<Dentry>(len);
  return filename_lookup(dfd, pathbuf, len, flags);
}

/** filename_parentat(): the parent directory (nd.dentry, a reference) and the last name. */
export function filename_parentat(nd: Nameidata, dfd: i32, name: usize, len: i32): i32 {
  if (!len) return -E.ENOENT;
  total_links = 0;
  let err = path_init(nd, dfd, name, len);
  if (err < 0) return err;
  err = link_path_walk(nd, name, len);
  if (err < 0) { dput(nd.dentry); return err; }
  return 0;
}

/** Restart a walk at a symlink's target (open's last component): nd is replaced. */
export function walk_link_body(nd: Nameidata, link: Dentry, buf: usize): i32 {
  if (++total_links > S.MAXSYMLINKS) return -E.ELOOP;
  const inode = link.d_inode!;
  const len = <i32>inode.i_size;
  if (!len) return -E.ENOENT;
  memory.copy(buf, inode.i_data, <usize>len);
  const start = load<u8>(buf) == 0x2f ? dget(root_dentry) : dget(nd.dentry);
  dput(nd.dentry);
  nd.dentry = start;
  nd.trailing = 0;
  return link_path_walk(nd, buf, len);
}

export function reset_total_links(): void {
  total_links = 0;
}

// ---- creating names (filename_create + vfs_mknod/vfs_mkdir/vfs_symlink/vfs_link) ----

/**
 * filename_create(): the parent and a new (not yet instantiated) dentry for the last name,
 * or -errno (EEXIST when the name exists). `is_dir`: "name/" is allowed.
 */
function filename_create(nd: Nameidata, dfd: i32, name: usize, len: i32, is_dir: bool): Dentry {
  const err = filename_parentat(nd, dfd, name, len);
  if (err < 0) return ERR_PTR<Dentry>(err);
  let res: Dentry;
  if (nd.last_type != LAST_NORM) res = ERR_PTR<Dentry>(-E.EEXIST);
  else if (nd.last_len > S.NAME_MAX) res = ERR_PTR<Dentry>(-E.ENAMETOOLONG);
  else if (is_deaddir(nd.dentry)) res = ERR_PTR<Dentry>(-E.ENOENT);
  else {
    const c = lookup_one(nd.dentry, nd.last, nd.last_len);
    if (c) {
      dput(c);
      res = ERR_PTR<Dentry>(-E.EEXIST);
    } else if (nd.trailing && !is_dir) {
      res = ERR_PTR<Dentry>(-E.ENOENT);
    } else if (is_rdonly(nd.dentry)) {
      res = ERR_PTR<Dentry>(-E.EROFS);
    } else {
      res = d_alloc(nd.dentry, nd.last, nd.last_len);
    }
  }
  if (IS_ERR(res)) dput(nd.dentry);
  return res;
}

function done_create(nd: Nameidata, d: Dentry, err: i32): i32 {
  dput(d);
  dput(nd.dentry);
  return err;
}

/** Set by fs/pipe and drivers: what mknod may make (S_IFIFO, S_IFCHR of known devices). */
export function do_mknodat(dfd: i32, upath: u32, mode: u32, dev: u32): i32 {
  ktrace("do_mknodat");
  const type = mode & S.S_IFMT;
  if (type == 0) mode |= S.S_IFREG;
  else if (type != S.S_IFREG && type != S.S_IFCHR && type != S.S_IFBLK && type != S.S_IFIFO && type != S.S_IFSOCK) return -E.EINVAL;
  if (S.S_ISDIR(mode)) return -E.EPERM;
  const len = getname(pathbuf, upath);
  if (len < 0) return len;
  const nd = nd_a;
  const d = filename_create(nd, dfd, pathbuf, len, false);
  if (IS_ERR(d)) return PTR_ERR(d);
  const dir = nd.dentry.d_inode!;
  mode = (mode & S.S_IFMT) | (mode & S.S_IALLUGO & ~current.fs_umask);
  const t = mode & S.S_IFMT;
  const err = dir.i_op.mknod(dir, changetype<usize>(d), mode, t == S.S_IFCHR || t == S.S_IFBLK ? dev : 0);
  return done_create(nd, d, err);
}

export function sys_mknodat(dfd: i32, filename: u32, mode: u32, dev: u32): i32 {
  return do_mknodat(dfd, filename, mode, dev);
}

export function sys_mknod(filename: u32, mode: u32, dev: u32): i32 {
  return do_mknodat(S.AT_FDCWD, filename, mode, dev);
}

export function do_mkdirat(dfd: i32, upath: u32, mode: u32): i32 {
  ktrace("do_mkdirat");
  const len = getname(pathbuf, upath);
  if (len < 0) return len;
  const nd = nd_a;
  const d = filename_create(nd, dfd, pathbuf, len, true);
  if (IS_ERR(d)) return PTR_ERR(d);
  const dir = nd.dentry.d_inode!;
  const err = dir.i_op.mkdir(dir, changetype<usize>(d), mode & 0o1777 & ~current.fs_umask);
  return done_create(nd, d, err);
}

export function sys_mkdirat(dfd: i32, pathname: u32, mode: u32): i32 {
  return do_mkdirat(dfd, pathname, mode);
}

export function sys_mkdir(pathname: u32, mode: u32): i32 {
  return do_mkdirat(S.AT_FDCWD, pathname, mode);
}

export function do_symlinkat(oldname: u32, newdfd: i32, newname: u32): i32 {
  ktrace("do_symlinkat");
  const tlen = getname(pathbuf2, oldname);
  if (tlen < 0) return tlen;
  if (!tlen) return -E.ENOENT;
  const len = getname(pathbuf, newname);
  if (len < 0) return len;
  const nd = nd_a;
  const d = filename_create(nd, newdfd, pathbuf, len, false);
  if (IS_ERR(d)) return PTR_ERR(d);
  const dir = nd.dentry.d_inode!;
  const err = dir.i_op.symlink(dir, changetype<usize>(d), pathbuf2, tlen);
  return done_create(nd, d, err);
}

export function sys_symlinkat(oldname: u32, newdfd: i32, newname: u32): i32 {
  return do_symlinkat(oldname, newdfd, newname);
}

export function sys_symlink(oldname: u32, newname: u32): i32 {
  return do_symlinkat(oldname, S.AT_FDCWD, newname);
}

export function do_linkat(olddfd: i32, oldname: u32, newdfd: i32, newname: u32, flags: i32): i32 {
  ktrace("do_linkat");
  if (flags & ~<i32>(S.AT_SYMLINK_FOLLOW | S.AT_EMPTY_PATH)) return -E.EINVAL;
  const olen = getname(pathbuf2, oldname);
  if (olen < 0) return olen;
  const old = filename_lookup(olddfd, pathbuf2, olen, (flags & S.AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0);
  if (IS_ERR(old)) return PTR_ERR(old);
  const len = getname(pathbuf, newname);
  if (len < 0) { dput(old); return len; }
  const nd = nd_b;
  const d = filename_create(nd, newdfd, pathbuf, len, false);
  if (IS_ERR(d)) { dput(old); return PTR_ERR(d); }
  let err = 0;
  const dir = nd.dentry.d_inode!;
  if (dir.i_sb != old.d_inode!.i_sb) err = -E.EXDEV;
  else if (S.S_ISDIR(old.d_inode!.i_mode)) err = -E.EPERM;
  else err = dir.i_op.link(changetype<usize>(old), dir, changetype<usize>(d));
  dput(old);
  return done_create(nd, d, err);
}

export function sys_linkat(olddfd: i32, oldname: u32, newdfd: i32, newname: u32, flags: i32): i32 {
  return do_linkat(olddfd, oldname, newdfd, newname, flags);
}

export function sys_link(oldname: u32, newname: u32): i32 {
  return do_linkat(S.AT_FDCWD, oldname, S.AT_FDCWD, newname, 0);
}

// ---- removing names (do_unlinkat, do_rmdir) ----

export function do_unlinkat(dfd: i32, upath: u32): i32 {
  ktrace("do_unlinkat");
  const len = getname(pathbuf, upath);
  if (len < 0) return len;
  const nd = nd_a;
  let err = filename_parentat(nd, dfd, pathbuf, len);
  if (err < 0) return err;
  if (nd.last_type != LAST_NORM) { dput(nd.dentry); return -E.EISDIR; }
  if (nd.last_len > S.NAME_MAX) { dput(nd.dentry); return -E.ENAMETOOLONG; }
  const c = lookup_one(nd.dentry, nd.last, nd.last_len);
  if (!c) { dput(nd.dentry); return -E.ENOENT; }
  const inode = c.d_inode!;
  if (nd.trailing) err = S.S_ISDIR(inode.i_mode) ? -E.EISDIR : -E.ENOTDIR;
  else if (S.S_ISDIR(inode.i_mode)) err = -E.EISDIR;
  else if (is_rdonly(nd.dentry)) err = -E.EROFS;
  else {
    const dir = nd.dentry.d_inode!;
    err = dir.i_op.unlink(dir, changetype<usize>(c));
    if (!err) d_drop(c);
  }
  dput(c);
  dput(nd.dentry);
  return err;
}

export function do_rmdir(dfd: i32, upath: u32): i32 {
  ktrace("do_rmdir");
  const len = getname(pathbuf, upath);
  if (len < 0) return len;
  const nd = nd_a;
  let err = filename_parentat(nd, dfd, pathbuf, len);
  if (err < 0) return err;
  if (nd.last_type != LAST_NORM) {
    dput(nd.dentry);
    return nd.last_type == LAST_DOTDOT ? -E.ENOTEMPTY : nd.last_type == LAST_DOT ? -E.EINVAL : -E.EBUSY;
  }
  if (nd.last_len > S.NAME_MAX) { dput(nd.dentry); return -E.ENAMETOOLONG; }
  const c = lookup_one(nd.dentry, nd.last, nd.last_len);
  if (!c) { dput(nd.dentry); return -E.ENOENT; }
  if (!S.S_ISDIR(c.d_inode!.i_mode)) err = -E.ENOTDIR;
  else if (is_rdonly(nd.dentry)) err = -E.EROFS;
  else if (c.d_inode!.i_sb.s_root == changetype<usize>(c)) err = -E.EBUSY;
  else if (!simple_empty(c)) err = -E.ENOTEMPTY;
  else {
    const dir = nd.dentry.d_inode!;
    err = dir.i_op.rmdir(dir, changetype<usize>(c));
    if (!err) d_drop(c);
  }
  dput(c);
  dput(nd.dentry);
  return err;
}

export function sys_unlinkat(dfd: i32, pathname: u32, flag: i32): i32 {
  if (flag & ~<i32>S.AT_REMOVEDIR) return -E.EINVAL;
  if (flag & S.AT_REMOVEDIR) return do_rmdir(dfd, pathname);
  return do_unlinkat(dfd, pathname);
}

export function sys_unlink(pathname: u32): i32 {
  return do_unlinkat(S.AT_FDCWD, pathname);
}

export function sys_rmdir(pathname: u32): i32 {
  return do_rmdir(S.AT_FDCWD, pathname);
}

// ---- rename (do_renameat2, vfs_rename) ----

export function do_renameat2(olddfd: i32, oldname: u32, newdfd: i32, newname: u32, flags: u32): i32 {
  ktrace("do_renameat2");
  if (flags & ~(S.RENAME_NOREPLACE | S.RENAME_EXCHANGE | S.RENAME_WHITEOUT)) return -E.EINVAL;
  if ((flags & S.RENAME_NOREPLACE) && (flags & S.RENAME_EXCHANGE)) return -E.EINVAL;
  // Unlike Linux, no whiteouts (there is no overlay file system to use them)
  if (flags & S.RENAME_WHITEOUT) return -E.EINVAL;
  const olen = getname(pathbuf2, oldname);
  if (olen < 0) return olen;
  const nlen = getname(pathbuf, newname);
  if (nlen < 0) return nlen;
  const ond = nd_b;
  let err = filename_parentat(ond, olddfd, pathbuf2, olen);
  if (err < 0) return err;
  const nnd = nd_a;
  err = filename_parentat(nnd, newdfd, pathbuf, nlen);
  if (err < 0) { dput(ond.dentry); return err; }
  err = rename_dentries(ond, nnd, flags);
  dput(ond.dentry);
  dput(nnd.dentry);
  return err;
}

function rename_dentries(ond: Nameidata, nnd: Nameidata, flags: u32): i32 {
  const odir = ond.dentry;
  const ndir = nnd.dentry;
  if (ond.last_type != LAST_NORM || nnd.last_type != LAST_NORM) {
    return (flags & S.RENAME_NOREPLACE) && nnd.last_type != LAST_NORM ? -E.EEXIST : -E.EBUSY;
  }
  if (ond.last_len > S.NAME_MAX || nnd.last_len > S.NAME_MAX) return -E.ENAMETOOLONG;
  if (odir.d_inode!.i_sb != ndir.d_inode!.i_sb) return -E.EXDEV;
  if (is_deaddir(ndir)) return -E.ENOENT;
  const old = lookup_one(odir, ond.last, ond.last_len);
  if (!old) return -E.ENOENT;
  const target = lookup_one(ndir, nnd.last, nnd.last_len);
  const err = vfs_rename(odir, old, ndir, target, ond, nnd, flags);
  if (target) dput(target);
  dput(old);
  return err;
}

/** The new last component of the rename in progress (a file system whose ->rename gets no target dentry reads it). */
export let rename_new_name: usize = 0;
export let rename_new_len: i32 = 0;

function vfs_rename(odir: Dentry, old: Dentry, ndir: Dentry, target: Dentry | null, ond: Nameidata, nnd: Nameidata, flags: u32): i32 {
  ktrace("vfs_rename");
  const inode = old.d_inode!;
  const is_dir = S.S_ISDIR(inode.i_mode);
  if (flags & S.RENAME_EXCHANGE) {
    if (!target) return -E.ENOENT;
  } else {
    if (target && (flags & S.RENAME_NOREPLACE)) return -E.EEXIST;
    if (!is_dir && (ond.trailing || nnd.trailing)) return -E.ENOTDIR;
  }
  if (is_rdonly(odir)) return -E.EROFS;
  // a mount's root cannot move, nor be replaced (EBUSY, as for a mount point)
  if (inode.i_sb.s_root == changetype<usize>(old)) return -E.EBUSY;
  if (target && target.d_inode!.i_sb.s_root == changetype<usize>(target)) return -E.EBUSY;
  rename_new_name = nnd.last;
  rename_new_len = nnd.last_len;
  // the source may not be an ancestor of the target; the target not one of the source
  if (is_dir && is_subdir(ndir, old)) return -E.EINVAL;
  if (target && S.S_ISDIR(target.d_inode!.i_mode) && is_subdir(odir, target)) return -E.ENOTEMPTY;
  if (old == target) return 0;
  if (target && target.d_inode == inode) return 0; // two names of one inode: nothing to do
  const odi = odir.d_inode!;
  const ndi = ndir.d_inode!;
  if (flags & S.RENAME_EXCHANGE) {
    const t = target!;
    let err = odi.i_op.rename(odi, changetype<usize>(old), ndi, changetype<usize>(t));
    if (err < 0) return err;
    if (S.S_ISDIR(t.d_inode!.i_mode) != is_dir && odi != ndi) {
      // a directory moved the other way: its parent link count follows
      if (is_dir) { ndi.i_nlink--; odi.i_nlink++; } else { odi.i_nlink--; ndi.i_nlink++; }
    }
    d_move(old, ndir, nnd.last, nnd.last_len);
    d_move(t, odir, ond.last, ond.last_len);
    return 0;
  }
  if (target) {
    const ti = target.d_inode!;
    if (is_dir) {
      if (!S.S_ISDIR(ti.i_mode)) return -E.ENOTDIR;
      if (!simple_empty(target)) return -E.ENOTEMPTY;
    } else if (S.S_ISDIR(ti.i_mode)) return -E.EISDIR;
    const err = S.S_ISDIR(ti.i_mode)
      ? ndi.i_op.rmdir(ndi, changetype<usize>(target))
      : ndi.i_op.unlink(ndi, changetype<usize>(target));
    if (err < 0) return err;
    d_drop(target);
  }
  const err = odi.i_op.rename(odi, changetype<usize>(old), ndi, changetype<usize>(target ? target : changetype<Dentry>(0)));
  if (err < 0) return err;
  d_move(old, ndir, nnd.last, nnd.last_len);
  return 0;
}

export function sys_renameat2(olddfd: i32, oldname: u32, newdfd: i32, newname: u32, flags: u32): i32 {
  return do_renameat2(olddfd, oldname, newdfd, newname, flags);
}

export function sys_renameat(olddfd: i32, oldname: u32, newdfd: i32, newname: u32): i32 {
  return do_renameat2(olddfd, oldname, newdfd, newname, 0);
}

export function sys_rename(oldname: u32, newname: u32): i32 {
  return do_renameat2(S.AT_FDCWD, oldname, S.AT_FDCWD, newname, 0);
}

// ---- readlink (fs/stat.c do_readlinkat) ----

export function do_readlinkat(dfd: i32, upath: u32, buf: u32, bufsiz: i32): i32 {
  if (bufsiz <= 0) return -E.EINVAL;
  const d = user_path_at(dfd, upath, 0);
  if (IS_ERR(d)) return PTR_ERR(d);
  const inode = d.d_inode!;
  let err: i32;
  if (!S.S_ISLNK(inode.i_mode)) err = -E.EINVAL;
  else {
    let n = <i32>inode.i_size;
    if (n > bufsiz) n = bufsiz;
    err = copy_to_user(buf, inode.i_data, <u32>n) ? -E.EFAULT : n;
  }
  dput(d);
  return err;
}

export function sys_readlinkat(dfd: i32, pathname: u32, buf: u32, bufsiz: i32): i32 {
  return do_readlinkat(dfd, pathname, buf, bufsiz);
}

export function sys_readlink(path: u32, buf: u32, bufsiz: i32): i32 {
  return do_readlinkat(S.AT_FDCWD, path, buf, bufsiz);
}

// ---- pathname sockets: S_IFSOCK inodes (unix_bind_bsd's mknod, unix_find_bsd's lookup) ----
//
// fs/ never imports a protocol: AF_UNIX passes its socket as an opaque owner, kept in the
// inode's i_private while the socket is bound (and 0 once it closes: the file stays until
// unlink(2), as on Linux).

/** The name a bound socket holds: its S_IFSOCK inode (a reference, like Linux's u->path). */
export type SockName = Inode;

/**
 * kern_path_create() + vfs_mknod(S_IFSOCK) for bind(2): the new inode, referenced for the
 * socket, or ERR_PTR: -EADDRINUSE when any file has the name (mknod's EEXIST), -ENOENT
 * when a directory is missing, -ENOTDIR, -EROFS, -ENAMETOOLONG...; `bound`: the socket
 * has an address already, -EINVAL after the name's own checks.
 */
export function sockname_create(path: usize, len: i32, owner: usize, bound: bool): SockName {
  ktrace("vfs_mknod");
  if (!len) return ERR_PTR<SockName>(-E.ENOENT);
  if (len >= S.PATH_MAX) return ERR_PTR<SockName>(-E.ENAMETOOLONG);
  memory.copy(pathbuf2, path, <usize>len);
  const nd = nd_b;
  const d = filename_create(nd, S.AT_FDCWD, pathbuf2, len, false);
  if (IS_ERR(d)) {
    const err = PTR_ERR(d);
    return ERR_PTR<SockName>(err == -E.EEXIST ? -E.EADDRINUSE : err);
  }
  if (bound) {
    // the socket has an address already: the name was free, but bind fails (EINVAL)
    done_create(nd, d, 0);
    return ERR_PTR<SockName>(-E.EINVAL);
  }
  const dir = nd.dentry.d_inode!;
  const err = dir.i_op.mknod(dir, changetype<usize>(d), S.S_IFSOCK | (0o777 & ~current.fs_umask), 0);
  let res: SockName;
  if (err < 0) res = ERR_PTR<SockName>(err);
  else {
    res = ihold(d.d_inode!);
    res.i_private = owner;
  }
  done_create(nd, d, 0);
  return res;
}

/**
 * unix_find_bsd(): the owner bound to the socket file a path names (following symlinks),
 * 0 when the file is a socket nobody is bound to, or -errno: the lookup's (ENOENT,
 * ENOTDIR, ELOOP...), -ECONNREFUSED when the file is not a socket.
 */
export function sockname_lookup(path: usize, len: i32): isize {
  if (len >= S.PATH_MAX) return -E.ENAMETOOLONG;
  memory.copy(pathbuf2, path, <usize>len);
  const d = filename_lookup(S.AT_FDCWD, pathbuf2, len, LOOKUP_FOLLOW);
  if (IS_ERR(d)) return PTR_ERR(d);
  const inode = d.d_inode!;
  const owner: isize = S.S_ISSOCK(inode.i_mode) ? <isize>inode.i_private : -E.ECONNREFUSED;
  dput(d);
  return owner;
}

/** The socket closes: the file stays (until unlink), without an owner. */
export function sockname_put(e: SockName): void {
  e.i_private = 0;
  iput(e);
}
