// strace specs: file descriptors and I/O: read/write, readv/writev, close, dup, unlink, fcntl64, ioctl.
// One entry per syscall name: its argument decoders (host/trace/decode.ts), `out` for what
// the kernel fills in (printed at exit), and optional enter/split/ret hooks.
import type { Spec } from "../decode.js";
import {
  addr, fd, fl, flags, hex, inbuf, int, iovec, openFlags, outbuf, path, printnum, sval, uint, uval,
  xv,
} from "../decode.js";
import * as X from "../xlat.js";
import { ifIoctlArg, ifIoctlEnter, isIfIoctl } from "./sock_ioctl.js";

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

export const FILE_SPECS: Record<string, Spec> = {
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
        if (isIfIoctl(c.a[1])) return c.exiting ? ifIoctlArg(c, v) : "";
        const kind = IOCTL_ARG[c.a[1]];
        if (kind === "in") return printnum(c, v);
        if (kind === "out") return c.exiting ? (c.ret < 0 ? addr(v) : printnum(c, v)) : "";
        return hex(v);
      },
    }],
    enter: ifIoctlEnter,
    split: (c) => (IOCTL_ARG[c.a[1]] === "out" || isIfIoctl(c.a[1]) ? 2 : 3),
  },
};
