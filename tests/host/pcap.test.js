// --pcap: every packet on the loopback wire, readable by tshark with no malformed packet
// and no bad checksum; a TCP exchange shows the handshake, the data and the FINs.
//
// TCP and UDP checksums on lo are what Linux puts there: lo offers checksum offload
// (NETIF_F_HW_CSUM), so a segment leaves CHECKSUM_PARTIAL with only the pseudo-header sum
// in its check field, and nothing completes it (a capture of Linux's lo shows tshark's
// "TCP CHECKSUM INCORRECT" on every segment, e.g. 0xfe30 for a 40-byte IPv4 SYN). The
// exception is IPv4's reset without a socket (tcp_v4_send_reset -> ip_send_unicast_reply),
// whose checksum is computed in software. IP header, ICMP and ICMPv6 checksums are whole.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../../dist/host/node/run.js";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "programs");
const haveTshark = spawnSync("tshark", ["-v"]).status === 0;

const tshark = (file, ...args) => {
  // (tshark always verifies ICMP and ICMPv6 checksums)
  const r = spawnSync("tshark", ["-r", file, "-o", "ip.check_checksum:TRUE", ...args], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

/** One's complement sum of 16-bit big-endian words (RFC 1071), unfolded. */
function sum16(b, off, len, sum = 0) {
  for (let i = 0; i + 1 < len; i += 2) sum += (b[off + i] << 8) | b[off + i + 1];
  if (len & 1) sum += b[off + len - 1] << 8;
  return sum;
}
const fold = (s) => { while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000); return s; };

/**
 * Every TCP and UDP packet of a LINKTYPE_RAW capture (not those quoted inside ICMP errors):
 * its check field, the folded pseudo-header sum (what CHECKSUM_PARTIAL leaves there) and
 * whether the complete checksum verifies.
 */
function transportChecksums(file) {
  const b = fs.readFileSync(file);
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  assert.equal(dv.getUint32(0, true), 0xa1b2c3d4);
  assert.equal(dv.getUint32(20, true), 101, "LINKTYPE_RAW");
  const out = [];
  for (let at = 24; at + 16 <= b.length;) {
    const incl = dv.getUint32(at + 8, true);
    const p = at + 16;
    at = p + incl;
    const v = b[p] >> 4;
    let proto, l4, len, pseudo;
    if (v === 4) {
      const ihl = (b[p] & 15) * 4;
      proto = b[p + 9];
      l4 = p + ihl;
      len = dv.getUint16(p + 2) - ihl;
      pseudo = sum16(b, p + 12, 8) + proto + len;
    } else if (v === 6) {
      proto = b[p + 6];
      l4 = p + 40;
      len = dv.getUint16(p + 4);
      pseudo = sum16(b, p + 8, 32) + proto + (len >>> 16) + (len & 0xffff);
    } else continue;
    if (proto !== 6 && proto !== 17) continue;
    const off = proto === 6 ? 16 : 6;
    out.push({
      family: v, proto, check: dv.getUint16(l4 + off), pseudo: fold(pseudo),
      complete: fold(pseudo + sum16(b, l4, len)) === 0xffff,
      rst: proto === 6 && (b[l4 + 13] & 4) !== 0,
    });
  }
  return out;
}

/** Linux's lo: the check field holds the pseudo-header sum, except in an IPv4 reset (complete). */
function assertLoChecksums(file) {
  const pkts = transportChecksums(file);
  assert.ok(pkts.length > 0);
  for (const k of pkts) {
    if (k.family === 4 && k.rst) assert.ok(k.complete, "an IPv4 RST without a socket has its whole checksum");
    else assert.equal(k.check, k.pseudo, `${k.proto === 6 ? "TCP" : "UDP"}/IPv${k.family}: the pseudo-header sum, as Linux leaves it on lo`);
  }
  return pkts;
}

test("a TCP exchange captured with --pcap reads cleanly in tshark", { skip: !haveTshark && "tshark not installed" }, async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "int80-pcap-")), "tcp.pcap");
  const r = await run([{ path: path.join(dir, "tcp_hello.c") }], { capture: true, pcap: file });
  assert.equal(r.captured.text(), "10 bytes\n");
  const bad = tshark(file, "-Y", "_ws.malformed || ip.checksum.status == 0");
  assert.equal(bad, "", "no malformed packets, no bad IP checksums");
  assertLoChecksums(file);
  const flags = tshark(file, "-T", "fields", "-e", "tcp.flags.str", "-e", "tcp.len").trim().split("\n")
    .map((l) => l.replace(/\u00b7/g, ".").trim());
  // the handshake, data each way, and a FIN each way with their ACKs
  assert.match(flags[0], /^\.+S\.\t0$/, "SYN");
  assert.match(flags[1], /^\.+A\.\.S\.\t0$/, "SYN, ACK");
  assert.match(flags[2], /^\.+A\.\.\.\.\t0$/, "ACK");
  assert.ok(flags.some((f) => /\t5$/.test(f) && /A/.test(f)), "data segments");
  assert.equal(flags.filter((f) => /F\t/.test(f)).length, 2, "one FIN from each side");
});

test("UDP datagrams and ICMP port unreachable are well formed", { skip: !haveTshark && "tshark not installed" }, async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "int80-pcap-")), "udp.pcap");
  await run([{ path: path.join(dir, "..", "..", "c", "inet_udp.c") }], { capture: true, pcap: file });
  const bad = tshark(file, "-Y", "_ws.malformed || ip.checksum.status == 0 || icmp.checksum.status == 0");
  assert.equal(bad, "");
  assert.ok(assertLoChecksums(file).some((k) => k.proto === 17), "UDP datagrams");
  assert.match(tshark(file), /Destination unreachable \(Port unreachable\)/);
});

test("IPv6: TCP, UDP and ICMPv6 over ::1 read cleanly, checksums as Linux's lo has them", { skip: !haveTshark && "tshark not installed" }, async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "int80-pcap-")), "inet6.pcap");
  await run([{ path: path.join(dir, "..", "..", "c", "inet6.c") }], { capture: true, pcap: file });
  const bad = tshark(file, "-Y", "_ws.malformed || icmpv6.checksum.status == 0");
  assert.equal(bad, "", "no malformed packets, no bad ICMPv6 checksums");
  const rows = tshark(file, "-T", "fields", "-e", "ipv6.src", "-e", "ipv6.dst", "-e", "ipv6.nxt", "-e", "ipv6.hlim")
    .trim().split("\n");
  assert.ok(rows.length > 10);
  // (an ICMPv6 error also shows the header it quotes: "::1,::1", "58,17")
  for (const r of rows) assert.match(r, /^::1(,::1)?\t::1(,::1)?\t(6|17|58,17)\t64(,64)?$/, "every packet is IPv6 between ::1 and ::1, hop limit 64");
  // every ICMPv6 checksum was verified and found good (status 1); TCP's and UDP's hold the
  // pseudo-header sum, resets included (tcp_v6_send_response leaves them CHECKSUM_PARTIAL)
  const status = tshark(file, "-Y", "icmpv6", "-T", "fields", "-e", "icmpv6.checksum.status").trim().split("\n");
  assert.ok(status.length > 0);
  for (const st of status) assert.equal(st, "1", "ICMPv6 checksum good");
  const pkts = assertLoChecksums(file);
  assert.ok(pkts.some((k) => k.proto === 6) && pkts.some((k) => k.proto === 17));
  const text = tshark(file);
  assert.match(text, /Destination Unreachable \(Port unreachable\)/i);
  assert.match(text, /\[SYN\]/);
});

test("IPv6 dual stack: an IPv4 client of a [::] listener is IPv4 on the wire", { skip: !haveTshark && "tshark not installed" }, async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "int80-pcap-")), "dual.pcap");
  await run([{ path: path.join(dir, "..", "..", "c", "inet6_dual.c") }], { capture: true, pcap: file });
  const bad = tshark(file, "-Y", "_ws.malformed || ip.checksum.status == 0");
  assert.equal(bad, "");
  assertLoChecksums(file);
  const v = tshark(file, "-Y", "tcp.flags.syn == 1 && tcp.flags.ack == 0", "-T", "fields", "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.dstport")
    .trim().split("\n").map((l) => l.split("\t"));
  // the [::] listener on 7301 gets IPv4 SYNs: from an AF_INET client, and from an AF_INET6 one
  // connecting to ::ffff:127.0.0.1
  const to7301 = v.filter((f) => f[2] === "7301");
  assert.equal(to7301.length, 2);
  for (const f of to7301) assert.deepEqual(f.slice(0, 2), ["127.0.0.1", ""]);
  // the AF_INET listener on 7303: an IPv6 SYN to ::1 (answered with a reset), then IPv4 via ::ffff:127.0.0.1
  assert.deepEqual(v.filter((f) => f[2] === "7303").map((f) => f.slice(0, 2)), [["", "::1"], ["127.0.0.1", ""]]);
});

test("raw sockets: ping over 127.0.0.1 and ::1, every echo request answered, checksums valid", { skip: !haveTshark && "tshark not installed" }, async () => {
  for (const [name, req, rep, field] of [["raw_icmp", 8, 0, "icmp"], ["raw_icmp6", 128, 129, "icmpv6"]]) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "int80-pcap-")), `${name}.pcap`);
    await run([{ path: path.join(dir, "..", "..", "c", `${name}.c`) }], { capture: true, pcap: file });
    const bad = tshark(file, "-Y", `_ws.malformed || ip.checksum.status == 0 || ${field}.checksum.status == 0`);
    assert.equal(bad, "", `${name}: no malformed packets, no bad checksums`);
    const types = tshark(file, "-Y", field, "-T", "fields", "-e", `${field}.type`, "-e", `${field}.checksum.status`)
      .trim().split("\n").map((l) => l.split("\t"));
    const requests = types.filter(([t]) => t.split(",")[0] === String(req)).length;
    const replies = types.filter(([t]) => t.split(",")[0] === String(rep)).length;
    assert.ok(requests >= 5, `${name}: echo requests on the wire (${requests})`);
    assert.equal(replies, requests, `${name}: the kernel answered each echo request`);
    for (const [t, st] of types) assert.equal(st.split(",")[0], "1", `${name}: ${field} type ${t} checksum verified good`);
  }
});
