// The HostFs of the Node shell (host/hostfs.ts): node:fs, synchronous (the kernel's
// imports never wait; a local file system answers at once).
//
// Confinement. A node is (mount root, relative path). The root is the real path of the
// mounted directory (symlinks in it resolved once, at mount time). Every lookup joins one
// checked name (no "/", not "." or "..", no NUL) to a directory node and lstat()s it: a
// symlink is reported as a symlink (the kernel resolves it in the guest's tree), never
// followed here. Files are opened with O_NOFOLLOW, and before a node's first use the real
// path of its parent is checked to lie under the root (a host directory swapped for a
// symlink during the run is refused with EACCES).
import fs from "node:fs";
import path from "node:path";
import type { HostFs, HostAttr, HostDirent, HostStatfs } from "../hostfs.js";

// Linux errno numbers by node's error code (the host may not be Linux)
const ERRNO: Record<string, number> = {
  EPERM: 1, ENOENT: 2, EIO: 5, ENXIO: 6, EBADF: 9, EAGAIN: 11, ENOMEM: 12, EACCES: 13, EBUSY: 16, EEXIST: 17,
  EXDEV: 18, ENODEV: 19, ENOTDIR: 20, EISDIR: 21, EINVAL: 22, EMFILE: 24, ENFILE: 23, EFBIG: 27, ENOSPC: 28,
  ESPIPE: 29, EROFS: 30, EMLINK: 31, ENAMETOOLONG: 36, ENOTEMPTY: 39, ELOOP: 40, EOPNOTSUPP: 95, ENOTSUP: 95,
  EDQUOT: 122,
};
function errno(e: unknown): number {
  const code = (e as { code?: string })?.code;
  return -(code && ERRNO[code] ? ERRNO[code] : 5);
}

interface Node {
  root: string;
  rel: string;
  fd: number;       // -1 until the first read/write
  writable: boolean;
  dir: HostDirent[] | null; // the listing readdir works through (taken at index 0)
  checked: boolean;
}

const dec = new TextDecoder("utf-8", { fatal: false });

function attrOf(st: fs.BigIntStats): HostAttr {
  return {
    mode: Number(st.mode), nlink: Number(st.nlink), ino: Number(st.ino & 0xffffffffn), size: Number(st.size),
    atimeNs: Number(st.atimeNs), mtimeNs: Number(st.mtimeNs), ctimeNs: Number(st.ctimeNs),
  };
}

function dtype(d: fs.Dirent): number {
  if (d.isFile()) return 8;
  if (d.isDirectory()) return 4;
  if (d.isSymbolicLink()) return 10;
  if (d.isFIFO()) return 1;
  if (d.isSocket()) return 12;
  if (d.isCharacterDevice()) return 2;
  if (d.isBlockDevice()) return 6;
  return 0;
}

export class NodeHostFs implements HostFs {
  private nodes = new Map<number, Node>();
  private next = 1;

  private add(root: string, rel: string): number {
    const id = this.next++;
    this.nodes.set(id, { root, rel, fd: -1, writable: false, dir: null, checked: false });
    return id;
  }

  private full(n: Node): string {
    return n.rel ? path.join(n.root, n.rel) : n.root;
  }

  /** One name the guest may use in a directory: bytes -> string, or null. */
  private name(b: Uint8Array): string | null {
    if (b.length === 0 || b.length > 255 || b.includes(0) || b.includes(0x2f)) return null;
    const s = dec.decode(b);
    if (s === "." || s === ".." || s.includes("/") || s.includes("\0")) return null;
    return s;
  }

  /** The directory itself (readdir follows a final symlink) is still under the root. */
  private dirConfined(n: Node): boolean {
    try {
      const real = fs.realpathSync(this.full(n));
      return real === n.root || real.startsWith(n.root + path.sep);
    } catch { return false; }
  }

  /** The node's parent directory is still where the mount put it (not under a swapped-in symlink). */
  private confined(n: Node): boolean {
    if (n.checked || !n.rel) return true;
    try {
      const parent = fs.realpathSync(path.dirname(this.full(n)));
      if (parent !== n.root && !parent.startsWith(n.root + path.sep)) return false;
    } catch { return false; }
    n.checked = true;
    return true;
  }

  mountRoot(hostDir: string): { node: number; attr: HostAttr } | number {
    try {
      const root = fs.realpathSync(hostDir);
      const st = fs.statSync(root, { bigint: true });
      if (!st.isDirectory()) return -20;
      return { node: this.add(root, ""), attr: attrOf(st) };
    } catch (e) { return errno(e); }
  }

  lookup(dir: number, nameb: Uint8Array): { node: number; attr: HostAttr } | number {
    const d = this.nodes.get(dir);
    const name = this.name(nameb);
    if (!d || name === null) return -2;
    const rel = d.rel ? `${d.rel}/${name}` : name;
    const n: Node = { root: d.root, rel, fd: -1, writable: false, dir: null, checked: false };
    if (!this.confined(n)) return -13;
    try {
      const st = fs.lstatSync(this.full(n), { bigint: true, throwIfNoEntry: false });
      if (!st) return -2;
      const id = this.next++;
      this.nodes.set(id, n);
      return { node: id, attr: attrOf(st) };
    } catch (e) { return errno(e); }
  }

  getattr(node: number): HostAttr | number {
    const n = this.nodes.get(node);
    if (!n) return -2;
    try {
      return attrOf(n.fd >= 0 ? fs.fstatSync(n.fd, { bigint: true }) : fs.lstatSync(this.full(n), { bigint: true }));
    } catch (e) { return errno(e); }
  }

  private open(n: Node, write: boolean): number {
    if (n.fd >= 0 && (n.writable || !write)) return 0;
    if (!this.confined(n)) return -13;
    try {
      const fd = fs.openSync(this.full(n), (write ? fs.constants.O_RDWR : fs.constants.O_RDONLY) | fs.constants.O_NOFOLLOW);
      if (n.fd >= 0) fs.closeSync(n.fd);
      n.fd = fd;
      n.writable = write;
      return 0;
    } catch (e) { return errno(e); }
  }

  read(node: number, dst: Uint8Array, pos: number): number {
    const n = this.nodes.get(node);
    if (!n) return -9;
    const err = this.open(n, false);
    if (err < 0) return err;
    try { return fs.readSync(n.fd, dst, 0, dst.length, pos); } catch (e) { return errno(e); }
  }

  write(node: number, src: Uint8Array, pos: number): number {
    const n = this.nodes.get(node);
    if (!n) return -9;
    const err = this.open(n, true);
    if (err < 0) return err;
    try { return fs.writeSync(n.fd, src, 0, src.length, pos); } catch (e) { return errno(e); }
  }

  readdir(node: number, index: number): HostDirent | null | number {
    const n = this.nodes.get(node);
    if (!n) return -9;
    if (index === 0 || !n.dir) {
      if (!this.confined(n) || !this.dirConfined(n)) return -13;
      try {
        const full = this.full(n);
        n.dir = fs.readdirSync(full, { withFileTypes: true }).map((d) => {
          let ino = 0;
          try { ino = Number(fs.lstatSync(path.join(full, d.name), { bigint: true }).ino & 0xffffffffn); } catch { /* gone */ }
          return { name: new TextEncoder().encode(d.name), ino, type: dtype(d) };
        });
      } catch (e) { return errno(e); }
    }
    return n.dir[index] ?? null;
  }

  readlink(node: number): Uint8Array | number {
    const n = this.nodes.get(node);
    if (!n) return -2;
    if (!this.confined(n)) return -13;
    try { return fs.readlinkSync(this.full(n), { encoding: "buffer" }); } catch (e) { return errno(e); }
  }

  op(op: number, dir: number, nameb: Uint8Array, node2: number, name2b: Uint8Array, arg: number): number {
    const d = this.nodes.get(dir);
    if (!d) return -2;
    if (op === 8) { // truncate: dir is the file
      if (!this.confined(d)) return -13;
      try {
        if (d.fd >= 0 && d.writable) fs.ftruncateSync(d.fd, arg);
        else {
          const fd = fs.openSync(this.full(d), fs.constants.O_WRONLY | fs.constants.O_NOFOLLOW);
          try { fs.ftruncateSync(fd, arg); } finally { fs.closeSync(fd); }
        }
        return 0;
      } catch (e) { return errno(e); }
    }
    const name = this.name(nameb);
    if (name === null) return -22;
    if (!this.confined({ root: d.root, rel: d.rel ? `${d.rel}/${name}` : name, fd: -1, writable: false, dir: null, checked: false })) return -13;
    const p = path.join(this.full(d), name);
    try {
      switch (op) {
        case 1: fs.closeSync(fs.openSync(p, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY | fs.constants.O_NOFOLLOW, arg & 0o7777)); return 0;
        case 2: fs.mkdirSync(p, arg & 0o7777); return 0;
        case 3: fs.unlinkSync(p); return 0;
        case 4: fs.rmdirSync(p); return 0;
        case 5: fs.symlinkSync(Buffer.from(name2b), p); return 0; // the target is text only: the guest resolves it
        case 6: {
          const src = this.nodes.get(node2);
          if (!src || src.root !== d.root) return -18;
          fs.linkSync(this.full(src), p);
          return 0;
        }
        case 7: {
          const nd = this.nodes.get(node2);
          const name2 = this.name(name2b);
          if (!nd || name2 === null) return -22;
          if (nd.root !== d.root) return -18;
          const from = d.rel ? `${d.rel}/${name}` : name;
          const to = nd.rel ? `${nd.rel}/${name2}` : name2;
          fs.renameSync(p, path.join(this.full(nd), name2));
          // every node at or under the old name now lives under the new one
          for (const n of this.nodes.values()) {
            if (n.root !== d.root) continue;
            if (n.rel === from) n.rel = to;
            else if (n.rel.startsWith(from + "/")) n.rel = to + n.rel.slice(from.length);
          }
          return 0;
        }
      }
      return -22;
    } catch (e) { return errno(e); }
  }

  forget(node: number): void {
    const n = this.nodes.get(node);
    if (!n) return;
    if (n.fd >= 0) { try { fs.closeSync(n.fd); } catch { /* closed */ } }
    this.nodes.delete(node);
  }

  statfs(node: number): HostStatfs | number {
    const n = this.nodes.get(node);
    if (!n) return -2;
    try {
      const s = fs.statfsSync(this.full(n));
      return { type: s.type, bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail, files: s.files, ffree: s.ffree };
    } catch (e) { return errno(e); }
  }

  /** Close every file kept open (the run is over). */
  close(): void {
    for (const id of [...this.nodes.keys()]) this.forget(id);
  }
}
