// /proc (fs/proc/): what network tools read. /proc/net/tcp, /proc/net/udp and
// /proc/net/unix in Linux's formats (the protocols fill them: net/core/proc_net.ts
// registers the generators, fs/ never imports a protocol), /proc/self -> the caller's pid,
// /proc/PID/fd/N symlinks ("socket:[INODE]", "pipe:[INODE]", "/path", "anon_inode:[...]"),
// /proc/meminfo.
//
// Entries are made on lookup and never cached (SB_NOCACHE: the dentry is freed with its
// last reference), so /proc/self and the fd links always say what is true now. A file's
// text is generated at its first read (seq_file's way) and kept until close.
// Unlike Linux: only these entries exist; kernel pointers print as 0 (as with kptr_restrict).
import { File, FileOperations, no_iterate, no_llseek } from "../kernel/fs";
import { IovIter, copy_to_iter } from "../kernel/iov_iter";
import { Task, current, find_task_by_pid, next_task } from "../kernel/sched";
import { files_lookup, NR_OPEN_DEFAULT } from "../kernel/fdtable";
import { kzalloc, kmalloc, kfree, kzalloc_obj } from "../kernel/slab";
import { ktrace } from "../kernel/trace";
import { Inode, InodeOperations, SuperBlock, SB_NOCACHE, new_inode, iput } from "./inode";
import { Dentry, d_alloc, dput, dget, simple_empty } from "./dcache";
import { DirContext, dir_emit, default_poll, noop_release, no_ioctl, dcache_dir_lseek, generic_file_llseek } from "./libfs";
import { root_dentry, lookup_one } from "./namei";
import { d_path } from "./open";
import * as E from "../uapi/errno";
import * as S from "../uapi/stat";

export const PROC_SUPER_MAGIC: u32 = 0x9fa0;

const PROC_ROOT = 1;
const PROC_NET = 2;
const PROC_NET_FILE = 3; // i_proc >> 8: PROC_NET_TCP, _UDP, _UNIX
const PROC_PID = 4;
const PROC_FD = 5;
const PROC_LINK = 6;     // /proc/self, /proc/PID/fd/N: the target is in i_data
const PROC_MEMINFO = 7;  // /proc/meminfo

export const PROC_NET_TCP = 0;
export const PROC_NET_UDP = 1;
export const PROC_NET_UNIX = 2;
export const PROC_NET_DEV = 3;
export const PROC_NET_ROUTE = 4;
export const PROC_NET_TCP6 = 5;
export const PROC_NET_UDP6 = 6;
/** /proc/net's files, in readdir order (their PROC_NET_* is the index) */
const PROC_NET_NAMES: string[] = ["tcp", "udp", "unix", "dev", "route", "tcp6", "udp6"];

const namebuf = memory.data(S.PATH_MAX + 32);

// ---- struct seq_file, reduced: a growing text buffer ----

/** The text of one open /proc file: data, len bytes used of cap. */
@unmanaged export class SeqBuf {
  data: usize;
  len: u32;
  cap: u32;
}

function seq_room(s: SeqBuf, n: u32): void {
  if (s.len + n <= s.cap) return;
  let cap = s.cap ? s.cap * 2 : 4096;
  while (cap < s.len + n) cap *= 2;
  const p = kmalloc(cap);
  if (s.data) {
    memory.copy(p, s.data, s.len);
    kfree(s.data, s.cap);
  }
  s.data = p;
  s.cap = cap;
}

export function seq_putc(s: SeqBuf, c: u32): void {
  seq_room(s, 1);
  store<u8>(s.data + s.len, <u8>c);
  s.len++;
}

/** seq_puts() of an ASCII string literal. */
export function seq_puts(s: SeqBuf, str: string): void {
  const n = str.length;
  seq_room(s, <u32>n);
  for (let i = 0; i < n; i++) store<u8>(s.data + s.len + i, <u8>str.charCodeAt(i));
  s.len += <u32>n;
}

export function seq_write(s: SeqBuf, p: usize, n: u32): void {
  seq_room(s, n);
  memory.copy(s.data + s.len, p, n);
  s.len += n;
}

/** %0<width>X (upper-case hex, zero padded). */
export function seq_hex(s: SeqBuf, v: u64, width: i32): void {
  let digits = 1;
  for (let t = v >> 4; t; t >>= 4) digits++;
  for (let i = digits; i < width; i++) seq_putc(s, 0x30);
  for (let i = digits - 1; i >= 0; i--) {
    const d = <u32>((v >> (<u64>i * 4)) & 15);
    seq_putc(s, d < 10 ? 0x30 + d : 0x37 + d);
  }
}

/** %<width>d (right-aligned, space padded; width < 0: left-aligned). */
export function seq_dec(s: SeqBuf, v: i64, width: i32): void {
  const tmp = memory.data(24);
  let n = 0;
  let u: u64 = v < 0 ? <u64>(-v) : <u64>v;
  do { store<u8>(tmp + n++, <u8>(0x30 + <u32>(u % 10))); u /= 10; } while (u);
  if (v < 0) store<u8>(tmp + n++, 0x2d);
  for (let i = n; i < width; i++) seq_putc(s, 0x20);
  for (let i = n - 1; i >= 0; i--) seq_putc(s, load<u8>(tmp + i));
  for (let i = n; i < -width; i++) seq_putc(s, 0x20);
}

/** seq_pad(): spaces up to column `width` of the current line, then '\n' (seq_setwidth). */
export function seq_pad(s: SeqBuf, line_start: u32, width: u32): void {
  while (s.len - line_start < width) seq_putc(s, 0x20);
  seq_putc(s, 0x0a);
}

/** The generators of /proc/net/tcp, udp, unix, dev, route, tcp6, udp6 (net/core/proc_net.ts registers them). */
export type ProcShow = (s: SeqBuf) => void;
const net_show = new StaticArray<usize>(7);
export function proc_net_register(which: i32, show: ProcShow): void {
  unchecked(net_show[which] = changetype<usize>(show));
}

// ---- /proc/meminfo ----

function meminfo_line(s: SeqBuf, name: string, kb: u64): void {
  const start = s.len;
  seq_puts(s, name);
  seq_putc(s, 0x3a); // ':'
  while (s.len - start < 15) seq_putc(s, 0x20);
  seq_dec(s, <i64>kb, 8);
  seq_puts(s, " kB\n");
}

/**
 * meminfo_proc_show() (fs/proc/meminfo.c), in its format ("%-15s%8lu kB"), first lines.
 * Unlike Linux, memory is not one machine's RAM: MemTotal is the 4 GiB address space of a
 * wasm32 process, and what the kernel's own memory (its heap, tmpfs data) holds is the
 * only part in use (MemFree = MemAvailable = MemTotal - that). No swap, no page cache.
 */
function meminfo_proc_show(s: SeqBuf): void {
  const total: u64 = 4 * 1024 * 1024; // kB
  const used: u64 = (<u64>memory.size() << 16) >> 10;
  const free = used < total ? total - used : 0;
  meminfo_line(s, "MemTotal", total);
  meminfo_line(s, "MemFree", free);
  meminfo_line(s, "MemAvailable", free);
  meminfo_line(s, "Buffers", 0);
  meminfo_line(s, "Cached", 0);
  meminfo_line(s, "SwapCached", 0);
  meminfo_line(s, "SwapTotal", 0);
  meminfo_line(s, "SwapFree", 0);
  meminfo_line(s, "Shmem", 0);
  meminfo_line(s, "CommitLimit", total);
}

// ---- files ----

function proc_read_iter(file: File, iter: IovIter): i32 {
  ktrace("seq_read_iter");
  const inode = changetype<Inode>(file.f_inode);
  const kind = inode.i_proc & 0xff;
  if (kind != PROC_NET_FILE && kind != PROC_MEMINFO) return -E.EINVAL;
  if (!file.private_data) {
    const s = kzalloc_obj<SeqBuf>();
    if (kind == PROC_MEMINFO) meminfo_proc_show(s);
    else {
      const show = unchecked(net_show[inode.i_proc >> 8]);
      if (show) changetype<ProcShow>(show)(s);
    }
    file.private_data = changetype<usize>(s);
  }
  const s = changetype<SeqBuf>(file.private_data);
  if (file.f_pos >= <i64>s.len) return 0;
  const n = copy_to_iter(s.data + <usize>file.f_pos, s.len - <u32>file.f_pos, iter);
  if (!n && iter.count) return -E.EFAULT;
  file.f_pos += n;
  return <i32>n;
}

function proc_release(file: File): void {
  if (!file.private_data) return;
  const s = changetype<SeqBuf>(file.private_data);
  if (s.data) kfree(s.data, s.cap);
  kfree(file.private_data, offsetof<SeqBuf>());
  file.private_data = 0;
}

function proc_write(file: File, iter: IovIter): i32 { return -E.EIO; }
function proc_dir_rw(file: File, iter: IovIter): i32 { return -E.EISDIR; }

/** lseek within the generated text (seq_lseek: SEEK_SET/SEEK_CUR). */
function proc_llseek(file: File, offset: i64, whence: i32): i64 {
  let pos: i64;
  if (whence == S.SEEK_SET) pos = offset;
  else if (whence == S.SEEK_CUR) pos = file.f_pos + offset;
  else return -E.EINVAL;
  if (pos < 0) return -E.EINVAL;
  file.f_pos = pos;
  return pos;
}

export const proc_file_operations = new FileOperations();
proc_file_operations.read_iter = proc_read_iter;
proc_file_operations.write_iter = proc_write;
proc_file_operations.poll = default_poll;
proc_file_operations.unlocked_ioctl = no_ioctl;
proc_file_operations.release = proc_release;
proc_file_operations.llseek = proc_llseek;
proc_file_operations.iterate_shared = no_iterate;

const dot = memory.data<u8>([46, 46]);

/** proc_readdir(): ".", "..", then the directory's entries; f_pos counts entries. */
function proc_readdir(file: File, ctxp: usize): i32 {
  const ctx = changetype<DirContext>(ctxp);
  const d = changetype<Dentry>(file.f_path);
  const inode = d.d_inode!;
  const kind = inode.i_proc & 0xff;
  const t = kind == PROC_PID || kind == PROC_FD ? find_task_by_pid(<i32>inode.i_private) : null;
  let n: i64 = 0;
  // each entry: emit when its index is at f_pos
  while (true) {
    const pos = file.f_pos;
    ctx.pos = pos;
    let ok = true;
    let found = false;
    if (pos == 0) { found = true; ok = dir_emit(ctx, dot, 1, inode.i_ino, S.DT_DIR); }
    else if (pos == 1) { found = true; ok = dir_emit(ctx, dot, 2, d.d_parent.d_inode!.i_ino, S.DT_DIR); }
    else {
      const i = pos - 2;
      let len = 0;
      let type: u8 = S.DT_DIR;
      if (kind == PROC_ROOT) {
        if (i == 0) len = put_ascii(namebuf, "net");
        else if (i == 1) { len = put_ascii(namebuf, "self"); type = S.DT_LNK; }
        else if (i == 2) { len = put_ascii(namebuf, "meminfo"); type = S.DT_REG; }
        else {
          // the (i-3)-th task
          let k: i64 = 0;
          for (let p: Task | null = next_task(0); p; p = next_task(p!.pid)) {
            if (k++ == i - 3) { len = utoa(<u32>p!.pid, namebuf); break; }
          }
        }
      } else if (kind == PROC_NET) {
        type = S.DT_REG;
        if (i < PROC_NET_NAMES.length) len = put_ascii(namebuf, PROC_NET_NAMES[<i32>i]);
      } else if (kind == PROC_PID) {
        if (i == 0) len = put_ascii(namebuf, "fd");
      } else if (kind == PROC_FD && t) {
        type = S.DT_LNK;
        let k: i64 = 0;
        for (let fd = 0; fd < NR_OPEN_DEFAULT; fd++) {
          if (!files_lookup(t.files, fd)) continue;
          if (k++ == i) { len = utoa(<u32>fd, namebuf); break; }
        }
      }
      if (!len) return 0;
      found = true;
      ok = dir_emit(ctx, namebuf, len, 0x1000 + <u32>i, type);
    }
    if (!found || !ok) return 0;
    file.f_pos = pos + 1;
    n++;
  }
}

export const proc_dir_operations = new FileOperations();
proc_dir_operations.read_iter = proc_dir_rw;
proc_dir_operations.write_iter = proc_dir_rw;
proc_dir_operations.poll = default_poll;
proc_dir_operations.unlocked_ioctl = no_ioctl;
proc_dir_operations.release = noop_release;
proc_dir_operations.llseek = dcache_dir_lseek;
proc_dir_operations.iterate_shared = proc_readdir;

// ---- inodes ----

let proc_sb: SuperBlock = changetype<SuperBlock>(0);

function proc_inode(kind: i32, mode: u32, pid: i32): Inode {
  const fop = S.S_ISDIR(mode) ? proc_dir_operations : proc_file_operations;
  const inode = new_inode(proc_sb, mode, proc_inode_operations, fop);
  inode.i_proc = kind;
  inode.i_private = <usize>pid;
  if (S.S_ISDIR(mode)) inode.i_nlink = 2;
  return inode;
}

/** A symlink whose target is `len` bytes at p (kept in i_data, as a tmpfs symlink's). */
function proc_link(p: usize, len: i32, pid: i32): Inode {
  const inode = proc_inode(PROC_LINK, S.S_IFLNK | 0o777, pid);
  inode.i_data = kzalloc(<usize>len);
  inode.i_cap = <u32>len;
  proc_sb.s_bytes += len;
  memory.copy(inode.i_data, p, <usize>len);
  inode.i_size = len;
  return inode;
}


/** A decimal number's text at namebuf; its length. */
function utoa(v: u32, at: usize): i32 {
  const tmp = memory.data(12);
  let n = 0;
  do { store<u8>(tmp + n++, <u8>(0x30 + v % 10)); v /= 10; } while (v);
  for (let i = 0; i < n; i++) store<u8>(at + i, load<u8>(tmp + n - 1 - i));
  return n;
}

/** A decimal name (no sign, no leading zero), or -1. */
function atou(name: usize, len: i32): i32 {
  if (len < 1 || len > 9 || (len > 1 && load<u8>(name) == 0x30)) return -1;
  let v = 0;
  for (let i = 0; i < len; i++) {
    const c = <i32>load<u8>(name + i) - 0x30;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function name_is(name: usize, len: i32, s: string): bool {
  if (len != s.length) return false;
  for (let i = 0; i < len; i++) if (<i32>load<u8>(name + i) != s.charCodeAt(i)) return false;
  return true;
}

function put_ascii(at: usize, s: string): i32 {
  for (let i = 0; i < s.length; i++) store<u8>(at + i, <u8>s.charCodeAt(i));
  return s.length;
}

/** proc_fd_link(): what /proc/PID/fd/N points to; its length at namebuf. */
function fd_target(f: File): i32 {
  const type = f.f_op.anon_mode & S.S_IFMT;
  if (!f.f_inode) {
    if (type == S.S_IFSOCK) {
      let n = put_ascii(namebuf, "socket:[");
      n += utoa(<u32>changetype<usize>(f), namebuf + n); // the st_ino fstat shows
      store<u8>(namebuf + n, 0x5d);
      return n + 1;
    }
    if (type == S.S_IFCHR) return put_ascii(namebuf, "/dev/pts/0");
    return put_ascii(namebuf, "anon_inode:[eventpoll]");
  }
  const inode = changetype<Inode>(f.f_inode);
  if (!f.f_path || inode.i_sb.s_magic == 0x50495045) { // PIPEFS_MAGIC: pipe(2)'s unnamed ends
    let n = put_ascii(namebuf, "pipe:[");
    n += utoa(inode.i_ino, namebuf + n);
    store<u8>(namebuf + n, 0x5d);
    return n + 1;
  }
  const d = changetype<Dentry>(f.f_path);
  const p = d_path(d, namebuf + 32, S.PATH_MAX);
  if (p < 0) return put_ascii(namebuf, "?");
  let n = S.PATH_MAX - p;
  memory.copy(namebuf, namebuf + 32 + p, <usize>n);
  if ((d.d_flags & 1) == 0 && d.d_parent != d) n += put_ascii(namebuf + n, " (deleted)");
  return n;
}

function proc_lookup(dir: Inode, name: usize, len: i32): Inode | null {
  ktrace("proc_lookup");
  const kind = dir.i_proc & 0xff;
  if (kind == PROC_ROOT) {
    if (name_is(name, len, "self")) return proc_link(namebuf, utoa(<u32>current.pid, namebuf), current.pid);
    if (name_is(name, len, "net")) return proc_inode(PROC_NET, S.S_IFDIR | 0o555, 0);
    if (name_is(name, len, "meminfo")) return proc_inode(PROC_MEMINFO, S.S_IFREG | 0o444, 0);
    const pid = atou(name, len);
    if (pid > 0 && find_task_by_pid(pid)) return proc_inode(PROC_PID, S.S_IFDIR | 0o555, pid);
    return null;
  }
  if (kind == PROC_NET) {
    let which = -1;
    for (let k = 0; k < PROC_NET_NAMES.length; k++) if (name_is(name, len, PROC_NET_NAMES[k])) which = k;
    if (which < 0) return null;
    return proc_inode(PROC_NET_FILE | (which << 8), S.S_IFREG | 0o444, 0);
  }
  const t = find_task_by_pid(<i32>dir.i_private);
  if (!t) return null;
  if (kind == PROC_PID) {
    if (name_is(name, len, "fd")) return proc_inode(PROC_FD, S.S_IFDIR | 0o500, t.pid);
    return null;
  }
  if (kind == PROC_FD) {
    const fd = atou(name, len);
    if (fd < 0) return null;
    const f = files_lookup(t.files, fd);
    if (!f) return null;
    const inode = proc_link(namebuf, fd_target(f), t.pid);
    inode.i_mode = S.S_IFLNK | 0o700 | ((f.f_mode & 1) ? 0o400 : 0) | ((f.f_mode & 2) ? 0o200 : 0);
    return inode;
  }
  return null;
}

function ro_create(dir: Inode, dentry: usize, mode: u32): i32 { return -E.EACCES; }
function ro_mknod(dir: Inode, dentry: usize, mode: u32, dev: u32): i32 { return -E.EACCES; }
function ro_symlink(dir: Inode, dentry: usize, target: usize, len: i32): i32 { return -E.EACCES; }
function ro_link(old: usize, dir: Inode, dentry: usize): i32 { return -E.EACCES; }
function ro_unlink(dir: Inode, dentry: usize): i32 { return -E.EACCES; }
function ro_rename(od: Inode, o: usize, nd: Inode, n: usize): i32 { return -E.EACCES; }
function ro_setsize(inode: Inode, size: i64): i32 { return -E.EACCES; }

export const proc_inode_operations = new InodeOperations();
proc_inode_operations.lookup = proc_lookup;
proc_inode_operations.create = ro_create;
proc_inode_operations.mkdir = ro_create;
proc_inode_operations.mknod = ro_mknod;
proc_inode_operations.symlink = ro_symlink;
proc_inode_operations.link = ro_link;
proc_inode_operations.unlink = ro_unlink;
proc_inode_operations.rmdir = ro_unlink;
proc_inode_operations.rename = ro_rename;
proc_inode_operations.setsize = ro_setsize;

/** proc_root_init(): mount proc on /proc (made if missing) at boot. */
export function proc_root_init(): void {
  proc_sb = kzalloc_obj<SuperBlock>();
  proc_sb.s_dev = 0x15;
  proc_sb.s_magic = PROC_SUPER_MAGIC;
  proc_sb.s_flags = SB_NOCACHE;
  put_ascii(namebuf, "proc");
  let d = lookup_one(root_dentry, namebuf, 4);
  if (!d) {
    const nd = d_alloc(root_dentry, namebuf, 4);
    const ri = root_dentry.d_inode!;
    ri.i_op.mkdir(ri, changetype<usize>(nd), 0o555);
    d = nd;
  }
  if (!simple_empty(d)) { dput(d); return; }
  proc_sb.s_root = changetype<usize>(d);
  const old = d.d_inode!;
  d.d_inode = proc_inode(PROC_ROOT, S.S_IFDIR | 0o555, 0);
  iput(old);
  dput(d);
}
