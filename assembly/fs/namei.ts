// Names (fs/namei.c), for socket paths only: until the VFS arrives, fs/ keeps a table of
// pathnames that stands in for the S_IFSOCK inodes bind(2) creates on Linux. fs/ owns the
// table and never imports a protocol: AF_UNIX (net/unix/af_unix.ts) registers its bound
// sockets here as opaque owners, and unlink(2) removes a name without knowing who owns it.
// Paths are compared byte for byte, so "./s" and "s" are different names here.
import { kmalloc, kfree } from "../kernel/slab";
import { strncpy_from_user } from "../kernel/uaccess";
import { ENAMETOOLONG, ENOENT } from "../uapi/errno";

const PATH_MAX = 4096;
const pathbuf = memory.data(PATH_MAX);

/**
 * One name, the part of an inode a socket path needs (kmalloc'ed with the path after it):
 *   next     link in the table (newest first)
 *   owner    the object bound to the name (AF_UNIX: its unix_sock), 0 once it is closed
 *   refcnt   references: the table's while linked, the owner's while bound (Linux's
 *            u->path holds the inode the same way), so neither side frees under the other
 *   len      bytes of path, without NUL; the path follows at SOCKNAME_PATH
 */
@unmanaged export class SockName {
  next: SockName | null;
  owner: usize;
  refcnt: i32;
  len: i32;
}
const SOCKNAME_PATH: usize = 16;

let sockname_table: SockName | null = null;

/** The name `path` (len bytes) in the table, or null. Takes no reference. */
export function sockname_lookup(path: usize, len: i32): SockName | null {
  for (let e: SockName | null = sockname_table; e; e = e!.next) {
    if (e.len == len && memory.compare(changetype<usize>(e) + SOCKNAME_PATH, path, <usize>len) == 0) return e;
  }
  return null;
}

/**
 * A new name bound to `owner` (the caller checked that it does not exist: mknod's EEXIST).
 * The caller holds one reference (drop it with sockname_put), the table the other.
 */
export function sockname_create(path: usize, len: i32, owner: usize): SockName {
  const e = changetype<SockName>(kmalloc(SOCKNAME_PATH + <usize>len));
  e.owner = owner;
  e.refcnt = 2;
  e.len = len;
  memory.copy(changetype<usize>(e) + SOCKNAME_PATH, path, <usize>len);
  e.next = sockname_table;
  sockname_table = e;
  return e;
}

/** Drop a reference; the last one frees the name. */
export function sockname_put(e: SockName): void {
  if (--e.refcnt > 0) return;
  kfree(changetype<usize>(e), SOCKNAME_PATH + <usize>e.len);
}

/** Names in the table (each one kmalloc'ed object; they outlive the sockets bound to them). */
export function sockname_count(): i32 {
  let n = 0;
  for (let e: SockName | null = sockname_table; e; e = e!.next) n++;
  return n;
}

/** do_unlinkat(), for socket paths: 0, or -ENOENT when nothing was bound there. */
function sockname_unlink(path: usize, len: i32): i32 {
  const e = sockname_lookup(path, len);
  if (!e) return -ENOENT;
  if (sockname_table == e) sockname_table = e.next;
  else for (let p: SockName | null = sockname_table; p; p = p!.next) if (p.next == e) { p.next = e.next; break; }
  e.next = null;
  sockname_put(e);
  return 0;
}

export function sys_unlink(pathname: u32): i32 {
  const len = strncpy_from_user(pathbuf, pathname, PATH_MAX);
  if (len < 0) return len;
  if (len == PATH_MAX) return -ENAMETOOLONG;
  if (len == 0) return -ENOENT;
  return sockname_unlink(pathbuf, len);
}
