// Host directories mounted into the guest's tree (`int80 run --mount HOSTDIR:GUESTDIR[:ro|:rw]`).
//
// Like Linux's hostfs (fs/hostfs, User-Mode Linux) the inode operations call the host: each
// inode keeps the host's node number (i_host) and every operation names one file or one
// name in one directory by that number (arch/host.ts, hostfs_*). The VFS does every path
// walk itself, so the guest's rules hold inside a mount: `..` at the mount's root goes to
// the guest directory above the mount point, an absolute symlink is resolved from the
// guest's root, a relative one through the guest's dentries: no name the guest can write
// reaches outside the mounted directory. A read-only mount (SB_RDONLY) refuses changes with
// EROFS in the VFS before any host call; rename and link across mounts are EXDEV (the
// super blocks differ).
//
// Unlike Linux:
// - names looked up stay in the dentry cache for the run (there is no d_revalidate): a
//   file the host removes or replaces during the run keeps the attributes it had;
// - sockets and FIFOs cannot be made in a host directory (mknod: -EPERM), and the ones
//   that exist there cannot be opened (ENXIO) or connected to (ECONNREFUSED);
// - permission bits are the host's as stat shows them, but processes run as root.
import { File, FileOperations, no_iterate } from "../kernel/fs";
import { IovIter, copy_to_iter, copy_from_iter } from "../kernel/iov_iter";
import { kzalloc, kfree, kzalloc_obj } from "../kernel/slab";
import { ktrace } from "../kernel/trace";
import { Inode, InodeOperations, SuperBlock, SB_RDONLY, new_inode, iput, set_evict_host } from "./inode";
import { Dentry, d_alloc, d_instantiate, dput, simple_empty } from "./dcache";
import { DirContext, dir_emit, default_poll, noop_release, no_ioctl, dcache_dir_lseek, generic_file_llseek } from "./libfs";
import { lookup_one, root_dentry, rename_new_name, rename_new_len } from "./namei";
import { bad_chr_fops } from "./init";
import * as E from "../uapi/errno";
import * as S from "../uapi/stat";
import { O_APPEND } from "../uapi/fcntl";
import {
  host_hostfs_lookup, host_hostfs_getattr, host_hostfs_read, host_hostfs_write, host_hostfs_readdir,
  host_hostfs_readlink, host_hostfs_op, host_hostfs_forget, host_hostfs_statfs,
} from "../arch/host";

/** f_type of a host mount when the host does not say (HOSTFS_SUPER_MAGIC). */
export const HOSTFS_SUPER_MAGIC: u32 = 0x00c0ffee;

// The attributes the host writes (hostfs_lookup, hostfs_getattr)
export const HOSTFS_ATTR_MODE = 0;
export const HOSTFS_ATTR_NLINK = 4;
export const HOSTFS_ATTR_INO = 8;
export const HOSTFS_ATTR_SIZE = 16;
export const HOSTFS_ATTR_ATIME = 24;
export const HOSTFS_ATTR_MTIME = 32;
export const HOSTFS_ATTR_CTIME = 40;
export const HOSTFS_ATTR_LEN = 48;

// hostfs_op's operations
export const HOSTFS_OP_CREATE = 1;
export const HOSTFS_OP_MKDIR = 2;
export const HOSTFS_OP_UNLINK = 3;
export const HOSTFS_OP_RMDIR = 4;
export const HOSTFS_OP_SYMLINK = 5;
export const HOSTFS_OP_LINK = 6;
export const HOSTFS_OP_RENAME = 7;
export const HOSTFS_OP_TRUNCATE = 8;

const attr = memory.data(HOSTFS_ATTR_LEN);
const CHUNK: u32 = 65536;
const bounce = memory.data(<i32>CHUNK);
const direntbuf = memory.data(8 + S.NAME_MAX + 1);

// ---- file operations ----

/** hostfs_read_iter(): from f_pos, through a kernel bounce buffer, in 64 KiB steps. */
function hostfs_read_iter(file: File, iter: IovIter): i32 {
  ktrace("hostfs_read_iter");
  const inode = changetype<Inode>(file.f_inode);
  let done: u32 = 0;
  while (iter.count) {
    const want = iter.count < CHUNK ? iter.count : CHUNK;
    const n = host_hostfs_read(inode.i_host, bounce, want, <f64>file.f_pos);
    if (n < 0) return done ? <i32>done : n;
    if (n == 0) break;
    const c = copy_to_iter(bounce, <u32>n, iter);
    file.f_pos += <i64>c;
    done += c;
    if (c < <u32>n) return done ? <i32>done : -E.EFAULT;
    if (<u32>n < want) break;
  }
  return <i32>done;
}

/** hostfs_file_write(): at f_pos (at the end with O_APPEND). */
function hostfs_write_iter(file: File, iter: IovIter): i32 {
  ktrace("hostfs_write_iter");
  const inode = changetype<Inode>(file.f_inode);
  if (inode.i_sb.s_flags & SB_RDONLY) return -E.EROFS;
  if (file.f_flags & O_APPEND) {
    hostfs_refresh(inode);
    file.f_pos = inode.i_size;
  }
  let done: u32 = 0;
  while (iter.count) {
    const want = iter.count < CHUNK ? iter.count : CHUNK;
    const c = copy_from_iter(bounce, want, iter);
    if (!c) return done ? <i32>done : -E.EFAULT;
    const n = host_hostfs_write(inode.i_host, bounce, c, <f64>file.f_pos);
    if (n < 0) return done ? <i32>done : n;
    file.f_pos += <i64>n;
    done += <u32>n;
    if (<u32>n < c) break;
  }
  if (file.f_pos > inode.i_size) inode.i_size = file.f_pos;
  hostfs_refresh(inode);
  return <i32>done;
}

/** llseek with the host's current size (SEEK_END, SEEK_DATA/HOLE). */
function hostfs_llseek(file: File, offset: i64, whence: i32): i64 {
  hostfs_refresh(changetype<Inode>(file.f_inode));
  return generic_file_llseek(file, offset, whence);
}

export const hostfs_file_operations = new FileOperations();
hostfs_file_operations.read_iter = hostfs_read_iter;
hostfs_file_operations.write_iter = hostfs_write_iter;
hostfs_file_operations.poll = default_poll;
hostfs_file_operations.unlocked_ioctl = no_ioctl;
hostfs_file_operations.release = noop_release;
hostfs_file_operations.llseek = hostfs_llseek;
hostfs_file_operations.iterate_shared = no_iterate;

const dot = memory.data<u8>([46, 46]);

/** hostfs_readdir(): ".", "..", then the host's entries; f_pos counts entries. */
function hostfs_readdir(file: File, ctxp: usize): i32 {
  ktrace("hostfs_readdir");
  const ctx = changetype<DirContext>(ctxp);
  const d = changetype<Dentry>(file.f_path);
  const inode = d.d_inode!;
  while (true) {
    const pos = file.f_pos;
    ctx.pos = pos;
    if (pos == 0) {
      if (!dir_emit(ctx, dot, 1, inode.i_ino, S.DT_DIR)) return 0;
    } else if (pos == 1) {
      if (!dir_emit(ctx, dot, 2, d.d_parent.d_inode!.i_ino, S.DT_DIR)) return 0;
    } else {
      const n = host_hostfs_readdir(inode.i_host, <u32>(pos - 2), direntbuf, 8 + S.NAME_MAX);
      if (n < 0) return ctx.written ? 0 : n;
      if (n == 0) return 0;
      if (!dir_emit(ctx, direntbuf + 8, n, load<u32>(direntbuf), <u8>load<u32>(direntbuf, 4))) return 0;
    }
    file.f_pos = pos + 1;
  }
}

function dir_rw(file: File, iter: IovIter): i32 { return -E.EISDIR; }

export const hostfs_dir_operations = new FileOperations();
hostfs_dir_operations.read_iter = dir_rw;
hostfs_dir_operations.write_iter = dir_rw;
hostfs_dir_operations.poll = default_poll;
hostfs_dir_operations.unlocked_ioctl = no_ioctl;
hostfs_dir_operations.release = noop_release;
hostfs_dir_operations.llseek = dcache_dir_lseek;
hostfs_dir_operations.iterate_shared = hostfs_readdir;

function set_attr(inode: Inode): void {
  inode.i_mode = load<u32>(attr + HOSTFS_ATTR_MODE);
  inode.i_nlink = load<u32>(attr + HOSTFS_ATTR_NLINK);
  inode.i_size = <i64>load<f64>(attr + HOSTFS_ATTR_SIZE);
  inode.i_atime = <i64>load<f64>(attr + HOSTFS_ATTR_ATIME);
  inode.i_mtime = <i64>load<f64>(attr + HOSTFS_ATTR_MTIME);
  inode.i_ctime = <i64>load<f64>(attr + HOSTFS_ATTR_CTIME);
}

/** Refresh an inode from the host (stat after the host or another open file changed it). */
export function hostfs_refresh(inode: Inode): void {
  if (inode.i_host && host_hostfs_getattr(inode.i_host, attr) == 0) set_attr(inode);
}

/** hostfs_iget(): an inode for the node the host just described in `attr`. */
function hostfs_iget(sb: SuperBlock, node: i32): Inode {
  const mode = load<u32>(attr + HOSTFS_ATTR_MODE);
  const type = mode & S.S_IFMT;
  let fop: FileOperations = bad_chr_fops;
  if (type == S.S_IFDIR) fop = hostfs_dir_operations;
  else if (type == S.S_IFREG || type == S.S_IFLNK) fop = hostfs_file_operations;
  const inode = new_inode(sb, mode, hostfs_dir_inode_operations, fop);
  set_attr(inode);
  inode.i_host = node;
  inode.i_uid = 0;
  inode.i_gid = 0;
  if (type == S.S_IFLNK) {
    // the target is kept like a tmpfs symlink's (i_data): the VFS resolves it in the guest
    const n = host_hostfs_readlink(node, bounce, S.PATH_MAX);
    if (n > 0) {
      inode.i_data = kzalloc(<usize>n);
      inode.i_cap = <u32>n;
      memory.copy(inode.i_data, bounce, <usize>n);
      inode.i_size = n;
      sb.s_bytes += n; // iput() gives it back
    } else inode.i_size = 0;
  }
  return inode;
}

function hostfs_evict(node: i32): void {
  host_hostfs_forget(node);
}
set_evict_host(hostfs_evict);

// ---- inode operations ----

function hostfs_lookup(dir: Inode, name: usize, len: i32): Inode | null {
  ktrace("hostfs_lookup");
  const node = host_hostfs_lookup(dir.i_host, name, <u32>len, attr);
  if (node <= 0) return null;
  return hostfs_iget(dir.i_sb, node);
}

/** After a host call made `name` in dir: look it up and instantiate the new dentry. */
function instantiate_new(dir: Inode, dentry: usize): i32 {
  const d = changetype<Dentry>(dentry);
  const node = host_hostfs_lookup(dir.i_host, d.d_name, <u32>d.d_namelen, attr);
  if (node <= 0) return node < 0 ? node : -E.ENOENT;
  d_instantiate(dentry, hostfs_iget(dir.i_sb, node));
  return 0;
}

function name_op(op: i32, dir: Inode, dentry: usize, arg: f64): i32 {
  const d = changetype<Dentry>(dentry);
  return host_hostfs_op(op, dir.i_host, d.d_name, <u32>d.d_namelen, 0, 0, 0, arg);
}

function hostfs_create(dir: Inode, dentry: usize, mode: u32): i32 {
  const err = name_op(HOSTFS_OP_CREATE, dir, dentry, <f64>(mode & S.S_IALLUGO));
  return err < 0 ? err : instantiate_new(dir, dentry);
}

function hostfs_mkdir(dir: Inode, dentry: usize, mode: u32): i32 {
  const err = name_op(HOSTFS_OP_MKDIR, dir, dentry, <f64>(mode & S.S_IALLUGO));
  if (err < 0) return err;
  dir.i_nlink++;
  return instantiate_new(dir, dentry);
}

/** Unlike Linux, no sockets, FIFOs or devices in a host directory. */
function hostfs_mknod(dir: Inode, dentry: usize, mode: u32, dev: u32): i32 {
  if ((mode & S.S_IFMT) == S.S_IFREG) return hostfs_create(dir, dentry, mode);
  return -E.EPERM;
}

function hostfs_symlink(dir: Inode, dentry: usize, target: usize, len: i32): i32 {
  const d = changetype<Dentry>(dentry);
  const err = host_hostfs_op(HOSTFS_OP_SYMLINK, dir.i_host, d.d_name, <u32>d.d_namelen, 0, target, <u32>len, 0);
  return err < 0 ? err : instantiate_new(dir, dentry);
}

function hostfs_link(old_dentry: usize, dir: Inode, dentry: usize): i32 {
  const inode = changetype<Dentry>(old_dentry).d_inode!;
  const d = changetype<Dentry>(dentry);
  const err = host_hostfs_op(HOSTFS_OP_LINK, dir.i_host, d.d_name, <u32>d.d_namelen, inode.i_host, 0, 0, 0);
  if (err < 0) return err;
  // the new name is the same host file: one inode, as Linux's d_instantiate(dentry, inode)
  inode.i_nlink++;
  inode.i_count++;
  d_instantiate(dentry, inode);
  return 0;
}

function hostfs_unlink(dir: Inode, dentry: usize): i32 {
  const err = name_op(HOSTFS_OP_UNLINK, dir, dentry, 0);
  if (err < 0) return err;
  const inode = changetype<Dentry>(dentry).d_inode!;
  if (inode.i_nlink) inode.i_nlink--;
  return 0;
}

function hostfs_rmdir(dir: Inode, dentry: usize): i32 {
  const err = name_op(HOSTFS_OP_RMDIR, dir, dentry, 0);
  if (err < 0) return err;
  changetype<Dentry>(dentry).d_inode!.i_nlink = 0;
  if (dir.i_nlink > 2) dir.i_nlink--;
  return 0;
}

/**
 * The VFS checked the names and dropped a replaced target's dentry already (it called
 * ->unlink/->rmdir for it, which removed the host file): the host moves the file.
 */
function hostfs_rename(old_dir: Inode, old_dentry: usize, new_dir: Inode, new_dentry: usize): i32 {
  const od = changetype<Dentry>(old_dentry);
  const nd = changetype<Dentry>(new_dentry);
  // new_dentry is 0 when nothing had the new name: the VFS's last component then
  const name = new_dentry ? nd.d_name : rename_new_name;
  const len = new_dentry ? nd.d_namelen : rename_new_len;
  return host_hostfs_op(HOSTFS_OP_RENAME, old_dir.i_host, od.d_name, <u32>od.d_namelen, new_dir.i_host, name, <u32>len, 0);
}

function hostfs_setsize(inode: Inode, size: i64): i32 {
  if (size < 0) return -E.EINVAL;
  const err = host_hostfs_op(HOSTFS_OP_TRUNCATE, inode.i_host, 0, 0, 0, 0, 0, <f64>size);
  if (err < 0) return err;
  inode.i_size = size;
  return 0;
}

export const hostfs_dir_inode_operations = new InodeOperations();
hostfs_dir_inode_operations.lookup = hostfs_lookup;
hostfs_dir_inode_operations.create = hostfs_create;
hostfs_dir_inode_operations.mkdir = hostfs_mkdir;
hostfs_dir_inode_operations.mknod = hostfs_mknod;
hostfs_dir_inode_operations.symlink = hostfs_symlink;
hostfs_dir_inode_operations.link = hostfs_link;
hostfs_dir_inode_operations.unlink = hostfs_unlink;
hostfs_dir_inode_operations.rmdir = hostfs_rmdir;
hostfs_dir_inode_operations.rename = hostfs_rename;
hostfs_dir_inode_operations.setsize = hostfs_setsize;

// ---- the super block and the mount ----

function hostfs_statfs(sb: SuperBlock, buf: usize): void {
  const root = changetype<Dentry>(sb.s_root).d_inode!;
  host_hostfs_statfs(root.i_host, buf);
}

/** Device numbers of host mounts (st_dev), after the root tmpfs's. */
let next_dev: u32 = 0x30;

/**
 * Mount the host directory the host calls `root_node` (attributes in `attr`, from its
 * lookup) on the guest directory `path` (len bytes, absolute; made when missing): the
 * directory's dentry is given the host's root inode, as a mount covers its mount point.
 * 0 or -errno (ENOTDIR when the host's root is not a directory, EBUSY when something is
 * mounted there already or the path is "/", ENOTEMPTY when the guest directory has files,
 * ENOENT for a relative path).
 */
export function hostfs_mount(root_node: i32, path: usize, len: i32, rdonly: bool): i32 {
  if (len < 1 || load<u8>(path) != 0x2f) return -E.ENOENT;
  if ((load<u32>(attr + HOSTFS_ATTR_MODE) & S.S_IFMT) != S.S_IFDIR) return -E.ENOTDIR;
  // walk and make the directories
  let dir = changetype<Dentry>(root_dentry);
  let held = false;
  let i = 0;
  while (i < len) {
    while (i < len && load<u8>(path + i) == 0x2f) i++;
    if (i >= len) break;
    let j = i;
    while (j < len && load<u8>(path + j) != 0x2f) j++;
    const nlen = j - i;
    if (nlen > S.NAME_MAX || (nlen == 1 && load<u8>(path + i) == 0x2e) || (nlen == 2 && load<u16>(path + i) == 0x2e2e)) {
      if (held) dput(dir);
      return -E.EINVAL;
    }
    let c = lookup_one(dir, path + i, nlen);
    if (!c) {
      const di = dir.d_inode!;
      if (di.i_sb.s_root != changetype<usize>(dir) && di.i_host) { if (held) dput(dir); return -E.EBUSY; }
      const nd = d_alloc_mkdir(dir, path + i, nlen);
      if (!nd) { if (held) dput(dir); return -E.ENOSPC; }
      c = nd;
    }
    if (!S.S_ISDIR(c.d_inode!.i_mode)) { dput(c); if (held) dput(dir); return -E.ENOTDIR; }
    if (held) dput(dir);
    dir = c;
    held = true;
    i = j;
  }
  if (!held || dir.d_inode!.i_host || dir.d_inode!.i_sb.s_root == changetype<usize>(dir)) {
    if (held) dput(dir);
    return -E.EBUSY; // "/" itself, or a mount already
  }
  // Unlike Linux (where a mount hides what the directory held), the mount point must be empty
  if (!simple_empty(dir)) { dput(dir); return -E.ENOTEMPTY; }
  const sb = kzalloc_obj<SuperBlock>();
  sb.s_dev = next_dev++;
  sb.s_magic = HOSTFS_SUPER_MAGIC;
  sb.s_flags = rdonly ? SB_RDONLY : 0;
  sb.s_root = changetype<usize>(dir);
  sb.s_statfs = changetype<usize>(hostfs_statfs);
  const inode = hostfs_iget(sb, root_node);
  // the mount point's own inode is covered for the rest of the run
  const old = dir.d_inode!;
  dir.d_inode = inode;
  iput(old);
  dput(dir); // the tree keeps the dentry
  return 0;
}

/** A tmpfs directory for a missing component of the mount point (vfs_mkdir). */
function d_alloc_mkdir(dir: Dentry, name: usize, len: i32): Dentry | null {
  const d = d_alloc(dir, name, len);
  const di = dir.d_inode!;
  const err = di.i_op.mkdir(di, changetype<usize>(d), 0o755);
  if (err < 0) { dput(d); return null; }
  return d;
}

/** Where the host writes a mount's attributes before hostfs_mount (its lookup of the root). */
export function hostfs_attr_buf(): usize {
  return attr;
}
