// strace's generic decoders, for the call specs in host/trace/syscalls/ and the tracer
// (host/trace/strace.ts): reading user memory with copy_from_user's bounds rule, strace's
// printing primitives (printstrn, printflags, printxval...), the structures several
// families share (sockaddr, iovec, msghdr, timespec, sigset) and the argument decoders.
// Nothing here knows a particular syscall.
import type { Process } from "../process.js";
import { ERRNOS, SIGNALS } from "./errnos.js";
import * as X from "./xlat.js";
import type { Xlat } from "./xlat.js";
import { PAGE_SIZE } from "../uaccess.js";

export const ERESTARTSYS = 512;

// ---------------------------------------------------------------------------------------
// One traced call

export interface Call {
  p: Process;
  nr: number;
  name: string;
  spec: Spec;
  /** the six argument registers, or socketcall's args array, as unsigned 32-bit values */
  a: number[];
  ret: number;
  exiting: boolean;
  /** values saved at entry (the addrlen a caller passed in, msg_namelen, ...) */
  priv: Record<string, number>;
  strsize: number;
}

export type Dec = (c: Call, v: number, i: number) => string;

export interface Arg {
  f: Dec;
  /** printed when the call returns (the kernel fills it in) */
  out?: boolean;
}

export interface Spec {
  args: Arg[];
  /** first argument printed at exit; default: the first `out` argument */
  split?: (c: Call) => number;
  /** save values at entry, before the kernel changes them */
  enter?: (c: Call) => void;
  /** the successful return value as strace shows it (default: decimal) */
  ret?: (c: Call) => string;
  /** the call does not return (exit_group): `= ?` */
  noreturn?: boolean;
}

// ---------------------------------------------------------------------------------------
// Reading user memory

export function views(p: Process) {
  p.views();
  return p;
}

/** n bytes at addr, or null when the range faults (first page, past the end). */
export function mem(c: Call, addr: number, n: number): Uint8Array | null {
  const p = views(c.p);
  if (addr < PAGE_SIZE || addr + n > p.u8.byteLength) return null;
  return p.u8.subarray(addr, addr + n);
}

export function u32(c: Call, addr: number): number | null {
  if (!mem(c, addr, 4)) return null;
  return c.p.dv.getUint32(addr, true);
}

export function i32(c: Call, addr: number): number | null {
  const v = u32(c, addr);
  return v === null ? null : v | 0;
}

// ---------------------------------------------------------------------------------------
// strace's printing primitives

/** %#lx: 0 prints as 0 */
export const hex = (v: number) => (v === 0 ? "0" : "0x" + (v >>> 0).toString(16));
/** printaddr(): NULL or the pointer in hex */
export const addr = (v: number) => (v === 0 ? "NULL" : hex(v));
export const sval = (v: number) => String(v | 0);
export const uval = (v: number) => String(v >>> 0);

/** strace's string_quote(): C escapes, \ooo for other bytes (3 digits before a digit). */
export function quote(bytes: Uint8Array, forceHex = false): string {
  let s = '"';
  for (let i = 0; i < bytes.length; i++) {
    const ch = bytes[i];
    if (forceHex) {
      s += "\\x" + ch.toString(16).padStart(2, "0");
      continue;
    }
    switch (ch) {
      case 0x22: s += '\\"'; break;
      case 0x5c: s += "\\\\"; break;
      case 0x0c: s += "\\f"; break;
      case 0x0a: s += "\\n"; break;
      case 0x0d: s += "\\r"; break;
      case 0x09: s += "\\t"; break;
      case 0x0b: s += "\\v"; break;
      default:
        if (ch >= 0x20 && ch <= 0x7e) s += String.fromCharCode(ch);
        else {
          const next = i + 1 < bytes.length ? bytes[i + 1] : -1;
          if (next >= 0x30 && next <= 0x39) s += "\\" + ch.toString(8).padStart(3, "0");
          else s += "\\" + ch.toString(8);
        }
    }
  }
  return s + '"';
}

/** printstrn(): len bytes at p, cut at -s (32) with `...` after the quote. */
export function printstrn(c: Call, p: number, len: number, forceHex = false): string {
  if (p === 0) return "NULL";
  len = len >>> 0;
  if (len === 0) return '""'; // umoven() of nothing succeeds anywhere
  const n = Math.min(len, c.strsize);
  const b = mem(c, p, n);
  if (!b) return hex(p);
  return quote(b, forceHex) + (len > c.strsize ? "..." : "");
}

/** printpath(): a NUL-terminated path, up to PATH_MAX, not cut by -s. */
export function printpath(c: Call, p: number): string {
  if (p === 0) return "NULL";
  const u8 = views(c.p).u8;
  if (p < PAGE_SIZE || p >= u8.byteLength) return hex(p);
  let end = p;
  while (end < u8.byteLength && end - p < 4096 && u8[end] !== 0) end++;
  if (end >= u8.byteLength) return hex(p);
  return quote(u8.subarray(p, end));
}

/** printxval(): the name, or `0x2e /* AF_??? *\/` */
export function xval(table: Xlat, v: number, unknown: string): string {
  const name = X.xlookup(table, v);
  if (name !== undefined) return name;
  return `${hex(v)} /* ${unknown} */`;
}

/** printflags(): NAME|NAME, unknown bits in hex with a comment, 0 when empty. */
export function flags(table: Xlat, v: number, unknown: string): string {
  v = v >>> 0;
  if (v === 0) {
    const zero = X.xlookup(table, 0);
    return zero ?? "0";
  }
  const names: string[] = [];
  let rest = v;
  for (const [bit, name] of table) {
    if (bit !== 0 && ((rest & bit) >>> 0) === bit >>> 0) {
      names.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (!names.length) return `${hex(v)} /* ${unknown} */`;
  if (rest) return `${names.join("|")}|${hex(rest)}`;
  return names.join("|");
}

/** the open(2)-style flags: access mode first, always (O_RDONLY|O_NONBLOCK) */
export function openFlags(v: number): string {
  const acc = X.xlookup(X.OPEN_ACCMODES, v & 3)!;
  const rest = (v & ~3) >>> 0;
  return rest ? `${acc}|${flags(X.OPEN_FLAGS, rest, "O_???")}` : acc;
}

export function sockType(v: number): string {
  const t = X.xlookup(X.SOCKTYPES, v & 0xf);
  if (t) {
    const rest = (v & ~0xf) >>> 0;
    return rest ? `${t}|${flags(X.SOCK_TYPE_FLAGS, rest, "SOCK_???")}` : t;
  }
  return flags(X.SOCK_TYPE_FLAGS, v, "SOCK_???");
}

/** The kernel-internal restart codes, as strace names them (`= ? ERESTARTSYS (...)`). */
export const RESTART_CODES: Record<number, string> = {
  512: "ERESTARTSYS (To be restarted if SA_RESTART is set)",
  513: "ERESTARTNOINTR (To be restarted)",
  514: "ERESTARTNOHAND (To be restarted if no handler)",
  516: "ERESTART_RESTARTBLOCK (Interrupted by signal)",
};

export function errname(e: number): string {
  const ent = ERRNOS[e];
  if (RESTART_CODES[e]) return RESTART_CODES[e];
  if (!ent || !ent[0]) return `E??? (Unknown error ${e})`;
  return `${ent[0]} (${ent[1]})`;
}

export function signame(s: number): string {
  return SIGNALS[s] ?? `SIG_${s}`;
}

/** `[%d]` of an int in user memory, or the pointer. */
export function printnum(c: Call, p: number): string {
  if (p === 0) return "NULL";
  const v = i32(c, p);
  return v === null ? hex(p) : `[${v}]`;
}

// ---------------------------------------------------------------------------------------
// Structures (i386 layouts)

/** decode_sockaddr(): struct sockaddr of len bytes at p. */
export function sockaddr(c: Call, p: number, len: number): string {
  if (p === 0) return "NULL";
  len = len | 0;
  if (len < 2) return hex(p); // shorter than sa_family
  const b = mem(c, p, Math.min(len, 128));
  if (!b) return hex(p);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const fam = dv.getUint16(0, true);
  const f = `sa_family=${xval(X.ADDRFAMS, fam, "AF_???")}`;
  if (len <= 2) return `{${f}}`;
  if (fam === 1) {
    // struct sockaddr_un { sa_family_t; char sun_path[108]; }
    const path = b.subarray(2, Math.min(len, 110));
    if (path[0] === 0) return `{${f}, sun_path=@${quote(path.subarray(1))}}`;
    const nul = path.indexOf(0);
    return `{${f}, sun_path=${quote(nul < 0 ? path : path.subarray(0, nul))}}`;
  }
  if (fam === 2 && len >= 8) {
    // struct sockaddr_in { sa_family_t; __be16 sin_port; struct in_addr sin_addr; }
    const port = dv.getUint16(2, false);
    const ip = `${b[4]}.${b[5]}.${b[6]}.${b[7]}`;
    return `{${f}, sin_port=htons(${port}), sin_addr=inet_addr("${ip}")}`;
  }
  if (fam === 10 && len >= 24) {
    // struct sockaddr_in6 { family; port; flowinfo; addr[16]; scope_id; }
    const port = dv.getUint16(2, false);
    const flow = dv.getUint32(4, false);
    const scope = len >= 28 ? `, sin6_scope_id=${dv.getUint32(24, true)}` : "";
    return `{${f}, sin6_port=htons(${port}), sin6_flowinfo=htonl(${flow}), inet_pton(AF_INET6, "${ipv6Text(b.subarray(8, 24))}", &sin6_addr)${scope}}`;
  }
  const data = b.subarray(2, len);
  return `{${f}, sa_data=${quote(data.subarray(0, Math.min(data.length, c.strsize)))}${data.length > c.strsize ? "..." : ""}}`;
}

/**
 * An IPv6 address as glibc's inet_ntop writes it (what strace and ss print): RFC 5952's
 * "::" for the longest run of zero words, and a dotted IPv4 tail for v4-mapped
 * (::ffff:a.b.c.d) and v4-compatible (::a.b.c.d) addresses.
 */
export function ipv6Text(b: Uint8Array): string {
  const words: string[] = [];
  for (let i = 0; i < 8; i++) words.push(((b[2 * i] << 8) | b[2 * i + 1]).toString(16));
  const dotted = `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  if (words.slice(0, 5).every((w) => w === "0")) {
    if (words[5] === "ffff") return `::ffff:${dotted}`;
    if (words[5] === "0" && words[6] !== "0") return `::${dotted}`;
  }
  return ipv6(words);
}

export function ipv6(words: string[]): string {
  // the longest run of zero words becomes "::"
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== "0") { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === "0") j++;
    if (j - i > bestLen && j - i > 1) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return words.join(":");
  return words.slice(0, best).join(":") + "::" + words.slice(best + bestLen).join(":");
}

/** An array of n elements of size bytes, cut at -s elements with `...` (print_array). */
export function array(c: Call, p: number, n: number, size: number, elem: (at: number, i: number) => string): string {
  if (p === 0) return "NULL";
  if (n === 0) return "[]";
  if (!mem(c, p, size)) return hex(p);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i >= c.strsize) { out.push("..."); break; }
    const at = p + i * size;
    if (!mem(c, at, size)) { out.push(`... /* ${hex(at)} */`); break; }
    out.push(elem(at, i));
  }
  return `[${out.join(", ")}]`;
}

/**
 * struct iovec[n]; with data >= 0 the bases are printed as strings holding `data` bytes in
 * all (readv/recvmsg at exit), with data = -1 each base up to its length (writev).
 * Bases are pointers when data is null (a failed readv).
 */
export function iovec(c: Call, p: number, n: number, data: number | null): string {
  let left = data ?? 0;
  return array(c, p, n, 8, (at) => {
    const base = c.p.dv.getUint32(at, true), len = c.p.dv.getUint32(at + 4, true);
    let b: string;
    if (data === null) b = addr(base);
    else if (data < 0) b = printstrn(c, base, len);
    else { const k = Math.min(len, left); left -= k; b = printstrn(c, base, k); }
    return `{iov_base=${b}, iov_len=${len}}`;
  });
}

/** struct msghdr (i386: name, namelen, iov, iovlen, control, controllen, flags). */
export function msghdr(c: Call, p: number, data: number, namelenIn?: number): string {
  if (p === 0) return "NULL";
  if (!mem(c, p, 28)) return hex(p);
  const dv = c.p.dv;
  const name = dv.getUint32(p, true), namelen = dv.getUint32(p + 4, true) | 0;
  const iov = dv.getUint32(p + 8, true), iovlen = dv.getUint32(p + 12, true);
  const control = dv.getUint32(p + 16, true), controllen = dv.getUint32(p + 20, true);
  const mflags = dv.getUint32(p + 24, true);
  const nl = namelenIn !== undefined && namelenIn !== namelen ? `${namelenIn} => ${namelen}` : `${namelen}`;
  const shown = namelenIn !== undefined ? Math.min(namelenIn, namelen) : namelen;
  const parts = [
    `msg_name=${sockaddr(c, name, shown)}`,
    `msg_namelen=${nl}`,
    `msg_iov=${iovec(c, iov, iovlen, data)}`,
    `msg_iovlen=${iovlen}`,
  ];
  if (controllen) parts.push(`msg_control=${cmsgs(c, control, controllen)}`);
  parts.push(`msg_controllen=${controllen}`, `msg_flags=${flags(X.MSG_FLAGS, mflags, "MSG_???")}`);
  return `{${parts.join(", ")}}`;
}

/** control messages: struct cmsghdr { u32 len; i32 level; i32 type; data } */
export function cmsgs(c: Call, p: number, len: number): string {
  if (len < 12 || !mem(c, p, 12)) return hex(p);
  const out: string[] = [];
  let off = 0;
  while (off + 12 <= len) {
    const at = p + off;
    if (!mem(c, at, 12)) break;
    const clen = c.p.dv.getUint32(at, true), level = c.p.dv.getInt32(at + 4, true), type = c.p.dv.getInt32(at + 8, true);
    let s = `{cmsg_len=${clen}, cmsg_level=${xval(X.SOCKETLAYERS, level, "SOL_???")}`;
    const dataLen = Math.min(clen, len - off) - 12;
    if (level === 1 && type === 1) {
      const fds: number[] = [];
      for (let q = 12; q + 4 <= 12 + dataLen; q += 4) fds.push(c.p.dv.getInt32(at + q, true));
      s += `, cmsg_type=SCM_RIGHTS${fds.length ? `, cmsg_data=[${fds.join(", ")}]` : ""}}`;
    } else if (level === 1 && type === 2 && clen >= 24) {
      s += `, cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=${c.p.dv.getInt32(at + 12, true)}, uid=${c.p.dv.getInt32(at + 16, true)}, gid=${c.p.dv.getInt32(at + 20, true)}}}`;
    } else if (level === 0 && X.xlookup(X.IP_OPTIONS, type)) {
      const bytes = Array.from(c.p.u8.subarray(at + 12, at + 12 + Math.max(0, dataLen)), (v) => (v ? hex(v) : "0"));
      s += `, cmsg_type=${X.xlookup(X.IP_OPTIONS, type)}, cmsg_data=[${bytes.join(", ")}]}`;
    } else {
      s += `, cmsg_type=${hex(type)}${level === 1 ? " /* SCM_??? */" : ""}}`;
    }
    out.push(s);
    if (clen < 12) break;
    off += (clen + 3) & ~3;
  }
  if (off < len) out.push(`... /* ${hex(p + off)} */`);
  return `[${out.join(", ")}]`;
}

/** struct timespec: 32-bit (old_timespec32) or 64-bit (__kernel_timespec) */
export function timespec(c: Call, p: number, bits: 32 | 64): string {
  if (p === 0) return "NULL";
  const b = mem(c, p, bits === 32 ? 8 : 16);
  if (!b) return hex(p);
  const dv = c.p.dv;
  const sec = bits === 32 ? dv.getInt32(p, true) : Number(dv.getBigInt64(p, true));
  // strace prints the 64-bit tv_nsec unsigned (%llu)
  const nsec = bits === 32 ? dv.getInt32(p + 4, true) : dv.getBigUint64(p + 8, true);
  return `{tv_sec=${sec}, tv_nsec=${nsec}}`;
}

export function sigset(c: Call, p: number, size: number): string {
  if (p === 0) return "NULL";
  if (!mem(c, p, Math.min(size, 8))) return hex(p);
  const lo = c.p.dv.getUint32(p, true), hi = size >= 8 ? c.p.dv.getUint32(p + 4, true) : 0;
  const names: string[] = [];
  for (let s = 1; s <= 64; s++) {
    const bit = s <= 32 ? (lo >>> (s - 1)) & 1 : (hi >>> (s - 33)) & 1;
    if (bit) names.push(s < 32 ? signame(s).slice(3) : s >= 34 ? `RT_${s - 34}` : `${s}`);
  }
  return `[${names.join(" ")}]`;
}

// ---------------------------------------------------------------------------------------
// Argument decoders (strace's SYS_FUNC bodies, as data)

export const fd: Arg = { f: (_c, v) => sval(v) };
export const int: Arg = { f: (_c, v) => sval(v) };
export const uint: Arg = { f: (_c, v) => uval(v) };
export const ptr: Arg = { f: (_c, v) => addr(v) };
export const path: Arg = { f: (c, v) => printpath(c, v) };
export const xv = (t: Xlat, unknown: string): Arg => ({ f: (_c, v) => xval(t, v, unknown) });
export const fl = (t: Xlat, unknown: string): Arg => ({ f: (_c, v) => flags(t, v, unknown) });
export const family = xv(X.ADDRFAMS, "AF_???");
export const socktype: Arg = { f: (_c, v) => sockType(v) };
export const msgflags = fl(X.MSG_FLAGS, "MSG_???");
/** a buffer the process passes in: len bytes from argument lenArg */
export const inbuf = (lenArg: number): Arg => ({ f: (c, v) => printstrn(c, v, c.a[lenArg]) });
/** a buffer the kernel fills: the return value says how much (pointer on error) */
export const outbuf = (lenArg: number): Arg => ({
  out: true,
  f: (c, v) => (c.ret < 0 ? addr(v) : printstrn(c, v, Math.min(c.ret >>> 0, c.a[lenArg] >>> 0))),
});
export const addrIn = (lenArg: number): Arg => ({ f: (c, v) => sockaddr(c, v, c.a[lenArg]) });
