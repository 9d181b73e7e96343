// strace specs: waiting for descriptors: poll, ppoll, select, epoll.
// One entry per syscall name: its argument decoders (host/trace/decode.ts), `out` for what
// the kernel fills in (printed at exit), and optional enter/split/ret hooks.
import type { Arg, Call, Spec } from "../decode.js";
import {
  addr, array, fd, fl, flags, hex, int, mem, sigset, sval, timespec, uint, uval, xv,
} from "../decode.js";
import * as X from "../xlat.js";

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

function timeval(c: Call, p: number): string {
  if (p === 0) return "NULL";
  if (!mem(c, p, 8)) return hex(p);
  return `{tv_sec=${c.p.dv.getInt32(p, true)}, tv_usec=${c.p.dv.getInt32(p + 4, true)}}`;
}

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

const timeoutMs: Arg = { f: (_c, v) => sval(v) };

export const POLL_SPECS: Record<string, Spec> = {
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
};
