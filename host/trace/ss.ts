// The socket table in the style of `ss -anp`, from the kernel's sock_diag records
// (assembly/net/core/sock_diag.ts). Used by `int80 run --ss` and the deadlock report.
import type { Machine } from "../machine.js";
import { ipv6Text } from "./decode.js";

const AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;
const TYPES: Record<number, string> = { 1: "str", 2: "dgr", 5: "seq", 3: "raw" };
const STATES: Record<number, string> = {
  1: "ESTAB", 2: "SYN-SENT", 3: "SYN-RECV", 4: "FIN-WAIT-1", 5: "FIN-WAIT-2", 6: "TIME-WAIT",
  7: "UNCONN", 8: "CLOSE-WAIT", 9: "LAST-ACK", 10: "LISTEN", 11: "CLOSING",
};

/**
 * One end as `ss -an` prints it: 127.0.0.1:80, [::1]:80; a port of 0 is "*"; an IPv6
 * socket on :: that also takes IPv4 (not V6ONLY) shows its address as "*".
 */
/** Bytes as Latin-1 text (one character per byte), as ss prints a sun_path. */
function latin1(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

function formatAddr(dv: DataView, u8: Uint8Array, off: number, len: number, family: number, v6only = true): string {
  if (family === AF_UNIX) {
    if (len <= 2) return "*";
    const path = u8.subarray(off + 2, off + len);
    if (path[0] === 0) return "@" + latin1(path.subarray(1)).replace(/\0/g, "@");
    const end = path.indexOf(0);
    return latin1(end >= 0 ? path.subarray(0, end) : path);
  }
  if (family === AF_INET) {
    if (len < 8) return "0.0.0.0:*"; // no peer: ss prints the wildcard of the family
    const port = dv.getUint16(off + 2, false);
    const ip = [...u8.subarray(off + 4, off + 8)].join(".");
    return `${ip === "0.0.0.0" ? "0.0.0.0" : ip}:${port === 0 ? "*" : port}`;
  }
  if (family === AF_INET6) {
    if (len < 24) return v6only ? "[::]:*" : "*:*";
    const port = dv.getUint16(off + 2, false);
    const addr = u8.subarray(off + 8, off + 24);
    const any = addr.every((x) => x === 0);
    return `${any && !v6only ? "*" : `[${ipv6Text(addr)}]`}:${port === 0 ? "*" : port}`;
  }
  return "?";
}

export function socketTable(machine: Machine): string {
  const k = machine.kernel;
  const buf = k.sock_diag_buf();
  const rows: string[][] = [["Netid", "State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port", "Process"]];
  const bySock = new Map<number, { cells: string[]; users: string[] }>();
  for (const p of machine.procs.values()) {
    if (p.exited) continue;
    for (let fd = 0; fd < 1024; fd++) {
      if (!k.sock_diag_fill(p.pid, fd)) continue;
      const mem = machine.kernel.memory.buffer;
      const dv = new DataView(mem, buf);
      const u8 = new Uint8Array(mem, buf);
      const family = dv.getInt32(0, true), type = dv.getInt32(4, true), state = dv.getInt32(8, true);
      const listen = state === 10;
      const inet = family === AF_INET || family === AF_INET6;
      const netid = family === AF_UNIX ? `u_${TYPES[type] ?? type}` : inet ? (type === 1 ? "tcp" : type === 3 ? "raw" : "udp") : `af${family}`;
      const v6only = dv.getInt32(52, true) !== 0;
      const rq = listen ? dv.getInt32(48, true) : dv.getInt32(16, true);
      const sq = listen ? dv.getInt32(44, true) : dv.getInt32(20, true);
      // one row per socket: a socket shared by several descriptors or processes (fork,
      // dup, SCM_RIGHTS) lists every user, as ss -p does
      const sk = dv.getUint32(32, true);
      const user = `("${p.argv[0]}",pid=${p.pid},fd=${fd})`;
      const row = bySock.get(sk);
      if (row) {
        row.users.push(user);
        continue;
      }
      const r = {
        cells: [netid, STATES[state] ?? String(state), String(rq), String(sq),
          formatAddr(dv, u8, 64, dv.getInt32(24, true), family, v6only),
          formatAddr(dv, u8, 192, dv.getInt32(28, true), family, v6only)],
        users: [user],
      };
      bySock.set(sk, r);
      rows.push(r.cells);
    }
  }
  for (const r of bySock.values()) r.cells.push(`users:(${r.users.join(",")})`);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join(" ")).join("\n") + "\n";
}
