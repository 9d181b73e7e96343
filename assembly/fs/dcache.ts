// struct dentry and the dentry cache (include/linux/dcache.h, fs/dcache.c).
//
// A dentry names an inode in its parent directory. The tree of dentries is the name
// space: tmpfs keeps its files only there (as Linux's ramfs/tmpfs do), a host mount fills
// it on lookup. A dentry holds a reference on its parent and on its inode; being in the
// tree (hashed) holds one on itself, so a name that is unlinked while open lives on,
// unreachable, until its last file closes.
import { kzalloc_obj, kfree_obj, kmalloc, kfree } from "../kernel/slab";
import { set_fput_path } from "../kernel/fs";
import { Inode, iput } from "./inode";

export const DCACHE_HASHED: u32 = 1;

/**
 * struct dentry:
 *   d_name, d_namelen   the name (kmalloc'ed bytes, no NUL)
 *   d_parent            the parent directory's dentry (the root's is itself)
 *   d_inode             the inode it names
 *   d_subdirs           first child; d_sibling links the children of one parent
 *   d_count             references (tree, files, cwds, children, lookups in progress)
 *   d_flags             DCACHE_HASHED while the name is in the tree
 */
@unmanaged export class Dentry {
  d_name: usize;
  d_namelen: i32;
  d_parent: Dentry;
  d_inode: Inode | null;
  d_subdirs: Dentry | null;
  d_sibling: Dentry | null;
  d_count: i32;
  d_flags: u32;
}

/** Dentries alive (the fuzzer checks none outlives its last reference). */
export let nr_dentries: i32 = 0;

export function dget(d: Dentry): Dentry {
  d.d_count++;
  return d;
}

/** dput(): the last reference frees an unhashed dentry, its inode reference and its parent's. */
export function dput(d: Dentry): void {
  while (true) {
    if (--d.d_count > 0) return;
    const parent = d.d_parent;
    if (d.d_inode) iput(d.d_inode!);
    kfree(d.d_name, <usize>d.d_namelen);
    kfree_obj(d);
    nr_dentries--;
    if (parent == d) return;
    d = parent;
  }
}

function fput_dentry(path: usize): void {
  dput(changetype<Dentry>(path));
}
set_fput_path(fput_dentry);

/** d_alloc(): a dentry for name under parent, not yet in the tree; one reference. */
export function d_alloc(parent: Dentry | null, name: usize, len: i32): Dentry {
  const d = kzalloc_obj<Dentry>();
  d.d_name = kmalloc(<usize>len);
  memory.copy(d.d_name, name, <usize>len);
  d.d_namelen = len;
  d.d_parent = parent ? dget(parent) : d;
  d.d_count = 1;
  nr_dentries++;
  return d;
}

/** d_add()/d_instantiate(): attach the inode (taking over its reference) and hash the name. */
export function d_add(d: Dentry, inode: Inode): void {
  d.d_inode = inode;
  const parent = d.d_parent;
  if (parent != d) {
    d.d_sibling = parent.d_subdirs;
    parent.d_subdirs = d;
  }
  d.d_flags |= DCACHE_HASHED;
  d.d_count++;
}

/** d_instantiate() for ->create and friends: the dentry address from the VFS. */
export function d_instantiate(dentry: usize, inode: Inode): void {
  d_add(changetype<Dentry>(dentry), inode);
}

function d_unlink_child(d: Dentry): void {
  const parent = d.d_parent;
  if (parent.d_subdirs == d) { parent.d_subdirs = d.d_sibling; return; }
  for (let c = parent.d_subdirs; c; c = c!.d_sibling) {
    if (c.d_sibling == d) { c.d_sibling = d.d_sibling; return; }
  }
}

/** d_delete()/__d_drop(): the name leaves the tree; open files keep the dentry. */
export function d_drop(d: Dentry): void {
  if (!(d.d_flags & DCACHE_HASHED)) return;
  d_unlink_child(d);
  d.d_sibling = null;
  d.d_flags &= ~DCACHE_HASHED;
  dput(d);
}

export function d_unhashed(d: Dentry): bool {
  return (d.d_flags & DCACHE_HASHED) == 0;
}

/** d_lookup(): the child of parent with this name, with a reference, or null. */
export function d_lookup(parent: Dentry, name: usize, len: i32): Dentry | null {
  for (let c = parent.d_subdirs; c; c = c!.d_sibling) {
    if (c.d_namelen == len && memory.compare(c.d_name, name, <usize>len) == 0) return dget(c);
  }
  return null;
}

/** d_move(): rename d to name under new_parent (the target name is already dropped). */
export function d_move(d: Dentry, new_parent: Dentry, name: usize, len: i32): void {
  d_unlink_child(d);
  const nn = kmalloc(<usize>len);
  memory.copy(nn, name, <usize>len);
  kfree(d.d_name, <usize>d.d_namelen);
  d.d_name = nn;
  d.d_namelen = len;
  if (new_parent != d.d_parent) {
    const old = d.d_parent;
    d.d_parent = dget(new_parent);
    dput(old);
  }
  d.d_sibling = new_parent.d_subdirs;
  new_parent.d_subdirs = d;
}

/** is_subdir(): whether d is ancestor or d itself (rename must not move a directory into itself). */
export function is_subdir(d: Dentry, ancestor: Dentry): bool {
  while (true) {
    if (d == ancestor) return true;
    if (d.d_parent == d) return false;
    d = d.d_parent;
  }
}

/** simple_empty(): a directory without children. */
export function simple_empty(d: Dentry): bool {
  return d.d_subdirs == null;
}
