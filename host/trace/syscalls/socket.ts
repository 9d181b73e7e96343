// strace specs: the socket calls (socketcall subcalls and the direct i386 socket syscalls: same names).
// One entry per syscall name: its argument decoders (host/trace/decode.ts), `out` for what
// the kernel fills in (printed at exit), and optional enter/split/ret hooks.
import type { Arg, Call, Spec } from "../decode.js";
import {
  addr, addrIn, array, family, fd, flags, hex, i32, inbuf, int, mem, msgflags, msghdr, outbuf,
  printnum, printstrn, sockaddr, socktype, timespec, uint, uval, xv, xval,
} from "../decode.js";
import { ERRNOS } from "../errnos.js";
import * as X from "../xlat.js";

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
    case 17: return xval(X.UDP_OPTIONS, name, "UDP_???");
    case 41: return xval(X.IPV6_OPTIONS, name, "IPV6_???");
    case 255: return xval(X.RAW_OPTIONS, name, "RAW_???");
    default: return uval(name);
  }
}
const sockoptArgs: Arg[] = [
  fd,
  xv(X.SOCKETLAYERS, "SOL_??"),
  { f: (c, v) => sockoptName(c.a[1], v) },
];

/**
 * print_icmp_filter(): the ICMP types an ICMP_FILTER blocks, as a bit set ("[ICMP_ECHO]");
 * more than half the bits set prints the complement ("~[...]"). strace reads the whole
 * 32-bit filter whatever the length given.
 */
function icmpFilter(c: Call, p: number): string {
  const v = i32(c, p);
  if (v === null) return hex(p);
  let bits = v >>> 0, pre = "";
  let n = 0;
  for (let b = 0; b < 32; b++) if ((bits >>> b) & 1) n++;
  if (n > 16) { bits = ~bits >>> 0; pre = "~"; }
  const names: string[] = [];
  for (let b = 0; b < 32; b++) if ((bits >>> b) & 1) names.push(xval(X.ICMP_FILTER_TYPES, b, "ICMP_???"));
  return `${pre}[${names.join(" ")}]`;
}

function getsockoptVal(c: Call, p: number, ulen: number, rlen: number): string {
  if (ulen <= 0 || rlen <= 0) return addr(p);
  if (p === 0) return "NULL";
  const level = c.a[1], name = c.a[2];
  if (level === 255 && name === 1) return icmpFilter(c, p);
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
  if (c.a[1] === 255 && c.a[2] === 1) return len <= 0 ? hex(p) : icmpFilter(c, p);
  // strace 6: SOL_SOCKET integer options print [int] when at least an int is given
  if (c.a[1] === 1 && SOCK_INT_OPTIONS.has(c.a[2])) return len < 4 ? hex(p) : printnum(c, p);
  if (len === 4) return printnum(c, p);
  return printstrn(c, p, len);
}

/** SOL_SOCKET options whose value is an int */
const SOCK_INT_OPTIONS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 18, 19, 30, 32, 33, 34, 36, 38, 39, 40, 41, 42, 43, 44, 46, 47, 49]);

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

export const SOCKET_SPECS: Record<string, Spec> = {
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
};
