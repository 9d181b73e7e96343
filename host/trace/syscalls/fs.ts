// strace specs: the file system calls (fs/): open/openat/creat, positions, stat64 and statx,
// names (*at calls with their dirfds), directories, pipes. Formats as strace prints them
// (abbreviated structs: {st_mode=S_IFREG|0644, st_size=12, ...}).
import type { Arg, Call, Spec } from "../decode.js";
import {
  addr, fd, fl, flags, hex, i32, inbuf, int, iovec, mem, openFlags, outbuf, path, printstrn, sval, uint, uval, xv,
} from "../decode.js";
import * as X from "../xlat.js";

// --- files (fs/): dirfds, modes, struct stat64, getdents64

const O_CREAT = 0o100, O_TMPFILE = 0o20200000;
const dirfd: Arg = { f: (_c, v) => ((v | 0) === -100 ? "AT_FDCWD" : sval(v)) };
/** strace's "%#03o" */
const octal = (v: number) => "0" + ((v >>> 0).toString(8).padStart(2, "0"));
const mode: Arg = { f: (_c, v) => octal(v) };
/** open's third argument only when the flags create a file */
const openMode = (flagsArg: number): Arg => ({
  f: (c, v) => ((c.a[flagsArg] & O_CREAT) || (c.a[flagsArg] & O_TMPFILE) === O_TMPFILE ? octal(v) : ""),
});
const oflags: Arg = { f: (_c, v) => openFlags(v) };
const S_IFMT_NAMES: Record<number, string> = {
  0o140000: "S_IFSOCK", 0o120000: "S_IFLNK", 0o100000: "S_IFREG", 0o060000: "S_IFBLK",
  0o040000: "S_IFDIR", 0o020000: "S_IFCHR", 0o010000: "S_IFIFO",
};
/** print_symbolic_mode_t(): S_IFREG|S_ISUID|0755 */
function modeT(v: number): string {
  const type = v & 0o170000;
  const parts: string[] = [];
  if (type) parts.push(S_IFMT_NAMES[type] ?? octal(type));
  if (v & 0o4000) parts.push("S_ISUID");
  if (v & 0o2000) parts.push("S_ISGID");
  if (v & 0o1000) parts.push("S_ISVTX");
  parts.push(octal(v & 0o777));
  return parts.join("|");
}
const makedev = (dev: number) => `makedev(${hex((dev >>> 8) & 0xfff)}, ${hex((dev & 0xff) | ((dev >>> 12) & 0xfff00))})`;
/** struct stat64, abbreviated as strace prints it by default */
function stat64(c: Call, p: number): string {
  const b = mem(c, p, 96);
  if (!b) return hex(p);
  const dv = new DataView(b.buffer, b.byteOffset, 96);
  const m = dv.getUint32(16, true);
  const type = m & 0o170000;
  const mid = type === 0o020000 || type === 0o060000 ? `st_rdev=${makedev(dv.getUint32(32, true))}`
    : `st_size=${dv.getBigInt64(44, true)}`;
  return `{st_mode=${modeT(m)}, ${mid}, ...}`;
}
const statOut: Arg = { out: true, f: (c, v) => (c.ret < 0 ? addr(v) : stat64(c, v)) };
function statx(c: Call, p: number): string {
  const b = mem(c, p, 256);
  if (!b) return hex(p);
  const dv = new DataView(b.buffer, b.byteOffset, 256);
  const m = dv.getUint16(28, true);
  const mask = dv.getUint32(0, true);
  return `{stx_mask=${mask === 0x7ff ? "STATX_BASIC_STATS" : hex(mask)}, stx_attributes=0, stx_mode=${modeT(m)}, ` +
    `stx_size=${dv.getBigUint64(40, true)}, ...}`;
}
const AT_FLAGS: [number, string][] = [[0x100, "AT_SYMLINK_NOFOLLOW"], [0x200, "AT_REMOVEDIR"], [0x400, "AT_SYMLINK_FOLLOW"],
  [0x800, "AT_NO_AUTOMOUNT"], [0x1000, "AT_EMPTY_PATH"], [0x2000, "AT_STATX_FORCE_SYNC"], [0x4000, "AT_STATX_DONT_SYNC"]];
const atflags: Arg = { f: (_c, v) => (v ? flags(AT_FLAGS, v, "AT_???") : "0") };
const statxFlags: Arg = { f: (_c, v) => (v ? flags(AT_FLAGS, v, "AT_???") : "AT_STATX_SYNC_AS_STAT") };
const accessMode: Arg = { f: (_c, v) => (v === 0 ? "F_OK" : flags([[4, "R_OK"], [2, "W_OK"], [1, "X_OK"]], v, "?_OK")) };
const WHENCE: [number, string][] = [[0, "SEEK_SET"], [1, "SEEK_CUR"], [2, "SEEK_END"], [3, "SEEK_DATA"], [4, "SEEK_HOLE"]];
const whence = xv(WHENCE, "SEEK_???");
/** a 64-bit value in two registers, low word first; the high register prints nothing */
const lohi = (lo: number): Arg => ({ f: (c) => String((BigInt(c.a[lo + 1] >>> 0) << 32n) | BigInt(c.a[lo] >>> 0)) });
const none: Arg = { f: () => "" };
function dirents(c: Call, p: number, len: number): string {
  const b = mem(c, p, len);
  if (!b) return hex(p);
  const dv = new DataView(b.buffer, b.byteOffset, len);
  let n = 0;
  for (let off = 0; off + 18 < len; n++) {
    const reclen = dv.getUint16(off + 16, true);
    if (!reclen) break;
    off += reclen;
  }
  return `${hex(p)} /* ${n} entries */`;
}
const pipefds: Arg = {
  out: true,
  f: (c, v) => {
    if (c.ret < 0) return addr(v);
    const a = i32(c, v), b = i32(c, v + 4);
    return a === null || b === null ? hex(v) : `[${a}, ${b}]`;
  },
};
const outstr = (retLen: boolean): Arg => ({
  out: true, f: (c, v) => (c.ret < 0 ? addr(v) : printstrn(c, v, retLen ? c.ret : Math.max(0, c.ret - 1))),
});
function utimes(c: Call, p: number): string {
  if (!p) return "NULL";
  const b = mem(c, p, 32);
  if (!b) return hex(p);
  const dv = new DataView(b.buffer, b.byteOffset, 32);
  const one = (o: number) => {
    const ns = dv.getInt32(o + 8, true);
    const nsText = ns === 0x3fffffff ? "UTIME_NOW" : ns === 0x3ffffffe ? "UTIME_OMIT" : String(ns);
    return `{tv_sec=${dv.getBigInt64(o, true)}, tv_nsec=${nsText}}`;
  };
  return `[${one(0)}, ${one(16)}]`;
}
const mknodArgs = (modeArg: number): Arg[] => [
  { f: (_c, v) => modeT(v) },
  { f: (c, v) => ((c.a[modeArg] & 0o170000) === 0o020000 || (c.a[modeArg] & 0o170000) === 0o060000 ? makedev(v) : "") },
];
const RENAME_FLAGS: [number, string][] = [[1, "RENAME_NOREPLACE"], [2, "RENAME_EXCHANGE"], [4, "RENAME_WHITEOUT"]];

const LOCK_OPS: [number, string][] = [[1, "LOCK_SH"], [2, "LOCK_EX"], [4, "LOCK_NB"], [8, "LOCK_UN"], [32, "LOCK_MAND"]];
const FS_MAGIC: Record<number, string> = {
  0x01021994: "TMPFS_MAGIC", 0x9fa0: "PROC_SUPER_MAGIC", 0x50495045: "PIPEFS_MAGIC", 0x534f434b: "SOCKFS_MAGIC",
  0xef53: "EXT2_SUPER_MAGIC", 0x9123683e: "BTRFS_SUPER_MAGIC", 0x58465342: "XFS_SUPER_MAGIC", 0x794c7630: "OVERLAYFS_SUPER_MAGIC",
  0x1cd1: "DEVPTS_SUPER_MAGIC", 0x09041934: "ANON_INODE_FS_MAGIC",
};
const ST_FLAGS: [number, string][] = [[1, "ST_RDONLY"], [2, "ST_NOSUID"], [4, "ST_NODEV"], [8, "ST_NOEXEC"],
  [0x20, "ST_VALID"], [0x400, "ST_NOATIME"], [0x1000, "ST_RELATIME"]];
/** struct statfs (32-bit counts) or statfs64 (64-bit, packed), as strace prints it */
function statfsStruct(c: Call, p: number, wide: boolean): string {
  if (!mem(c, p, wide ? 84 : 64)) return hex(p);
  const dv = c.p.dv;
  const u = (o: number) => dv.getUint32(p + o, true);
  const n = (o: number) => (wide ? String(dv.getBigUint64(p + o, true)) : String(u(o)));
  const o = wide ? [8, 16, 24, 32, 40, 48, 56, 60, 64] : [8, 12, 16, 20, 24, 28, 36, 40, 44];
  const type = u(0);
  return `{f_type=${FS_MAGIC[type] ?? hex(type)}, f_bsize=${u(4)}, f_blocks=${n(o[0])}, f_bfree=${n(o[1])}, ` +
    `f_bavail=${n(o[2])}, f_files=${n(o[3])}, f_ffree=${n(o[4])}, f_fsid={val=[${u(o[5])}, ${u(o[5] + 4)}]}, ` +
    `f_namelen=${u(o[6])}, f_frsize=${u(o[7])}, f_flags=${u(o[8]) ? flags(ST_FLAGS, u(o[8]), "ST_???") : "0"}}`;
}
/** sendfile's offset: [in] => [out] */
const sendfileOff = (bits: 32 | 64): Arg => ({
  out: true,
  f: (c, v) => {
    if (!v) return "NULL";
    const now = bits === 32 ? i32(c, v) : (mem(c, v, 8) ? Number(c.p.dv.getBigInt64(v, true)) : null);
    if (now === null) return hex(v);
    return c.ret >= 0 ? `[${c.priv.off}] => [${now}]` : `[${now}]`;
  },
});
const sendfileEnter = (bits: 32 | 64) => (c: Call) => {
  const v = c.a[2];
  if (!v) return;
  const x = bits === 32 ? i32(c, v) : (mem(c, v, 8) ? Number(c.p.dv.getBigInt64(v, true)) : null);
  c.priv.off = x ?? 0;
};

export const FS_SPECS: Record<string, Spec> = {
  flock: { args: [fd, { f: (_c, v) => flags(LOCK_OPS, v, "LOCK_???") }] },
  statfs: { args: [path, { out: true, f: (c, v) => (c.ret < 0 ? addr(v) : statfsStruct(c, v, false)) }] },
  fstatfs: { args: [fd, { out: true, f: (c, v) => (c.ret < 0 ? addr(v) : statfsStruct(c, v, false)) }] },
  statfs64: { args: [path, uint, { out: true, f: (c, v) => (c.ret < 0 ? addr(v) : statfsStruct(c, v, true)) }] },
  fstatfs64: { args: [fd, uint, { out: true, f: (c, v) => (c.ret < 0 ? addr(v) : statfsStruct(c, v, true)) }] },
  sendfile: { enter: sendfileEnter(32), args: [fd, fd, sendfileOff(32), uint] },
  sendfile64: { enter: sendfileEnter(64), args: [fd, fd, sendfileOff(64), uint] },
  open: { args: [path, oflags, openMode(1)] },
  openat: { args: [dirfd, path, oflags, openMode(2)] },
  creat: { args: [path, mode] },
  lseek: { args: [fd, int, whence] },
  _llseek: {
    args: [fd, { f: (c) => String((BigInt(c.a[1] >>> 0) << 32n) | BigInt(c.a[2] >>> 0)) }, none,
      { out: true, f: (c, v) => { if (c.ret < 0) return addr(v); const b = mem(c, v, 8); return b ? `[${new DataView(b.buffer, b.byteOffset, 8).getBigInt64(0, true)}]` : hex(v); } },
      whence],
  },
  pread64: { args: [fd, outbuf(2), { out: true, f: (_c, v) => uval(v) }, { out: true, f: lohi(3).f }, none] },
  pwrite64: { args: [fd, inbuf(2), uint, lohi(3), none] },
  preadv: { args: [fd, { out: true, f: (c, v) => iovec(c, v, c.a[2], c.ret < 0 ? null : c.ret) }, { out: true, f: (_c, v) => sval(v) }, { out: true, f: lohi(3).f }, none] },
  pwritev: { args: [fd, { f: (c, v) => iovec(c, v, c.a[2], -1) }, int, lohi(3), none] },
  stat64: { args: [path, statOut] },
  lstat64: { args: [path, statOut] },
  fstat64: { args: [fd, statOut] },
  fstatat64: { args: [dirfd, path, statOut, { out: true, f: atflags.f }] },
  statx: { args: [dirfd, path, statxFlags, { f: (_c, v) => (v === 0x7ff ? "STATX_BASIC_STATS" : v === 0xfff ? "STATX_ALL" : hex(v)) },
    { out: true, f: (c, v) => (c.ret < 0 ? addr(v) : statx(c, v)) }] },
  access: { args: [path, accessMode] },
  faccessat: { args: [dirfd, path, accessMode] },
  faccessat2: { args: [dirfd, path, accessMode, atflags] },
  unlinkat: { args: [dirfd, path, atflags] },
  rmdir: { args: [path] },
  mkdir: { args: [path, mode] },
  mkdirat: { args: [dirfd, path, mode] },
  mknod: { args: [path, ...mknodArgs(1)] },
  mknodat: { args: [dirfd, path, ...mknodArgs(2)] },
  rename: { args: [path, path] },
  renameat: { args: [dirfd, path, dirfd, path] },
  renameat2: { args: [dirfd, path, dirfd, path, fl(RENAME_FLAGS, "RENAME_???")] },
  link: { args: [path, path] },
  linkat: { args: [dirfd, path, dirfd, path, atflags] },
  symlink: { args: [path, path] },
  symlinkat: { args: [path, dirfd, path] },
  readlink: { args: [path, outstr(true), { out: true, f: (_c, v) => uval(v) }] },
  readlinkat: { args: [dirfd, path, outstr(true), { out: true, f: (_c, v) => uval(v) }] },
  getdents64: { args: [fd, { out: true, f: (c, v) => (c.ret < 0 ? addr(v) : dirents(c, v, c.ret)) }, { out: true, f: (_c, v) => uval(v) }] },
  getcwd: { args: [outstr(false), { out: true, f: (_c, v) => uval(v) }] },
  chdir: { args: [path] },
  fchdir: { args: [fd] },
  truncate64: { args: [path, lohi(1), none] },
  ftruncate64: { args: [fd, lohi(1), none] },
  truncate: { args: [path, int] },
  ftruncate: { args: [fd, int] },
  fsync: { args: [fd] },
  fdatasync: { args: [fd] },
  sync: { args: [] },
  umask: { args: [mode], ret: (c) => octal(c.ret) },
  chmod: { args: [path, mode] },
  fchmod: { args: [fd, mode] },
  fchmodat: { args: [dirfd, path, mode] },
  chown32: { args: [path, int, int] },
  lchown32: { args: [path, int, int] },
  fchown32: { args: [fd, int, int] },
  fchownat: { args: [dirfd, path, int, int, atflags] },
  utimensat_time64: { args: [dirfd, path, { f: (c, v) => utimes(c, v) }, atflags] },
  pipe: { args: [pipefds] },
  pipe2: { args: [pipefds, { out: true, f: (_c, v) => (v ? flags(X.OPEN_FLAGS, v, "O_???") : "0") }] },
};
