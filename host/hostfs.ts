// Host directories mounted into the guest (`int80 run --mount HOSTDIR:GUESTDIR[:ro|:rw]`),
// the host side of assembly/fs/hostfs.ts. The machine (isomorphic) speaks to a HostFs; the
// Node shell gives one built on node:fs (host/node/hostfs.ts); a browser page has none, so
// it has no mounts. The kernel names files by node numbers that a HostFs hands out, one name
// in one directory at a time: a HostFs never resolves a guest path itself, never follows a
// symlink, and refuses any name with "/" or that is "." or "..".

/** What stat shows of a host file (fs/hostfs.ts HOSTFS_ATTR_*). Times in ns since the epoch. */
export interface HostAttr {
  mode: number;
  nlink: number;
  ino: number;
  size: number;
  atimeNs: number;
  mtimeNs: number;
  ctimeNs: number;
}

/** struct kstatfs's numbers (fs/statfs.ts). */
export interface HostStatfs {
  type: number; bsize: number; blocks: number; bfree: number; bavail: number; files: number; ffree: number;
}

/** One directory entry of readdir. */
export interface HostDirent { name: Uint8Array; ino: number; type: number }

/** Every result that can fail is a value >= 0 / an object, or -errno (Linux's numbers). Never throws. */
export interface HostFs {
  /** The root of a new mount: its node and attributes, or -errno (ENOENT, ENOTDIR). */
  mountRoot(hostDir: string): { node: number; attr: HostAttr } | number;
  lookup(dir: number, name: Uint8Array): { node: number; attr: HostAttr } | number;
  getattr(node: number): HostAttr | number;
  /** read into dst (its whole length at most) at pos: bytes read or -errno */
  read(node: number, dst: Uint8Array, pos: number): number;
  write(node: number, src: Uint8Array, pos: number): number;
  /** the index-th entry without "." and "..": null past the last, or -errno */
  readdir(node: number, index: number): HostDirent | null | number;
  readlink(node: number): Uint8Array | number;
  /** create(1) mkdir(2) unlink(3) rmdir(4) symlink(5) link(6) rename(7) truncate(8), as fs/hostfs.ts */
  op(op: number, dir: number, name: Uint8Array, node2: number, name2: Uint8Array, arg: number): number;
  forget(node: number): void;
  statfs(node: number): HostStatfs | number;
}

/** A --mount: the host directory, the guest directory, read-write or read-only. */
export interface MountSpec { host: string; guest: string; rw: boolean }

/** Parse HOSTDIR:GUESTDIR[:ro|:rw] (read-only by default); an error message for a bad one. */
export function parseMount(s: string): MountSpec | string {
  let rw = false;
  let rest = s;
  const m = /:(ro|rw)$/.exec(s);
  if (m) { rw = m[1] === "rw"; rest = s.slice(0, -3); }
  const i = rest.lastIndexOf(":");
  if (i <= 0 || i === rest.length - 1) return `--mount ${s}: expected HOSTDIR:GUESTDIR[:ro|:rw]`;
  const host = rest.slice(0, i), guest = rest.slice(i + 1);
  if (!guest.startsWith("/")) return `--mount ${s}: the guest directory must be absolute`;
  if (guest.split("/").some((c) => c === "." || c === "..")) return `--mount ${s}: the guest directory may not contain . or ..`;
  return { host, guest, rw };
}
