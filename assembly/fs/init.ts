// The root file system (init/do_mounts.c, init/initramfs.c): a tmpfs mounted at "/" at
// boot, filled by the host's initramfs (directories, /dev nodes, /etc files; see
// host/initramfs.ts) before the first process runs.
import { kzalloc_obj } from "../kernel/slab";
import { FileOperations, File } from "../kernel/fs";
import { IovIter } from "../kernel/iov_iter";
import { PollTable } from "../kernel/poll";
import { Inode, nr_inodes } from "./inode";
import { Dentry, d_alloc, d_add, dput, nr_dentries } from "./dcache";
import { shmem_fill_super, shmem_get_inode, set_init_special_inode, shmem_file_operations } from "./tmpfs";
import { set_root, root_dentry, lookup_one, pathbuf } from "./namei";
import { pipefifo_fops, nr_pipes } from "./pipe";
import { nr_flocks } from "./locks";
import { chrdev_fops } from "../drivers/char/mem";
import { default_poll, noop_release, no_ioctl, no_llseek } from "./libfs";
import { no_iterate } from "../kernel/fs";
import * as E from "../uapi/errno";
import * as S from "../uapi/stat";

/** The root tmpfs's size limit (tmpfs size=): ENOSPC beyond it. */
export const ROOTFS_SIZE: i64 = 256 << 20;

function bad_open(file: File, iter: IovIter): i32 { return -E.ENXIO; }
function bad_poll(file: File, pt: PollTable | null): u32 { return 0x20; }
/** def_chr_fops for a device number without a driver: never opened (ENXIO). */
export const bad_chr_fops = new FileOperations();
bad_chr_fops.read_iter = bad_open;
bad_chr_fops.write_iter = bad_open;
bad_chr_fops.poll = bad_poll;
bad_chr_fops.unlocked_ioctl = no_ioctl;
bad_chr_fops.release = noop_release;
bad_chr_fops.llseek = no_llseek;
bad_chr_fops.iterate_shared = no_iterate;

/** init_special_inode(): FIFOs get the pipe's operations, devices their driver's. */
function init_special_inode(mode: u32, dev: u32): FileOperations {
  const type = mode & S.S_IFMT;
  if (type == S.S_IFIFO) return pipefifo_fops;
  if (type == S.S_IFCHR) {
    const fop = chrdev_fops(dev);
    return fop ? fop! : bad_chr_fops;
  }
  return bad_chr_fops; // block devices, sockets: open gives ENXIO
}
set_init_special_inode(init_special_inode);

const rootsb = shmem_fill_super(0x16, ROOTFS_SIZE);
{
  const inode = shmem_get_inode(rootsb, S.S_IFDIR | 0o755, 0);
  const root = d_alloc(null, pathbuf, 0);
  root.d_inode = inode;
  root.d_flags = 1;
  rootsb.s_root = changetype<usize>(root);
  set_root(root);
}

const INITRAMFS_BUF = 65536;
const initbuf = memory.data(INITRAMFS_BUF);

/** Where the host writes one initramfs entry: the path, then the data. */
export function initramfs_buf(): usize {
  return initbuf;
}

/**
 * One entry of the initramfs (cpio's newc records, reduced): an absolute path of pathlen
 * bytes at initramfs_buf(), followed by datalen bytes (a file's contents or a symlink's
 * target). The parent directory must exist. 0 or -errno.
 */
export function initramfs_entry(mode: u32, dev: u32, pathlen: i32, datalen: i32): i32 {
  if (pathlen <= 1 || pathlen + datalen > INITRAMFS_BUF || load<u8>(initbuf) != 0x2f) return -E.EINVAL;
  // split at the last '/'
  let slash = pathlen - 1;
  while (slash > 0 && load<u8>(initbuf + slash) != 0x2f) slash--;
  let dir = changetype<Dentry>(rootsb.s_root);
  let refd = false;
  let i = 1;
  while (i < slash) {
    let j = i;
    while (j < slash && load<u8>(initbuf + j) != 0x2f) j++;
    const c = lookup_one(dir, initbuf + i, j - i);
    if (refd) dput(dir);
    if (!c) return -E.ENOENT;
    dir = c;
    refd = true;
    i = j + 1;
  }
  const name = initbuf + slash + 1;
  const nlen = pathlen - slash - 1;
  const old = lookup_one(dir, name, nlen);
  if (old) {
    dput(old);
    if (refd) dput(dir);
    return -E.EEXIST;
  }
  const d = d_alloc(dir, name, nlen);
  const di = dir.d_inode!;
  const data = initbuf + pathlen;
  let err: i32;
  const type = mode & S.S_IFMT;
  if (type == S.S_IFDIR) err = di.i_op.mkdir(di, changetype<usize>(d), mode);
  else if (type == S.S_IFLNK) err = di.i_op.symlink(di, changetype<usize>(d), data, datalen);
  else if (type == S.S_IFREG) {
    err = di.i_op.create(di, changetype<usize>(d), mode);
    if (!err && datalen) {
      const inode = d.d_inode!;
      err = inode.i_op.setsize(inode, datalen);
      if (!err) memory.copy(inode.i_data, data, <usize>datalen);
    }
  } else err = di.i_op.mknod(di, changetype<usize>(d), mode, dev);
  dput(d);
  if (refd) dput(dir);
  return err;
}

// ---- invariants (for the fuzzer and the host's leak checks) ----

let mark: u32 = 0;
let tree_dentries = 0;
let tree_objects = 0;
let tree_inodes = 0;

function walk(d: Dentry): void {
  for (let c = d.d_subdirs; c; c = c!.d_sibling) {
    tree_dentries++;
    tree_objects += 2; // the dentry and its name
    const inode = c.d_inode!;
    if (inode.i_mark != mark) {
      inode.i_mark = mark;
      tree_inodes++;
      tree_objects += inode.i_data ? 2 : 1;
    }
    if (S.S_ISDIR(inode.i_mode)) walk(c);
  }
}

/** Kernel heap objects the name space holds (names, inodes, file data). */
export function fs_tree_objects(): i32 {
  mark++;
  tree_dentries = 0;
  tree_objects = 0;
  tree_inodes = 0;
  walk(root_dentry);
  return tree_objects;
}

/**
 * With no process left, every dentry and inode alive is in the tree and no pipe is left:
 * 0, or which count is wrong (1 dentries, 2 inodes, 3 pipes, 4 flock locks).
 */
export function fs_check_idle(): i32 {
  fs_tree_objects();
  if (nr_dentries != tree_dentries + 1) return 1; // + the root
  if (nr_inodes != tree_inodes + 1) return 2;
  if (nr_pipes != 0) return 3;
  if (nr_flocks() != 0) return 4;
  return 0;
}
