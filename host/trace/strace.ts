// `int80 run --strace`: every syscall printed the way strace(1) prints it for an i386
// process (strace 6.x, default options: -s 32, -f).
//
// The formatter is data-driven. SPECS maps a syscall name (from the generated
// syscall_32.tbl names) to a list of argument decoders; a decoder marked `out` is printed
// when the call returns, as strace does for buffers the kernel fills (read, recv, accept's
// address). Everything before the first `out` argument is printed at entry; when another
// process prints in between, the line ends in ` <unfinished ...>` and the rest comes later
// as `<... name resumed>`. socketcall(2) is shown as its subcall with the arguments read
// from the args array in user memory, exactly as strace decodes it on i386.
//
// The tracer reads process memory only through Process.views()/u8/dv, with the same
// bounds rule as copy_from_user (the first page and anything past the end fault): an
// unreadable pointer prints as its hex value, as strace prints it when umove() fails.
import type { Process, Tracer } from "../machine.js";
import { SYSCALL_NAMES } from "../generated/syscalls.js";
import { ERRNOS, SIGNALS } from "./errnos.js";
import { SOCKETCALL_NARGS, SOCKETCALL_NAMES } from "../generated/socketcall.js";
import * as X from "./xlat.js";
import type { Xlat } from "./xlat.js";

const PAGE_SIZE = 4096;
const ERESTARTSYS = 512;

// ---------------------------------------------------------------------------------------
// One traced call

interface Call {
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

type Dec = (c: Call, v: number, i: number) => string;

interface Arg {
  f: Dec;
  /** printed when the call returns (the kernel fills it in) */
  out?: boolean;
}

interface Spec {
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

function views(p: Process) {
  p.views();
  return p;
}

/** n bytes at addr, or null when the range faults (first page, past the end). */
function mem(c: Call, addr: number, n: number): Uint8Array | null {
  const p = views(c.p);
  if (addr < PAGE_SIZE || addr + n > p.u8.byteLength) return null;
  return p.u8.subarray(addr, addr + n);
}

function u32(c: Call, addr: number): number | null {
  if (!mem(c, addr, 4)) return null;
  return c.p.dv.getUint32(addr, true);
}

function i32(c: Call, addr: number): number | null {
  const v = u32(c, addr);
  return v === null ? null : v | 0;
}

// ---------------------------------------------------------------------------------------
// strace's printing primitives

/** %#lx: 0 prints as 0 */
const hex = (v: number) => (v === 0 ? "0" : "0x" + (v >>> 0).toString(16));
/** printaddr(): NULL or the pointer in hex */
const addr = (v: number) => (v === 0 ? "NULL" : hex(v));
const sval = (v: number) => String(v | 0);
const uval = (v: number) => String(v >>> 0);

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
function printstrn(c: Call, p: number, len: number, forceHex = false): string {
  if (p === 0) return "NULL";
  len = len >>> 0;
  if (len === 0) return '""'; // umoven() of nothing succeeds anywhere
  const n = Math.min(len, c.strsize);
  const b = mem(c, p, n);
  if (!b) return hex(p);
  return quote(b, forceHex) + (len > c.strsize ? "..." : "");
}

/** printpath(): a NUL-terminated path, up to PATH_MAX, not cut by -s. */
function printpath(c: Call, p: number): string {
  if (p === 0) return "NULL";
  const u8 = views(c.p).u8;
  if (p < PAGE_SIZE || p >= u8.byteLength) return hex(p);
  let end = p;
  while (end < u8.byteLength && end - p < 4096 && u8[end] !== 0) end++;
  if (end >= u8.byteLength) return hex(p);
  return quote(u8.subarray(p, end));
}

/** printxval(): the name, or `0x2e /* AF_??? *\/` */
function xval(table: Xlat, v: number, unknown: string): string {
  const name = X.xlookup(table, v);
  if (name !== undefined) return name;
  return `${hex(v)} /* ${unknown} */`;
}

/** printflags(): NAME|NAME, unknown bits in hex with a comment, 0 when empty. */
function flags(table: Xlat, v: number, unknown: string): string {
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
function openFlags(v: number): string {
  const acc = X.xlookup(X.OPEN_ACCMODES, v & 3)!;
  const rest = (v & ~3) >>> 0;
  return rest ? `${acc}|${flags(X.OPEN_FLAGS, rest, "O_???")}` : acc;
}

function sockType(v: number): string {
  const t = X.xlookup(X.SOCKTYPES, v & 0xf);
  if (t) {
    const rest = (v & ~0xf) >>> 0;
    return rest ? `${t}|${flags(X.SOCK_TYPE_FLAGS, rest, "SOCK_???")}` : t;
  }
  return flags(X.SOCK_TYPE_FLAGS, v, "SOCK_???");
}

function errname(e: number): string {
  const ent = ERRNOS[e];
  if (e === ERESTARTSYS) return "ERESTARTSYS (To be restarted if SA_RESTART is set)";
  if (!ent || !ent[0]) return `E??? (Unknown error ${e})`;
  return `${ent[0]} (${ent[1]})`;
}

function signame(s: number): string {
  return SIGNALS[s] ?? `SIG_${s}`;
}

/** `[%d]` of an int in user memory, or the pointer. */
function printnum(c: Call, p: number): string {
  if (p === 0) return "NULL";
  const v = i32(c, p);
  return v === null ? hex(p) : `[${v}]`;
}

// ---------------------------------------------------------------------------------------
// Structures (i386 layouts)

/** decode_sockaddr(): struct sockaddr of len bytes at p. */
function sockaddr(c: Call, p: number, len: number): string {
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
    const words: string[] = [];
    for (let i = 0; i < 8; i++) words.push(dv.getUint16(8 + 2 * i, false).toString(16));
    const scope = len >= 28 ? `, sin6_scope_id=${dv.getUint32(24, true)}` : "";
    return `{${f}, sin6_port=htons(${port}), sin6_flowinfo=htonl(${flow}), inet_pton(AF_INET6, "${ipv6(words)}", &sin6_addr)${scope}}`;
  }
  const data = b.subarray(2, len);
  return `{${f}, sa_data=${quote(data.subarray(0, Math.min(data.length, c.strsize)))}${data.length > c.strsize ? "..." : ""}}`;
}

function ipv6(words: string[]): string {
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
function array(c: Call, p: number, n: number, size: number, elem: (at: number, i: number) => string): string {
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
function iovec(c: Call, p: number, n: number, data: number | null): string {
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
function msghdr(c: Call, p: number, data: number, namelenIn?: number): string {
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
function cmsgs(c: Call, p: number, len: number): string {
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
function timespec(c: Call, p: number, bits: 32 | 64): string {
  if (p === 0) return "NULL";
  const b = mem(c, p, bits === 32 ? 8 : 16);
  if (!b) return hex(p);
  const dv = c.p.dv;
  const sec = bits === 32 ? dv.getInt32(p, true) : Number(dv.getBigInt64(p, true));
  // strace prints the 64-bit tv_nsec unsigned (%llu)
  const nsec = bits === 32 ? dv.getInt32(p + 4, true) : dv.getBigUint64(p + 8, true);
  return `{tv_sec=${sec}, tv_nsec=${nsec}}`;
}

function timeval(c: Call, p: number): string {
  if (p === 0) return "NULL";
  if (!mem(c, p, 8)) return hex(p);
  return `{tv_sec=${c.p.dv.getInt32(p, true)}, tv_usec=${c.p.dv.getInt32(p + 4, true)}}`;
}

/** fd_set of nfds bits: `[3 4]` */
function fdset(c: Call, p: number, nfds: number): string {
  if (p === 0) return "NULL";
  const bytes = Math.ceil(Math.max(0, Math.min(nfds, 1024)) / 32) * 4;
  const b = mem(c, p, Math.max(bytes, 4));
  if (!b) return hex(p);
  const fds: number[] = [];
  for (let fd = 0; fd < nfds && fd < 1024; fd++) if (b[fd >> 3] & (1 << (fd & 7))) fds.push(fd);
  return `[${fds.join(" ")}]`;
}

function sigset(c: Call, p: number, size: number): string {
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

/** struct sigaction as rt_sigaction takes it on i386: handler, flags, restorer, mask */
function sigaction(c: Call, p: number): string {
  if (p === 0) return "NULL";
  if (!mem(c, p, 20)) return hex(p);
  const dv = c.p.dv;
  const h = dv.getUint32(p, true), fl = dv.getUint32(p + 4, true), restorer = dv.getUint32(p + 8, true);
  const handler = h === 0 ? "SIG_DFL" : h === 1 ? "SIG_IGN" : hex(h);
  let s = `{sa_handler=${handler}, sa_mask=${sigset(c, p + 12, 8)}, sa_flags=${flags(X.SA_FLAGS, fl, "SA_???")}`;
  if (fl & 0x04000000) s += `, sa_restorer=${hex(restorer)}`;
  return s + "}";
}

// ---------------------------------------------------------------------------------------
// Argument decoders (strace's SYS_FUNC bodies, as data)

const fd: Arg = { f: (_c, v) => sval(v) };
const int: Arg = { f: (_c, v) => sval(v) };
const uint: Arg = { f: (_c, v) => uval(v) };
const ptr: Arg = { f: (_c, v) => addr(v) };
const path: Arg = { f: (c, v) => printpath(c, v) };
const xv = (t: Xlat, unknown: string): Arg => ({ f: (_c, v) => xval(t, v, unknown) });
const fl = (t: Xlat, unknown: string): Arg => ({ f: (_c, v) => flags(t, v, unknown) });
const family = xv(X.ADDRFAMS, "AF_???");
const socktype: Arg = { f: (_c, v) => sockType(v) };
const msgflags = fl(X.MSG_FLAGS, "MSG_???");
/** a buffer the process passes in: len bytes from argument lenArg */
const inbuf = (lenArg: number): Arg => ({ f: (c, v) => printstrn(c, v, c.a[lenArg]) });
/** a buffer the kernel fills: the return value says how much (pointer on error) */
const outbuf = (lenArg: number): Arg => ({
  out: true,
  f: (c, v) => (c.ret < 0 ? addr(v) : printstrn(c, v, Math.min(c.ret >>> 0, c.a[lenArg] >>> 0))),
});
const addrIn = (lenArg: number): Arg => ({ f: (c, v) => sockaddr(c, v, c.a[lenArg]) });

/** accept/getsockname/getpeername: address and `[ulen => rlen]` at exit (decode_sockname) */
const sockname = {
  enter(c: Call) {
    const ulen = c.a[1] && c.a[2] ? i32(c, c.a[2]) : null;
    if (ulen !== null) c.priv.ulen = ulen;
  },
  split: (c: Call) => ("ulen" in c.priv ? 1 : 3),
  addr: {
    out: true,
    f: (c: Call, v: number) => {
      if (!("ulen" in c.priv)) return addr(v);
      const rlen = i32(c, c.a[2]);
      if (c.ret < 0 || rlen === null) return addr(v);
      return sockaddr(c, v, Math.min(c.priv.ulen, rlen));
    },
  } as Arg,
  len: {
    out: true,
    f: (c: Call, v: number) => {
      if (!("ulen" in c.priv)) return addr(v);
      const ulen = c.priv.ulen, rlen = i32(c, c.a[2]);
      if (c.ret < 0 || rlen === null) return `[${ulen}]`;
      return ulen !== rlen ? `[${ulen} => ${rlen}]` : `[${rlen}]`;
    },
  } as Arg,
};

const socknameSpec = (extra: Arg[] = []): Spec => ({
  args: [fd, sockname.addr, sockname.len, ...extra], enter: sockname.enter, split: sockname.split,
});

function sockoptName(level: number, name: number): string {
  switch (level) {
    case 1: return xval(X.SOCK_OPTIONS, name, "SO_???");
    case 0: return xval(X.IP_OPTIONS, name, "IP_???");
    case 6: return xval(X.TCP_OPTIONS, name, "TCP_???");
    default: return uval(name);
  }
}
const sockoptArgs: Arg[] = [
  fd,
  xv(X.SOCKETLAYERS, "SOL_??"),
  { f: (c, v) => sockoptName(c.a[1], v) },
];

function getsockoptVal(c: Call, p: number, ulen: number, rlen: number): string {
  if (ulen <= 0 || rlen <= 0) return addr(p);
  if (p === 0) return "NULL";
  const level = c.a[1], name = c.a[2];
  if (level === 1) {
    if (name === 13) { // SO_LINGER
      if (!mem(c, p, 8)) return hex(p);
      return `{l_onoff=${c.p.dv.getInt32(p, true)}, l_linger=${c.p.dv.getInt32(p + 4, true)}}`;
    }
    if (name === 17) { // SO_PEERCRED: the fields that fit in rlen
      const n = Math.min(rlen, 12);
      if (!mem(c, p, n)) return hex(p);
      const f = ["pid", "uid", "gid"].slice(0, Math.floor(n / 4)).map((k, j) => `${k}=${c.p.dv.getInt32(p + 4 * j, true)}`);
      return `{${f.join(", ")}}`;
    }
    if (name === 4) { // SO_ERROR
      const e = i32(c, p);
      if (e === null) return hex(p);
      return `[${e === 0 ? 0 : ERRNOS[e]?.[0] || e}]`;
    }
  }
  if (rlen === 4) return printnum(c, p);
  return printstrn(c, p, rlen);
}

function setsockoptVal(c: Call, p: number, len: number): string {
  if (p === 0) return "NULL";
  if (c.a[1] === 1 && c.a[2] === 13) {
    if (len < 8 || !mem(c, p, 8)) return hex(p);
    return `{l_onoff=${c.p.dv.getInt32(p, true)}, l_linger=${c.p.dv.getInt32(p + 4, true)}}`;
  }
  if (len < 0) return hex(p);
  // strace 6: SOL_SOCKET integer options print [int] when at least an int is given
  if (c.a[1] === 1 && SOCK_INT_OPTIONS.has(c.a[2])) return len < 4 ? hex(p) : printnum(c, p);
  if (len === 4) return printnum(c, p);
  return printstrn(c, p, len);
}

/** SOL_SOCKET options whose value is an int */
const SOCK_INT_OPTIONS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 18, 19, 30, 32, 33, 34, 36, 38, 39, 40, 41, 42, 43, 44, 46, 47, 49]);

function pollfds(c: Call, p: number, n: number, exiting: boolean): string {
  if (!exiting) {
    return array(c, p, n, 8, (at) => {
      const f = c.p.dv.getInt32(at, true), ev = c.p.dv.getUint16(at + 4, true);
      return f < 0 ? `{fd=${f}}` : `{fd=${f}, events=${flags(X.POLL_EVENTS, ev, "POLL???")}}`;
    });
  }
  const out: string[] = [];
  if (!mem(c, p, n * 8)) return hex(p);
  for (let i = 0; i < n; i++) {
    const at = p + i * 8;
    const f = c.p.dv.getInt32(at, true), rev = c.p.dv.getUint16(at + 6, true);
    if (f < 0 || rev === 0) continue;
    out.push(`{fd=${f}, revents=${flags(X.POLL_EVENTS, rev, "POLL???")}}`);
  }
  return `[${out.join(", ")}]`;
}

function epollEvent(c: Call, at: number): string {
  // struct epoll_event is packed on i386: u32 events; u64 data
  const ev = c.p.dv.getUint32(at, true);
  const lo = c.p.dv.getUint32(at + 4, true), data = c.p.dv.getBigUint64(at + 4, true);
  return `{events=${flags(X.EPOLL_EVENTS, ev, "EPOLL???")}, data={u32=${lo}, u64=${data}}}`;
}

/** ioctl's third argument, by request (strace's sock_ioctl/term_ioctl defaults) */
const IOCTL_ARG: Record<number, "in" | "out" | "none"> = {
  0x5421: "in", 0x5452: "in", 0x541b: "out", 0x5411: "out", 0x8905: "out",
  0x5450: "none", 0x5451: "none",
};

/** an unknown ioctl request, split as _IOC(dir, type, nr, size) */
function ioc(v: number): string {
  const dir = ["_IOC_NONE", "_IOC_WRITE", "_IOC_READ", "_IOC_READ|_IOC_WRITE"][v >>> 30];
  return `_IOC(${dir}, ${hex((v >>> 8) & 0xff)}, ${hex(v & 0xff)}, ${hex((v >>> 16) & 0x3fff)})`;
}

/** struct mmsghdr[n] (msghdr + u32 msg_len); msg_len shown for the first `done` */
function mmsgvec(c: Call, p: number, n: number, done: number, recv: boolean): string {
  return array(c, p, n, 32, (at, i) => {
    const len = c.p.dv.getUint32(at + 28, true);
    const hdr = msghdr(c, at, recv ? len : -1);
    return i < done ? `{msg_hdr=${hdr}, msg_len=${len}}` : `{msg_hdr=${hdr}}`;
  });
}

const mmsgTimeout = (bits: 32 | 64): Arg => ({ out: true, f: (c) => c.priv.timeoutText as unknown as string });

const recvmmsgSpec = (bits: 32 | 64): Spec => ({
  enter(c) { (c.priv as any).timeoutText = timespec(c, c.a[4], bits); },
  args: [fd, {
    out: true,
    f: (c, v) => (c.ret < 0 ? addr(v) : mmsgvec(c, v, c.ret, c.ret, true)),
  }, { out: true, f: (_c, v) => uval(v) }, { out: true, f: (_c, v) => flags(X.MSG_FLAGS, v, "MSG_???") }, mmsgTimeout(bits)],
  ret(c) {
    if (c.ret === 0) return "0 (Timeout)";
    const t = c.a[4] && mem(c, c.a[4], bits / 4) ? ` (left ${timespec(c, c.a[4], bits)})` : "";
    return `${c.ret}${t}`;
  },
});

const timeoutMs: Arg = { f: (_c, v) => sval(v) };

/** the specs, by syscall name; socketcall subcalls use the same names as the direct calls */
const SPECS: Record<string, Spec> = {
  // --- sockets
  socket: {
    args: [family, socktype, {
      f: (c, v) => (c.a[0] === 2 || c.a[0] === 10 ? xval(X.INET_PROTOCOLS, v, "IPPROTO_???") : uval(v)),
    }],
  },
  socketpair: {
    args: [family, socktype, uint, {
      out: true,
      f: (c, v) => {
        if (c.ret < 0 || v === 0) return addr(v);
        const b = mem(c, v, 8);
        return b ? `[${c.p.dv.getInt32(v, true)}, ${c.p.dv.getInt32(v + 4, true)}]` : hex(v);
      },
    }],
  },
  bind: { args: [fd, addrIn(2), int] },
  connect: { args: [fd, addrIn(2), int] },
  listen: { args: [fd, int] },
  accept: socknameSpec(),
  accept4: {
    ...socknameSpec([{ out: true, f: (_c, v) => flags(X.SOCK_TYPE_FLAGS, v, "SOCK_???") }]),
    // the flags print after the address, so at exit when the address does
  },
  getsockname: socknameSpec(),
  getpeername: socknameSpec(),
  send: { args: [fd, inbuf(2), uint, msgflags] },
  sendto: { args: [fd, inbuf(2), uint, msgflags, addrIn(5), int] },
  recv: { args: [fd, outbuf(2), { out: true, f: (_c, v) => uval(v) }, { out: true, f: (_c, v) => flags(X.MSG_FLAGS, v, "MSG_???") }] },
  recvfrom: {
    enter(c) {
      const ulen = c.a[4] && c.a[5] ? i32(c, c.a[5]) : null;
      if (ulen !== null) c.priv.ulen = ulen;
    },
    args: [fd, outbuf(2), { out: true, f: (_c, v) => uval(v) }, { out: true, f: (_c, v) => flags(X.MSG_FLAGS, v, "MSG_???") },
      {
        out: true,
        f: (c, v) => {
          const rlen = c.a[4] && c.a[5] ? i32(c, c.a[5]) : null;
          if (rlen === null || c.ret < 0) return addr(v);
          return sockaddr(c, v, Math.min(c.priv.ulen ?? rlen, rlen));
        },
      },
      {
        out: true,
        f: (c, v) => {
          const rlen = c.a[4] && c.a[5] ? i32(c, c.a[5]) : null;
          if (rlen === null) return addr(v);
          const ulen = c.priv.ulen ?? rlen;
          if (c.ret < 0) return `[${ulen}]`;
          return ulen !== rlen ? `[${ulen} => ${rlen}]` : `[${rlen}]`;
        },
      }],
  },
  shutdown: { args: [fd, xv(X.SHUTDOWN_MODES, "SHUT_???")] },
  setsockopt: {
    args: [...sockoptArgs, { f: (c, v) => setsockoptVal(c, v, c.a[4] | 0) }, int],
  },
  getsockopt: {
    enter(c) {
      const ulen = c.a[4] ? i32(c, c.a[4]) : null;
      if (ulen !== null) c.priv.ulen = ulen;
    },
    split: (c) => ("ulen" in c.priv ? 3 : 5),
    args: [...sockoptArgs,
      {
        out: true,
        f: (c, v) => {
          if (!("ulen" in c.priv)) return addr(v);
          const rlen = i32(c, c.a[4]);
          if (c.ret < 0 || rlen === null) return addr(v);
          return getsockoptVal(c, v, c.priv.ulen, rlen);
        },
      },
      {
        out: true,
        f: (c, v) => {
          if (!("ulen" in c.priv)) return addr(v);
          const ulen = c.priv.ulen, rlen = i32(c, c.a[4]);
          if (c.ret < 0 || rlen === null) return `[${ulen}]`;
          return ulen !== rlen ? `[${ulen} => ${rlen}]` : `[${rlen}]`;
        },
      }],
  },
  sendmsg: { args: [fd, { f: (c, v) => msghdr(c, v, -1) }, msgflags] },
  recvmsg: {
    enter(c) {
      const nl = c.a[1] ? i32(c, c.a[1] + 4) : null;
      if (nl !== null) c.priv.namelen = nl;
    },
    args: [fd, {
      out: true,
      f: (c, v) => {
        if (v === 0 || !("namelen" in c.priv)) return addr(v);
        if (c.ret < 0) return `{msg_namelen=${c.priv.namelen}}`;
        return msghdr(c, v, c.ret, c.priv.namelen);
      },
    }, { out: true, f: (_c, v) => flags(X.MSG_FLAGS, v, "MSG_???") }],
  },
  sendmmsg: {
    args: [fd, {
      out: true,
      f: (c, v) => mmsgvec(c, v, c.a[2], c.ret < 0 ? 0 : c.ret, false),
    }, { out: true, f: (_c, v) => uval(v) }, { out: true, f: (_c, v) => flags(X.MSG_FLAGS, v, "MSG_???") }],
  },
  recvmmsg: recvmmsgSpec(32),
  recvmmsg_time64: recvmmsgSpec(64),

  // --- file descriptors
  read: { args: [fd, outbuf(2), { out: true, f: (_c, v) => uval(v) }] },
  write: { args: [fd, inbuf(2), uint] },
  readv: {
    args: [fd, { out: true, f: (c, v) => iovec(c, v, c.a[2], c.ret < 0 ? null : c.ret) }, { out: true, f: (_c, v) => sval(v) }],
  },
  writev: { args: [fd, { f: (c, v) => iovec(c, v, c.a[2], -1) }, int] },
  close: { args: [fd] },
  dup: { args: [fd] },
  dup2: { args: [fd, fd] },
  dup3: { args: [fd, fd, fl(X.OPEN_FLAGS, "O_???")] },
  unlink: { args: [path] },
  fcntl64: {
    args: [fd, xv(X.FCNTL_CMDS, "F_???"), {
      f: (c, v) => {
        switch (c.a[1]) {
          case 0: case 1030: return sval(v);
          case 2: return flags(X.FD_FLAGS, v, "FD_???");
          case 4: return openFlags(v);
          case 1: case 3: case 9: case 11: case 1025: case 1032: return "";
          default: return hex(v);
        }
      },
    }],
    ret(c) {
      if (c.a[1] === 3) return `${hex(c.ret)} (flags ${openFlags(c.ret)})`;
      if (c.a[1] === 1) return c.ret ? `${hex(c.ret)} (flags ${flags(X.FD_FLAGS, c.ret, "FD_???")})` : "0";
      return sval(c.ret);
    },
  },
  ioctl: {
    args: [fd, { f: (_c, v) => X.xlookup(X.IOCTLS, v) ?? ioc(v) }, {
      f: (c, v) => {
        const kind = IOCTL_ARG[c.a[1]];
        if (kind === "in") return printnum(c, v);
        if (kind === "out") return c.exiting ? (c.ret < 0 ? addr(v) : printnum(c, v)) : "";
        return hex(v);
      },
    }],
    split: (c) => (IOCTL_ARG[c.a[1]] === "out" ? 2 : 3),
  },
  poll: {
    args: [{ f: (c, v) => pollfds(c, v, c.a[1], false) }, uint, timeoutMs],
    ret(c) {
      if (c.ret === 0) return "0 (Timeout)";
      return `${c.ret} (${pollfds(c, c.a[0], c.a[1], true)})`;
    },
  },
  ppoll: {
    enter(c) { c.priv.timeout = c.a[2]; },
    args: [{ f: (c, v) => pollfds(c, v, c.a[1], false) }, uint, { f: (c, v) => timespec(c, v, 32) },
      { f: (c, v) => sigset(c, v, c.a[4]) }, uint],
    ret(c) {
      const left = c.a[2] ? `, left ${timespec(c, c.a[2], 32)}` : "";
      if (c.ret === 0) return `0 (Timeout)`;
      return `${c.ret} (${pollfds(c, c.a[0], c.a[1], true)}${left})`;
    },
  },
  _newselect: {
    args: [int, { f: (c, v) => fdset(c, v, c.a[0] | 0) }, { f: (c, v) => fdset(c, v, c.a[0] | 0) },
      { f: (c, v) => fdset(c, v, c.a[0] | 0) }, { f: (c, v) => timeval(c, v) }],
    ret(c) {
      if (c.ret === 0) return "0 (Timeout)";
      const n = c.a[0] | 0, parts: string[] = [];
      const names = ["in", "out", "except"];
      for (let k = 0; k < 3; k++) {
        const s = c.a[1 + k] ? fdset(c, c.a[1 + k], n) : "[]";
        if (s !== "[]") parts.push(`${names[k]} ${s}`);
      }
      if (c.a[4]) parts.push(`left ${timeval(c, c.a[4])}`);
      return `${c.ret} (${parts.join(", ")})`;
    },
  },
  epoll_create: { args: [int] },
  epoll_create1: { args: [fl(X.EPOLL_CREATE_FLAGS, "EPOLL_???")] },
  epoll_ctl: {
    args: [fd, xv(X.EPOLL_CTL_OPS, "EPOLL_CTL_???"), fd, {
      f: (c, v) => (v === 0 ? "NULL" : mem(c, v, 12) ? epollEvent(c, v) : hex(v)),
    }],
  },
  epoll_wait: {
    args: [fd, {
      out: true,
      f: (c, v) => (c.ret < 0 ? addr(v) : array(c, v, c.ret, 12, (at) => epollEvent(c, at))),
    }, { out: true, f: (_c, v) => sval(v) }, { out: true, f: (_c, v) => sval(v) }],
  },
  epoll_pwait: {
    args: [fd, {
      out: true,
      f: (c, v) => (c.ret < 0 ? addr(v) : array(c, v, c.ret, 12, (at) => epollEvent(c, at))),
    }, { out: true, f: (_c, v) => sval(v) }, { out: true, f: (_c, v) => sval(v) },
    { out: true, f: (c, v) => sigset(c, v, c.a[4]) }, { out: true, f: (_c, v) => uval(v) }],
  },

  // --- time, signals, processes
  nanosleep: {
    args: [{ f: (c, v) => timespec(c, v, 32) }, {
      out: true, f: (c, v) => (c.ret < 0 && v ? timespec(c, v, 32) : addr(v)),
    }],
  },
  clock_nanosleep: {
    args: [xv(X.CLOCKS, "CLOCK_???"), fl(X.TIMER_FLAGS, "TIMER_???"), { f: (c, v) => timespec(c, v, 32) }, {
      out: true, f: (c, v) => (c.ret < 0 && v ? timespec(c, v, 32) : addr(v)),
    }],
  },
  clock_nanosleep_time64: {
    args: [xv(X.CLOCKS, "CLOCK_???"), fl(X.TIMER_FLAGS, "TIMER_???"), { f: (c, v) => timespec(c, v, 64) }, {
      out: true, f: (c, v) => (c.ret < 0 && v ? timespec(c, v, 64) : addr(v)),
    }],
  },
  clock_gettime: { args: [xv(X.CLOCKS, "CLOCK_???"), { out: true, f: (c, v) => (c.ret < 0 ? addr(v) : timespec(c, v, 32)) }] },
  clock_gettime64: { args: [xv(X.CLOCKS, "CLOCK_???"), { out: true, f: (c, v) => (c.ret < 0 ? addr(v) : timespec(c, v, 64)) }] },
  rt_sigaction: {
    args: [{ f: (_c, v) => signame(v) }, { f: (c, v) => sigaction(c, v) },
      { out: true, f: (c, v) => (c.ret < 0 ? addr(v) : sigaction(c, v)) }, uint],
  },
  rt_sigprocmask: {
    args: [xv(X.SIGPROCMASK_HOW, "SIG_???"), { f: (c, v) => sigset(c, v, c.a[3]) },
      { out: true, f: (c, v) => (c.ret < 0 ? addr(v) : sigset(c, v, c.a[3])) }, uint],
  },
  kill: { args: [int, { f: (_c, v) => signame(v) }] },
  tgkill: { args: [int, int, { f: (_c, v) => signame(v) }] },
  getrandom: {
    args: [{ out: true, f: (c, v) => (c.ret < 0 ? addr(v) : printstrn(c, v, c.ret, true)) },
      { out: true, f: (_c, v) => uval(v) }, { out: true, f: (_c, v) => flags(X.GRND_FLAGS, v, "GRND_???") }],
  },
  exit_group: { args: [int], noreturn: true },
  exit: { args: [int], noreturn: true },
  getpid: { args: [] }, getppid: { args: [] }, gettid: { args: [] },
  getuid32: { args: [] }, getgid32: { args: [] }, geteuid32: { args: [] }, getegid32: { args: [] },
  getuid: { args: [] }, getgid: { args: [] }, sched_yield: { args: [] }, pause: { args: [] },
};


/** undecoded syscalls: the raw arguments in hex, as many as strace's table says */
const RAW = (n: number): Spec => ({ args: Array.from({ length: n }, () => ({ f: (_c: Call, v: number) => hex(v) })) });
const NARGS: Record<string, number> = {
  brk: 1, getrandom: 3, mmap2: 6, munmap: 2, mprotect: 3, uname: 1, rt_sigreturn: 0, sigreturn: 0,
  set_thread_area: 1, set_tid_address: 1, gettid: 0, recvmmsg: 5, recvmmsg_time64: 5,
};

// ---------------------------------------------------------------------------------------
// The tracer

export interface StraceOptions {
  /** where finished lines go (one call per line, newline included) */
  write: (text: string) => void;
  /** strace -o FILE -f style: every line starts with the pid; else `[pid N] ` with several processes */
  pidColumn?: boolean;
  /** how many processes the run starts (for the `[pid N] ` prefix) */
  nprocs?: number;
  /** -s: string and array limit (default 32) */
  strsize?: number;
}

interface Pending {
  call: Call;
  /** the entry text was printed and cut by another process's line */
  interrupted: boolean;
}

export class Strace implements Tracer {
  private pending = new Map<number, Pending>();
  /** the process whose line is open (entry printed, waiting for exit) */
  private open: Process | null = null;
  private openText = "";
  private live: number;
  /** processes that issued exit/exit_group (their line is already printed) */
  private exited = new Set<number>();
  private readonly strsize: number;

  constructor(private opts: StraceOptions) {
    this.live = opts.nprocs ?? 1;
    this.strsize = opts.strsize ?? 32;
  }

  private prefix(p: Process): string {
    if (this.opts.pidColumn) return String(p.pid).padEnd(5) + " ";
    return this.live > 1 ? `[pid ${String(p.pid).padStart(5)}] ` : "";
  }

  /** End an open line of another process with ` <unfinished ...>`. */
  private cut() {
    const p = this.open;
    if (!p) return;
    this.opts.write(this.openText + " <unfinished ...>\n");
    const pend = this.pending.get(p.pid);
    if (pend) pend.interrupted = true;
    this.open = null;
    this.openText = "";
  }

  private line(text: string) {
    this.opts.write(text + "\n");
  }

  enter(p: Process, nr: number, regs: number[]) {
    this.cut();
    const call = this.decodeEntry(p, nr, regs);
    this.pending.set(p.pid, { call, interrupted: false });
    this.open = p;
    this.openText = this.prefix(p) + this.entryText(call);
  }

  exit(p: Process, _nr: number, _regs: number[], ret: number, blocked: boolean) {
    if (blocked) return; // asleep in the kernel; the line stays open until someone else prints
    const pend = this.pending.get(p.pid);
    if (!pend) return;
    this.pending.delete(p.pid);
    const c = pend.call;
    c.ret = ret;
    c.exiting = true;
    let head: string;
    if (this.open === p) {
      head = this.openText;
      this.open = null;
      this.openText = "";
    } else {
      this.cut();
      head = `${this.prefix(p)}<... ${c.name} resumed>`;
    }
    this.line(align(head + this.exitText(c)) + " = " + this.result(c));
    if (c.spec.noreturn) this.exited.add(p.pid);
    if (p.pendingSignal) {
      const s = signame(p.pendingSignal);
      this.line(`${this.prefix(p)}--- ${s} {si_signo=${s}, si_code=SI_USER, si_pid=${p.pid}, si_uid=0} ---`);
    }
  }

  exitProcess(p: Process, status: number, signal: number) {
    const pend = this.pending.get(p.pid);
    if (this.open === p) {
      // killed inside a call (exit_group prints `= ?`; anything else stays unfinished)
      if (pend?.call.spec.noreturn) this.line(align(this.openText + ")") + " = ?");
      else this.line(this.openText + " <unfinished ...>");
      this.open = null;
      this.openText = "";
    } else {
      this.cut();
      if (pend?.call.spec.noreturn) this.line(align(`${this.prefix(p)}<... ${pend.call.name} resumed>)`) + " = ?");
    }
    this.pending.delete(p.pid);
    this.exited.delete(p.pid);
    this.line(`${this.prefix(p)}+++ ${signal ? `killed by ${signame(signal)}` : `exited with ${status}`} +++`);
    this.live--;
  }

  // --- formatting

  private decodeEntry(p: Process, nr: number, regs: number[]): Call {
    const a = regs.map((v) => v >>> 0);
    let name = SYSCALL_NAMES.get(nr) ?? `syscall_${hex(nr)}`;
    let spec: Spec | undefined;
    const c: Call = { p, nr, name, spec: undefined as unknown as Spec, a, ret: 0, exiting: false, priv: {}, strsize: this.strsize };
    if (name === "socketcall") {
      const call = a[0] | 0;
      const n = SOCKETCALL_NARGS[call];
      const words = call >= 1 && call <= 20 ? mem(c, a[1], n * 4) : null;
      if (words) {
        name = SOCKETCALL_NAMES[call];
        c.a = Array.from({ length: n }, (_, i) => p.dv.getUint32(a[1] + 4 * i, true));
        spec = SPECS[name] ?? RAW(n);
      } else {
        spec = {
          args: [{ f: (_c, v) => (v >= 1 && v <= 20 ? X.xlookup(X.SOCKETCALLS, v)! : sval(v)) }, ptr],
        };
      }
    }
    spec ??= SPECS[name] ?? RAW(NARGS[name] ?? 6);
    c.name = name;
    c.spec = spec;
    spec.enter?.(c);
    return c;
  }

  private splitAt(c: Call): number {
    const s = c.spec;
    if (s.split) return s.split(c);
    const i = s.args.findIndex((arg) => arg.out);
    return i < 0 ? s.args.length : i;
  }

  private entryText(c: Call): string {
    const n = c.spec.args.length;
    const split = this.splitAt(c);
    c.priv.__split = split;
    const parts: string[] = [];
    for (let i = 0; i < split && i < n; i++) parts.push(c.spec.args[i].f(c, c.a[i], i));
    let s = `${c.name}(${joinArgs(parts)}`;
    if (split < n) s += parts.length ? ", " : "";
    return s;
  }

  private exitText(c: Call): string {
    const n = c.spec.args.length;
    const parts: string[] = [];
    for (let i = c.priv.__split; i < n; i++) parts.push(c.spec.args[i].f(c, c.a[i], i));
    return joinArgs(parts) + ")";
  }

  private result(c: Call): string {
    if (c.spec.noreturn) return "?";
    const r = c.ret | 0;
    if (r < 0 && r > -4096) return `-1 ${errname(-r)}`;
    return c.spec.ret ? c.spec.ret(c) : String(r);
  }
}

/** strace leaves an argument out entirely when its decoder prints nothing (fcntl F_GETFL) */
function joinArgs(parts: string[]): string {
  while (parts.length && parts[parts.length - 1] === "") parts.pop();
  return parts.join(", ");
}

/** strace's tabto(): results start at column 40 */
function align(s: string): string {
  return s.length < 39 ? s.padEnd(39) : s;
}
