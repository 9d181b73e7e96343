// strace's sock_ioctl() for the interface requests (SIOCGIF*): struct ifreq and struct
// ifconf as strace prints them. i386 layouts: struct ifreq is ifr_name[16] and a 16-byte
// union (a sockaddr, short flags, int ifindex/mtu/metric...); struct ifconf is
// { int ifc_len; char *ifc_buf; }.
import type { Call } from "../decode.js";
import { addr, flags, i32, mem, quote, sockaddr, u32, xval } from "../decode.js";
import * as X from "../xlat.js";

const IFNAMSIZ = 16;
const SIZEOF_IFREQ = 32;

/** the union member each request reads or fills, as strace names it */
const IFR_FIELD: Record<number, [string, "addr" | "flags" | "int" | "hwaddr"]> = {
  0x8915: ["ifr_addr", "addr"], // SIOCGIFADDR
  0x8917: ["ifr_dstaddr", "addr"], // SIOCGIFDSTADDR
  0x8919: ["ifr_broadaddr", "addr"], // SIOCGIFBRDADDR
  0x891b: ["ifr_netmask", "addr"], // SIOCGIFNETMASK
  0x8913: ["ifr_flags", "flags"], // SIOCGIFFLAGS
  0x891d: ["ifr_metric", "int"], // SIOCGIFMETRIC
  0x8921: ["ifr_mtu", "int"], // SIOCGIFMTU
  0x8927: ["ifr_hwaddr", "hwaddr"], // SIOCGIFHWADDR
  0x8933: ["ifr_ifindex", "int"], // SIOCGIFINDEX
  0x8942: ["ifr_qlen", "int"], // SIOCGIFTXQLEN
};
export const SIOCGIFNAME = 0x8910;
export const SIOCGIFCONF = 0x8912;

/** the requests decoded here (ioctl prints their third argument at exit) */
export function isIfIoctl(req: number): boolean {
  return req === SIOCGIFNAME || req === SIOCGIFCONF || req in IFR_FIELD;
}

function ifname(c: Call, p: number): string {
  const b = mem(c, p, IFNAMSIZ);
  if (!b) return "";
  const nul = b.indexOf(0);
  return quote(nul < 0 ? b : b.subarray(0, nul));
}

function hwaddr(c: Call, p: number): string {
  const b = mem(c, p, 8);
  if (!b) return addr(p);
  const fam = b[0] | (b[1] << 8);
  const mac = Array.from(b.subarray(2, 8), (x) => x.toString(16).padStart(2, "0")).join(":");
  return `{sa_family=${xval(X.ARPHRD, fam, "ARPHRD_???")}, sa_data=${mac}}`;
}

/** one struct ifreq: the name, and after a successful call the union member */
function ifreq(c: Call, p: number, req: number, ok: boolean): string {
  if (!mem(c, p, SIZEOF_IFREQ)) return addr(p);
  if (req === SIOCGIFNAME) {
    const idx = `ifr_ifindex=${i32(c, p + IFNAMSIZ)}`;
    return ok ? `{${idx}, ifr_name=${ifname(c, p)}}` : `{${idx}}`;
  }
  const name = `ifr_name=${ifname(c, p)}`;
  if (!ok) return `{${name}}`;
  const [field, kind] = IFR_FIELD[req];
  const at = p + IFNAMSIZ;
  let v: string;
  if (kind === "addr") v = sockaddr(c, at, 16);
  else if (kind === "hwaddr") v = hwaddr(c, at);
  else if (kind === "flags") v = flags(X.IFF_FLAGS, (u32(c, at) ?? 0) & 0xffff, "IFF_???");
  else v = String(i32(c, at));
  return `{${name}, ${field}=${v}}`;
}

/** decode_ifconf(): ifc_len (entry => exit) and the entries the kernel wrote */
function ifconf(c: Call, p: number): string {
  const len = i32(c, p);
  const buf = u32(c, p + 4);
  if (len === null || buf === null) return addr(p);
  const count = (n: number) => (n > 0 && n % SIZEOF_IFREQ === 0 ? ` /* ${n / SIZEOF_IFREQ} * sizeof(struct ifreq) */` : "");
  if (buf === 0) return `{ifc_len=${len}${count(len)}, ifc_buf=NULL}`;
  const before = c.priv.ifc_len;
  const lenStr = before !== undefined && before !== len ? `${before} => ${len}` : String(len);
  const n = Math.floor(Math.max(len, 0) / SIZEOF_IFREQ);
  const entries: string[] = [];
  for (let i = 0; i < n && i < c.strsize; i++) {
    const at = buf + i * SIZEOF_IFREQ;
    entries.push(`{ifr_name=${ifname(c, at)}, ifr_addr=${sockaddr(c, at + IFNAMSIZ, 16)}}`);
  }
  if (n > c.strsize) entries.push("...");
  return `{ifc_len=${lenStr}${count(len)}, ifc_buf=[${entries.join(", ")}]}`;
}

/** ioctl's enter hook: SIOCGIFCONF's ifc_len before the kernel changes it */
export function ifIoctlEnter(c: Call): void {
  if (c.a[1] === SIOCGIFCONF) {
    const len = i32(c, c.a[2]);
    if (len !== null) c.priv.ifc_len = len;
  }
}

/** the third argument of a SIOCGIF* ioctl, printed at exit */
export function ifIoctlArg(c: Call, p: number): string {
  if (p === 0) return "NULL";
  if (c.ret < 0 && (c.ret === -14 || c.a[1] === SIOCGIFCONF)) return addr(p);
  if (c.a[1] === SIOCGIFCONF) return ifconf(c, p);
  return ifreq(c, p, c.a[1], c.ret >= 0);
}
